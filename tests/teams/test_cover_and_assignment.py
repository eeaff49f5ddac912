import datetime as dt

import pytest

from meldpunt.access.roles import Role
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.process.selectors import worklist
from meldpunt.teams import services
from meldpunt.teams.selectors import caseload
from tests.process import flow


@pytest.fixture
def lead(make_user):
    return make_user(Role.TEAM_LEAD)


def test_cover_shows_the_absent_colleagues_files_on_the_worklist_for_the_period(
    intake, make_user, lead, clock, reference
):
    clock.at(2026, 3, 2, 9)
    anna, bram = make_user(Role.TRIAGE), make_user(Role.TRIAGE)
    report = flow.register(intake)
    services.assign(report=report, by=lead, to_user=anna)
    services.arrange_cover(
        absent=anna,
        covering=bram,
        starts_on=dt.date(2026, 3, 3),
        ends_on=dt.date(2026, 3, 6),
        by=lead,
    )
    assert list(worklist(user=bram, assignee=bram.pk)) == []
    clock.at(2026, 3, 4, 9)
    assert [t.report_id for t in worklist(user=bram, assignee=bram.pk)] == [report.pk]
    clock.at(2026, 3, 9, 9)
    assert list(worklist(user=bram, assignee=bram.pk)) == []
    assert [t.report_id for t in worklist(user=anna, assignee=anna.pk)] == [report.pk]


def test_only_a_team_lead_assigns_to_someone_else(intake, make_user, reference):
    anna, bram = make_user(Role.TRIAGE), make_user(Role.TRIAGE)
    report = flow.register(intake)
    with pytest.raises(NotAllowed):
        services.assign(report=report, by=anna, to_user=bram)
    services.assign(report=report, by=anna, to_user=anna)  # taking a file yourself is fine
    report.refresh_from_db()
    assert report.assigned_to == anna
    assert report.assignments.get().to_user == anna


def test_reassignment_is_recorded_with_the_previous_assignee(intake, make_user, lead, reference):
    anna, bram = make_user(Role.TRIAGE), make_user(Role.TRIAGE)
    report = flow.register(intake)
    services.assign(report=report, by=lead, to_user=anna)
    services.assign(report=report, by=lead, to_user=bram, reason="Anna met verlof")
    last = report.assignments.last()
    assert (last.from_user, last.to_user, last.reason) == (anna, bram, "Anna met verlof")


def test_a_cover_period_must_be_in_order_and_not_for_oneself(make_user, lead, db):
    anna = make_user(Role.TRIAGE)
    with pytest.raises(DomainError, match="zichzelf"):
        services.arrange_cover(
            absent=anna,
            covering=anna,
            starts_on=dt.date(2026, 3, 3),
            ends_on=dt.date(2026, 3, 6),
            by=lead,
        )
    with pytest.raises(DomainError, match="vóór de begindatum"):
        services.arrange_cover(
            absent=anna,
            covering=make_user(Role.TRIAGE),
            starts_on=dt.date(2026, 3, 6),
            ends_on=dt.date(2026, 3, 3),
            by=lead,
        )


def test_the_caseload_counts_open_files_and_overdue_terms_per_professional(
    intake, make_user, lead, clock, reference
):
    clock.at(2026, 3, 2, 9)
    anna = make_user(Role.TRIAGE)
    for _ in range(2):
        services.assign(report=flow.register(intake), by=lead, to_user=anna)
    clock.at(2026, 3, 12, 9)
    rows = caseload(viewer=lead)
    assert [(r["user"], r["reports"], r["overdue"]) for r in rows] == [(anna, 2, 2)]
