import datetime as dt

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models

from meldpunt.access import retention
from meldpunt.access.models import AuditEntry, StatisticalFact
from meldpunt.access.roles import Role
from meldpunt.access.services import update_access_settings
from meldpunt.casefile import services as casefile
from meldpunt.casefile.models import LetterTemplate
from meldpunt.errors import NotAllowed
from meldpunt.process import services
from meldpunt.process.models import TermKind
from meldpunt.reference.models import ReporterType, ViolenceForm
from meldpunt.registry.models import Case, Person, Report
from meldpunt.registry.services import ReporterData
from tests.process import flow

SECRETS = ["Zwaanswijk", "Gerolda", "111222333", "Kwetsbaarlaan", "Buurvrouw Teuntje", "sloeg"]


def _closed_file(clock, intake, triage, approver, case_worker, *, outcome="overdracht", full=False):
    """A report walked to its end; `full`: with everything a file can hold (journal, document,
    letter)."""
    clock.at(2004, 3, 1, 10)
    victim = flow.person(
        given_names="Gerolda",
        surname="Zwaanswijk",
        bsn="111222333",
        street="Kwetsbaarlaan",
        date_of_birth=dt.date(1970, 5, 1),
    )
    report = flow.register(
        intake,
        people=[victim, flow.person(role="suspect", date_of_birth=dt.date(1968, 1, 2))],
        reporter=ReporterData(
            reporter_type=ReporterType.objects.get(code="politie"),
            name="Buurvrouw Teuntje",
            anonymous=True,
        ),
        description="Hij sloeg haar in de keuken.",
        violence_forms=[ViolenceForm.objects.order_by("pk").first()],
    )
    flow.decide(report, triage=triage, approver=approver, outcome=outcome)
    if full:
        _fill(report, triage=triage, case_worker=case_worker)
    clock.at(2004, 3, 3, 11)
    for kind in (TermKind.FEEDBACK_REPORTER, TermKind.INFORM_INVOLVED):
        services.inform(report=report, by=triage, kind=kind, on=dt.date(2004, 3, 3))
    services.close_report(report=report, by=triage)
    return Report.objects.get(pk=report.pk)


def _fill(report, *, triage, case_worker):
    casefile.add_journal_entry(
        case=report.case,
        by=case_worker,
        occurred_at=report.received_at,
        channel="phone",
        participants="Gerolda Zwaanswijk",
        note="Gerolda vertelt dat hij sloeg.",
        report=report,
    )
    casefile.upload_document(
        case=report.case,
        by=case_worker,
        title="Zwaanswijk",
        filename="a.pdf",
        content=b"%PDF-1.4 Zwaanswijk",
        report=report,
    )
    LetterTemplate.objects.get_or_create(
        kind="inform_involved", defaults={"subject": "Melding", "body": "Aan {{ aan }}."}
    )
    person = report.involvements.get(role="victim").person
    casefile.make_letter(report=report, kind="inform_involved", by=triage, person=person)


def _rows_left_of(ids, secrets):
    """Every row in every table that still points at or mentions what was destroyed."""
    purged = {
        "registry.person": set(ids.person_ids),
        "registry.report": set(ids.report_ids),
        "registry.case": set(ids.case_ids),
        "registry.household": set(ids.household_ids),
    }
    left = []
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in purged and model.objects.filter(pk__in=purged[label]).exists():
            left.append(f"{label}: rows themselves")
        for f in model._meta.concrete_fields:
            target = f.related_model._meta.label_lower if f.is_relation and f.related_model else ""
            if (
                target in purged
                and model.objects.filter(**{f"{f.attname}__in": purged[target]}).exists()
            ):
                left.append(f"{label}.{f.name} points at a destroyed {target}")
            if isinstance(f, models.CharField | models.TextField):
                for secret in secrets:
                    if model.objects.filter(**{f"{f.name}__icontains": secret}).exists():
                        left.append(f"{label}.{f.name} still holds {secret!r}")
    return left


def test_a_file_is_kept_for_twenty_years_after_the_last_activity(
    clock, intake, triage, approver, case_worker, reference
):
    report = _closed_file(clock, intake, triage, approver, case_worker)
    clock.at(2024, 3, 2, 9)
    assert list(retention.expired_cases()) == []
    clock.at(2024, 3, 4, 9)
    [expiry] = retention.expired_cases()
    assert expiry.case_id == report.case_id and expiry.expires_on == dt.date(2024, 3, 3)


def test_nothing_of_a_purged_person_remains_in_any_table(
    clock,
    intake,
    triage,
    approver,
    case_worker,
    reference,
    private_documents,
    django_capture_on_commit_callbacks,
):
    report = _closed_file(clock, intake, triage, approver, case_worker, full=True)
    assert [p for p in private_documents.rglob("*") if p.is_file()]
    ids = retention.ids_to_purge([report.case_id])
    assert ids.person_ids and ids.report_ids
    assert _rows_left_of(ids, SECRETS), "the test's secrets must be findable before the purge"
    clock.at(2025, 1, 6, 9)
    with django_capture_on_commit_callbacks(execute=True):
        result = retention.purge()
    assert (result.cases, result.reports, result.people) == (1, 1, 2)
    assert _rows_left_of(ids, SECRETS) == []
    assert not [p for p in private_documents.rglob("*") if p.is_file()], "files are deleted too"


def test_a_person_who_is_also_in_a_living_file_stays(
    clock, intake, triage, approver, case_worker, reference
):
    report = _closed_file(clock, intake, triage, approver, case_worker)
    victim = report.involvements.get(role="victim").person
    clock.at(2024, 6, 3, 10)
    flow.register(intake, people=[flow.person(person_id=victim.pk)])
    result = retention.purge()
    assert Person.objects.filter(pk=victim.pk).exists()
    assert result.cases == 0 or not Case.objects.filter(pk=report.case_id).exists()


def test_the_statistics_of_a_purged_report_stay_countable(
    clock, intake, triage, approver, case_worker, reference
):
    report = _closed_file(clock, intake, triage, approver, case_worker)
    clock.at(2025, 1, 6, 9)
    retention.purge()
    fact = StatisticalFact.objects.get()
    assert fact.received_on == dt.date(2004, 3, 1)
    assert fact.municipality_id == report.municipality_id
    assert fact.reporter_group == ReporterType.objects.get(code="politie").cbs_group
    assert fact.facts["decision"]["outcome"] == "overdracht"
    assert {t["kind"] for t in fact.facts["terms"]} >= {"triage", "terugkoppeling_melder"}
    assert sorted(p["role"] for p in fact.facts["people"]) == ["suspect", "victim"]
    assert "Zwaanswijk" not in str(fact.facts)


def test_a_dry_run_destroys_nothing_and_says_what_would_go(
    clock, intake, triage, approver, case_worker, reference, capsys
):
    report = _closed_file(clock, intake, triage, approver, case_worker)
    clock.at(2025, 1, 6, 9)
    call_command("purge", "--dry-run")
    out = capsys.readouterr().out
    assert "zou vernietigen: 1 dossiers" in out and f"dossier {report.case_id}" in out
    assert Report.objects.filter(pk=report.pk).exists()
    assert AuditEntry.objects.filter(event="retention.dry_run").exists()


def test_purging_is_audited_with_ids_and_rerunning_finds_nothing_more(
    clock, intake, triage, approver, case_worker, reference
):
    report = _closed_file(clock, intake, triage, approver, case_worker)
    clock.at(2025, 1, 6, 9)
    retention.purge()
    entry = AuditEntry.objects.get(event="retention.purged")
    assert AuditEntry.ids(entry.case_ids) == [report.case_id]
    assert retention.purge().cases == 0


def test_an_open_file_is_never_purged(clock, intake, triage, approver, reference):
    clock.at(2004, 3, 1, 10)
    flow.register(intake, people=[flow.person(date_of_birth=dt.date(1980, 1, 1))])
    clock.at(2030, 1, 7, 9)
    assert retention.purge().cases == 0


def test_a_shorter_period_applies_where_no_violence_was_found(
    clock, intake, triage, approver, case_worker, admin, reference
):
    report = _closed_file(clock, intake, triage, approver, case_worker, outcome="einde_bemoeienis")
    update_access_settings(by=admin, retention_years_no_violence=5)
    clock.at(2009, 3, 4, 9)
    [expiry] = retention.expired_cases()
    assert expiry.no_violence and expiry.case_id == report.case_id


def test_only_the_privacy_officer_purges_by_hand(make_user, db):
    with pytest.raises(NotAllowed):
        retention.purge(by=make_user(Role.TEAM_LEAD))


def test_other_apps_clear_their_derived_data_through_a_purge_hook(
    clock, intake, triage, approver, case_worker, reference, monkeypatch
):
    seen = []
    monkeypatch.setattr(retention, "PURGE_HOOKS", ["tests.access.test_retention.remember"])
    monkeypatch.setattr(retention, "SEEN", seen, raising=False)
    report = _closed_file(clock, intake, triage, approver, case_worker)
    clock.at(2025, 1, 6, 9)
    retention.purge()
    assert seen[0].report_ids == (report.pk,)


def remember(*, ids):
    retention.SEEN.append(ids)
