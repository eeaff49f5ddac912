import datetime as dt

from meldpunt.access.roles import Role
from meldpunt.process.models import TermKind
from meldpunt.process.selectors import about_to_be_late, with_days_left, worklist
from meldpunt.registry.models import Case
from tests.process import flow


def test_the_worklist_is_ordered_by_due_date_with_days_left(intake, triage, clock, reference):
    clock.at(2026, 3, 2, 9)
    early = flow.register(intake)
    clock.at(2026, 3, 4, 9)
    late = flow.register(intake)
    clock.at(2026, 3, 10, 9)  # early was due 9 March, late is due 11 March
    items = with_days_left(worklist(user=triage))
    assert [i.term.report_id for i in items] == [early.pk, late.pk]
    assert [i.days_left for i in items] == [-1, 1]
    assert items[0].overdue and items[1].warning


def test_the_worklist_filters_by_municipality_and_kind(
    intake, triage, rotterdam, schiedam, reference
):
    flow.register(intake, municipality=rotterdam)
    in_schiedam = flow.register(intake, municipality=schiedam)
    rows = list(worklist(user=triage, municipality=schiedam.pk, kinds=[TermKind.TRIAGE]))
    assert [t.report_id for t in rows] == [in_schiedam.pk]
    area_rows = list(worklist(user=triage, area=schiedam.work_area_id))
    assert [t.report_id for t in area_rows] == [in_schiedam.pk]


def test_shielded_files_stay_off_the_worklist_of_those_not_named(
    intake, triage, make_user, reference
):
    report = flow.register(intake)
    Case.objects.filter(pk=report.case_id).update(shielded=True)
    named = make_user(Role.TRIAGE)
    report.case.shielded_for.add(named)
    assert list(worklist(user=triage)) == []
    assert [t.report_id for t in worklist(user=named)] == [report.pk]


def test_roles_without_case_work_see_no_worklist(intake, make_user, reference):
    flow.register(intake)
    for role in (Role.MUNICIPALITY, Role.ANALYST, Role.ADMIN, Role.PRIVACY_OFFICER):
        assert list(worklist(user=make_user(role))) == []


def test_about_to_be_late_starts_at_the_warning_date(intake, triage, clock, reference):
    clock.at(2026, 3, 2, 9)  # due Mon 9 March, warn Thu 5 March
    flow.register(intake)
    assert list(about_to_be_late(user=triage, today=dt.date(2026, 3, 4))) == []
    assert len(about_to_be_late(user=triage, today=dt.date(2026, 3, 5))) == 1
