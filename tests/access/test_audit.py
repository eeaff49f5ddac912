import io
import json

import pytest
from django.core.management import call_command
from django.db import connection

from meldpunt.access import audit, trail
from meldpunt.access.models import AuditEntry, AuditSeal
from meldpunt.access.roles import Role
from meldpunt.errors import NotAllowed
from tests.process import flow


def _entries(n, actor=None):
    return [
        audit.record("test.viewed", actor=actor, subject=("registry.report", i)) for i in range(n)
    ]


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _forge(pk, at):
    """Insert an entry straight into the table, as someone with database access could."""
    _sql(
        "INSERT INTO access_auditentry (id, at, actor_id, event, subject_type, subject_id, "
        "case_ids, person_ids, details, remote_addr, channel) "
        "VALUES (%s, %s, 5, 'test.viewed', 'registry.report', 2, '', '', '{}', NULL, '')",
        [pk, at],
    )


def test_an_entry_refuses_free_text_so_no_names_reach_the_trail(db):
    with pytest.raises(ValueError):
        audit.record("person.viewed", actor=None, note="Jan de Vries sloeg zijn vrouw")
    with pytest.raises(ValueError):
        audit.record("search.done", actor=None, query={"naam": "Jan de Vries"})
    entry = audit.record("person.viewed", actor=None, person_id=12, query={"period": "2026-03"})
    assert entry.details == {"person_id": 12, "query": {"period": "2026-03"}}


def test_registering_a_report_names_the_file_and_the_people_in_the_trail(intake, reference):
    report = flow.register(intake, people=[flow.person(), flow.person(role="suspect")])
    entry = AuditEntry.objects.get(event="report.registered")
    people = set(report.involvements.values_list("person_id", flat=True))
    assert AuditEntry.ids(entry.case_ids) == [report.case_id]
    assert set(AuditEntry.ids(entry.person_ids)) == people
    assert entry.actor_id == intake.pk


def test_entries_cannot_be_changed_or_deleted_through_the_application(db):
    entry = _entries(1)[0]
    entry.event = "test.changed"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_a_request_records_where_it_came_from(client, make_user, reference):
    manager = make_user(Role.MANAGER)
    client.force_login(manager)
    response = client.get("/api/v1/kpi/?period=2026-01", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(event="kpi.viewed")
    assert (entry.remote_addr, entry.channel) == ("10.1.2.3", "api")


def test_an_untouched_sealed_trail_verifies(db):
    _entries(7)
    seals = audit.seal(block_size=3)
    assert [s.entry_count for s in seals] == [3, 3, 1]
    result = audit.verify()
    assert result.ok, result.problems
    assert (result.seals, result.sealed_entries, result.unsealed_entries) == (3, 7, 0)


def test_sealing_again_seals_only_new_entries(db):
    _entries(2)
    audit.seal()
    _entries(2)
    assert [s.entry_count for s in audit.seal()] == [2]
    assert audit.verify().ok


def test_changing_an_entry_in_the_database_is_detected(db):
    entries = _entries(5)
    audit.seal(block_size=2)
    _sql("UPDATE access_auditentry SET actor_id = 99 WHERE id = %s", [entries[2].pk])
    result = audit.verify()
    assert not result.ok
    assert any("gewijzigd" in p for p in result.problems)


def test_removing_an_entry_is_detected(db):
    entries = _entries(5)
    audit.seal(block_size=2)
    _sql("DELETE FROM access_auditentry WHERE id = %s", [entries[1].pk])
    assert not audit.verify().ok


def test_inserting_an_entry_between_sealed_blocks_is_detected(db):
    entries = _entries(4)
    audit.seal(block_size=2)
    # a forged entry with an id inside the sealed range, as if it had always been there
    _sql(
        "DELETE FROM access_auditentry WHERE id = %s",
        [entries[2].pk],
    )
    _forge(entries[2].pk, entries[2].at)
    assert not audit.verify().ok


def test_an_entry_slipped_in_before_the_first_seal_is_detected(db):
    first = _entries(1)[0]
    _entries(3)
    _sql("DELETE FROM access_auditentry WHERE id = %s", [first.pk])
    audit.seal()
    _forge(first.pk, first.at)
    result = audit.verify()
    assert any("ingevoegd" in p for p in result.problems)


def test_changing_or_removing_a_seal_is_detected(db):
    _entries(6)
    seals = audit.seal(block_size=2)
    _sql("UPDATE access_auditseal SET mac = %s WHERE id = %s", ["f" * 64, seals[0].pk])
    assert not audit.verify().ok


def test_removing_a_seal_in_the_middle_is_detected(db):
    _entries(6)
    seals = audit.seal(block_size=2)
    _sql("DELETE FROM access_auditseal WHERE id = %s", [seals[1].pk])
    result = audit.verify()
    assert any("ontbreekt" in p for p in result.problems)


def test_removing_the_last_blocks_with_their_seals_is_detected_by_the_anchor(db):
    entries = _entries(6)
    seals = audit.seal(block_size=2)
    _sql("DELETE FROM access_auditseal WHERE id = %s", [seals[-1].pk])
    _sql("DELETE FROM access_auditentry WHERE id >= %s", [entries[4].pk])
    result = audit.verify()
    assert any("ankerbestand" in p for p in result.problems)


def test_a_seal_made_with_another_key_does_not_verify(db, settings):
    _entries(3)
    audit.seal()
    settings.AUDIT_SEAL_KEY = "a-different-key"
    assert not audit.verify().ok


def test_young_entries_wait_for_the_next_seal(db, settings, clock):
    clock.at(2026, 3, 2, 9)
    _entries(2)
    clock.at(2026, 3, 2, 9, 5)
    _entries(1)
    audit.seal(delay=__import__("datetime").timedelta(minutes=1))
    assert AuditSeal.objects.get().entry_count == 2
    assert audit.verify().unsealed_entries == 1


def test_the_verify_command_exits_non_zero_after_tampering(db):
    entries = _entries(3)
    call_command("audit", "seal")
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "intact" in out.getvalue()
    _sql("UPDATE access_auditentry SET event = 'x.y' WHERE id = %s", [entries[0].pk])
    with pytest.raises(SystemExit) as exit_:
        call_command("audit", "verify", stdout=io.StringIO(), stderr=io.StringIO())
    assert exit_.value.code == 1


def test_the_privacy_officer_finds_who_saw_a_person_and_that_search_is_recorded(
    privacy_officer, make_user, db
):
    worker = make_user(Role.CASE_WORKER)
    audit.record("person.viewed", actor=worker, persons=[41])
    audit.record("person.viewed", actor=worker, persons=[414])
    found = trail.search(by=privacy_officer, query=trail.TrailQuery(person_id=41))
    assert [AuditEntry.ids(e.person_ids) for e in found] == [[41]]
    searched = AuditEntry.objects.get(event="audit.searched")
    assert searched.actor_id == privacy_officer.pk and searched.details["person_id"] == 41


def test_only_the_privacy_officer_searches_the_trail(make_user, db):
    with pytest.raises(NotAllowed):
        trail.search(by=make_user(Role.TEAM_LEAD), query=trail.TrailQuery())


def test_the_export_holds_the_selection_and_is_recorded(privacy_officer, db):
    audit.record("report.viewed", actor=privacy_officer, cases=[7])
    audit.record("report.viewed", actor=privacy_officer, cases=[8])
    query = trail.TrailQuery(case_id=7)
    rows = json.loads(trail.export(by=privacy_officer, query=query, fmt="json"))
    assert [r["case_ids"] for r in rows] == [[7]]
    csv_text = trail.export(by=privacy_officer, query=trail.TrailQuery(event="report."))
    assert csv_text.count("report.viewed") == 2
    assert AuditEntry.objects.filter(event="audit.exported").count() == 2


def test_the_search_command_refuses_a_bad_date_in_dutch(privacy_officer):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        call_command("audit", "search", "--user", privacy_officer.username, "--from", "gisteren")
