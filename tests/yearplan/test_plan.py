import pytest

from meldpunt.access.roles import Role
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.yearplan import selectors, services
from meldpunt.yearplan.models import Plan
from tests.process import flow


@pytest.fixture
def plans(db):
    return services.load_example_plans()


def _vtrr(plans):
    return next(p for p in plans if "Rotterdam" in p.organisation)


def test_the_two_example_plans_load_with_owners_and_sources(plans):
    assert services.load_example_plans() and Plan.objects.count() == 2  # idempotent
    vtrr = _vtrr(plans)
    assert vtrr.kpis.count() == 9
    sick = vtrr.kpis.get(name__startswith="Lager ziekteverzuim")
    assert (sick.owner_role, sick.is_computed, str(sick.norm)) == ("hr_adviser", False, "≤ 6,5")
    triage = vtrr.kpis.get(name__startswith="Aantal beoordeelde")
    assert (triage.computed_code, triage.frequency) == ("triage_on_time", "monthly")
    zhz = next(p for p in plans if "Zuid" in p.organisation)
    assert zhz.kpis.get(computed_code="crisis_interventions").norm.kind == "range"


def test_entered_values_are_missing_until_delivered_and_corrections_keep_history(
    plans, make_user, clock
):
    clock.at(2020, 8, 3, 10)
    hr = make_user(Role.HR_ADVISER)
    vtrr = _vtrr(plans)
    sick = vtrr.kpis.get(name__startswith="Lager ziekteverzuim")
    row = next(
        r for r in selectors.plan_table(plan=vtrr, period="2020-06", viewer=hr) if r.kpi == sick
    )
    assert (row.value, row.status) == (None, "missing")
    services.enter_value(kpi=sick, by=hr, period="2020-06", number=7.1)
    services.enter_value(kpi=sick, by=hr, period="2020-06", number=6.1)
    row = next(
        r for r in selectors.plan_table(plan=vtrr, period="2020-06", viewer=hr) if r.kpi == sick
    )
    assert (row.value, row.status) == (6.1, "on_track")
    assert sorted(sick.entries.values_list("number", flat=True)) == [6.1, 7.1]


def test_only_the_owner_enters_and_never_a_computed_kpi(plans, make_user, clock):
    clock.at(2020, 8, 3, 10)
    vtrr = _vtrr(plans)
    sick = vtrr.kpis.get(name__startswith="Lager ziekteverzuim")
    with pytest.raises(NotAllowed, match="eigenaar"):
        services.enter_value(kpi=sick, by=make_user(Role.ANALYST), period="2020-06", number=5)
    triage = vtrr.kpis.get(computed_code="triage_on_time")
    with pytest.raises(DomainError, match="berekend"):
        services.enter_value(kpi=triage, by=make_user(Role.ANALYST), period="2020-06", number=5)
    with pytest.raises(DomainError, match="nog niet begonnen"):
        services.enter_value(kpi=sick, by=make_user(Role.HR_ADVISER), period="2020-09", number=5)


def test_a_plan_is_copied_to_a_new_year_without_values(plans, make_user, clock):
    clock.at(2020, 8, 3, 10)
    admin = make_user(Role.ADMIN)
    vtrr = _vtrr(plans)
    services.enter_value(
        kpi=vtrr.kpis.get(name__startswith="Lager ziekteverzuim"),
        by=make_user(Role.HR_ADVISER),
        period="2020-06",
        number=6,
    )
    new = services.copy_plan(plan=vtrr, year=2021, by=admin)
    assert new.kpis.count() == 9 and new.parts.count() == 1
    assert not new.kpis.filter(entries__isnull=False).exists()
    with pytest.raises(DomainError, match="al een jaarplan"):
        services.copy_plan(plan=vtrr, year=2021, by=admin)
    with pytest.raises(NotAllowed):
        services.copy_plan(plan=vtrr, year=2022, by=make_user(Role.ANALYST))


def test_the_owner_sees_what_is_due_with_a_warning_before_the_reporting_date(
    plans, make_user, clock
):
    hr = make_user(Role.HR_ADVISER)
    clock.at(2020, 1, 27, 10)
    due = selectors.entries_due(user=hr)
    labels = [(d.kpi.name[:20], d.period) for d in due]
    assert ("Lager ziekteverzuim", "2020-01") in labels
    assert not any(d.overdue for d in due)
    clock.at(2020, 2, 12, 10)
    overdue = [d for d in selectors.entries_due(user=hr) if d.period == "2020-01"]
    assert overdue and all(d.overdue for d in overdue)
    services.enter_value(kpi=overdue[0].kpi, by=hr, period="2020-01", number=5)
    assert overdue[0].kpi not in [
        d.kpi for d in selectors.entries_due(user=hr) if d.period == "2020-01"
    ]


def test_computed_kpis_come_from_the_register_as_the_viewer_may_see_them(
    plans, make_user, intake, triage, approver, clock, reference
):
    clock.at(2020, 3, 2, 10)
    on_time = flow.register(intake)
    late = flow.register(intake)
    clock.at(2020, 3, 9, 10)  # the due day
    flow.decide(on_time, triage=triage, approver=approver)
    clock.at(2020, 3, 10, 10)  # a day late
    flow.decide(late, triage=triage, approver=approver)
    vtrr = _vtrr(plans)
    rows = {
        r.kpi.computed_code: r
        for r in selectors.plan_table(plan=vtrr, period="2020-03", viewer=make_user(Role.TEAM_LEAD))
    }
    assert (rows["triage_on_time"].value, rows["triage_on_time"].status) == (50.0, "off_track")
    assert rows["support_on_time"].status == "missing"  # nothing closed: missing, not zero
