"""The stored fact `Report.household_previous_at` (the latest earlier report of the household,
read by the recidivism figures) equals what the slow way computes, whichever path wrote the
reports: intake (also back-dated), retention, the full refresh of the data migration. The
generator and the legacy import check it in their own tests."""

from __future__ import annotations

import datetime as dt

from meldpunt import clock as the_clock
from meldpunt.access import retention
from meldpunt.registry.models import Case, Report
from meldpunt.registry.selectors import previous_report_drift
from meldpunt.registry.services import refresh_previous_reports
from tests.access.test_retention import _closed_file
from tests.process import flow


def _at(*parts) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=the_clock.now().tzinfo)


def test_intake_keeps_the_previous_report_also_for_a_back_dated_one(clock, intake, reference):
    clock.at(2026, 3, 2, 10)
    first = flow.register(intake)
    victim = first.involvements.get().person
    same = [flow.person(person_id=victim.pk)]
    clock.at(2026, 3, 9, 10)
    third = flow.register(intake, people=same)
    # Registered later, received between the two: the third report's previous one moves.
    second = flow.register(intake, people=same, received_at=_at(2026, 3, 5, 8))
    twin = flow.register(intake, people=same, received_at=_at(2026, 3, 5, 8))
    other = flow.register(intake)
    stored = dict(Report.objects.values_list("pk", "household_previous_at"))
    assert stored[first.pk] is None
    assert stored[second.pk] == first.received_at
    assert stored[twin.pk] == first.received_at  # the same moment is not earlier
    assert stored[third.pk] == second.received_at
    assert stored[other.pk] is None
    assert second.household_previous_at == first.received_at  # the returned object has it too
    assert previous_report_drift() == []


def test_the_full_refresh_computes_it_for_every_report(clock, intake, reference):
    clock.at(2026, 3, 2, 10)
    first = flow.register(intake)
    same = [flow.person(person_id=first.involvements.get().person_id)]
    clock.at(2026, 4, 2, 10)
    flow.register(intake, people=same)
    flow.register(intake)
    Report.objects.update(household_previous_at=None)
    assert len(previous_report_drift()) == 1
    assert refresh_previous_reports() == 1
    assert previous_report_drift() == []
    assert refresh_previous_reports() == 0  # nothing changes twice


def test_destroying_a_file_clears_it_from_the_households_other_reports(
    clock, intake, triage, approver, case_worker, reference
):
    report = _closed_file(clock, intake, triage, approver, case_worker)
    victim = report.involvements.get(role="victim").person
    # Closed (as the legacy import closes files), so the next report opens a new file.
    Case.objects.filter(pk=report.case_id).update(closed_at=_at(2004, 3, 4, 12))
    clock.at(2024, 6, 3, 10)
    later = flow.register(intake, people=[flow.person(person_id=victim.pk)])
    later.refresh_from_db()
    assert later.household_previous_at == report.received_at
    assert later.case_id != report.case_id
    clock.at(2025, 1, 6, 9)
    retention.purge()
    assert not Report.objects.filter(pk=report.pk).exists()
    later.refresh_from_db()
    assert later.household_previous_at is None
    assert previous_report_drift() == []
