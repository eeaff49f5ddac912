"""`report_filter` (terms: leave out the reports of files the user may not see) keeps exactly
the rows `case_filter` (keep the files the user may see) keeps, for every kind of user."""

from meldpunt.access import emergency
from meldpunt.access.roles import Role
from meldpunt.access.visibility import case_filter, report_filter
from meldpunt.process.models import Term
from tests.process import flow


def test_terms_visible_by_report_filter_are_those_of_case_filter(
    intake, make_user, clock, reference
):
    clock.at(2026, 3, 6, 23)
    named, crisis, other = (
        make_user(Role.TRIAGE),
        make_user(Role.CRISIS_TEAM),
        make_user(Role.TRIAGE),
    )
    open_file = flow.register(intake)
    shielded = [flow.register(intake) for _ in range(3)]
    for report in shielded:
        report.case.shielded = True
        report.case.save(update_fields=["shielded"])
    shielded[0].case.shielded_for.add(named)
    emergency.break_glass(by=crisis, case_id=shielded[1].case_id, reason="Kind in gevaar")
    expected = {
        named: {open_file.pk, shielded[0].pk},
        crisis: {open_file.pk, shielded[1].pk},
        other: {open_file.pk},
        make_user(Role.ANALYST): set(),
    }
    for user, reports in expected.items():
        by_case = set(Term.objects.filter(case_filter(user, prefix="report__case__")))
        by_report = set(Term.objects.filter(report_filter(user, prefix="report__")))
        assert by_report == by_case
        assert {t.report_id for t in Term.objects.visible_to(user)} == reports
