"""Every KPI on the small register of tests/insight/register.py, with the answers worked out by
hand in the comments (March 2026 unless said otherwise)."""

from __future__ import annotations

import pytest

from meldpunt.access.roles import Role
from meldpunt.insight import kpis
from meldpunt.insight.models import MunicipalityViewer
from meldpunt.insight.periods import Period
from meldpunt.insight.scope import Scope, resolve
from meldpunt.reference.models import Municipality
from tests.insight import register

MARCH = Period.month(2026, 3)


@pytest.fixture
def reg(reference, clock, make_user):
    return register.build(clock, make_user)


@pytest.fixture
def march(reg):
    return kpis.compute(period=MARCH).as_dict()


def _ind(data, code):
    return next(i for i in data["indicators"] if i["code"] == code)


def _cells(indicator, dim):
    return {c["key"]: c["value"] for c in indicator["breakdown"][dim]}


def test_triage_on_time_counts_decisions_by_their_date_against_the_original_due_date(march):
    # r1 decided on its due day (on time); r2 received on a Saturday, due Friday 13 March,
    # decided Monday 16 (late); r3 extended to 20 March but decided after the original due
    # date of 10 March (late: extensions do not change the KPI). r5 is decided in April.
    triage = _ind(march, "triage_on_time")
    assert (triage["numerator"], triage["denominator"]) == (1, 3)
    assert triage["value"] == 33.3
    assert triage["norm"] == 80.0
    assert triage["status"] == "off_track"


def test_services_on_time_count_closures_in_the_period(march):
    # V&V: r0 closed 10 March, due 16 February (late); r2 closed 27 March (on time).
    support = _ind(march, "support_on_time")
    assert (support["numerator"], support["denominator"], support["value"]) == (1, 2, 50.0)
    assert support["status"] == "off_track"
    # Onderzoek: r1 started 9 March, closed 20 March (on time).
    investigation = _ind(march, "investigation_on_time")
    assert (investigation["numerator"], investigation["denominator"]) == (1, 1)
    assert investigation["status"] == "on_track"


def test_safety_score_counts_evaluations_where_every_given_score_is_six_or_more(march):
    # (7, 6) safe, (7, 5) not safe, (8, none) safe: 2 of 3 = 66.7% against a norm of 65%.
    score = _ind(march, "safety_score")
    assert (score["numerator"], score["denominator"], score["value"]) == (2, 3, 66.7)
    assert score["status"] == "on_track"


def test_report_volumes_and_their_breakdowns(march):
    reports = _ind(march, "reports")
    assert reports["value"] == 4  # r1, r3, r2 (Saturday) and r4
    assert reports["status"] is None  # a volume has no norm
    assert _cells(reports, "maand") == {"2026-03": 4}
    assert _cells(reports, "werkgebied")["Regio Noord"] == 3
    assert _cells(reports, "werkgebied")["Regio Oost"] == 1
    reporters = _cells(reports, "melder")
    assert (reporters["justitie"], reporters["gezondheidszorg"]) == (2, 1)
    assert reporters["niet_professional"] == 1
    forms = _cells(reports, "geweldsvorm")
    # r1 names two forms and counts once in each category: the categories add up to more.
    assert (forms["kindermishandeling"], forms["partnergeweld"], forms["niet_vastgelegd"]) == (
        2,
        2,
        1,
    )
    prior = _cells(reports, "eerdere_betrokkenheid")
    assert prior["eerste_melding"] == 1  # r1
    # Classified by the situation at receipt: r3 came in on 3 March while r0's V&V still ran
    # (monitoring began on 9 March); r2's old report was never closed.
    assert prior["na_veiligheidsbeoordeling"] == 2
    assert prior.get("tijdens_monitoring", 0) == 0
    assert prior["niet_vastgelegd"] == 1  # r4 is not decided yet


def test_children_are_counted_by_their_age_on_the_day_of_receipt(march):
    children = _ind(march, "children")
    ages = _cells(children, "leeftijd")
    # r1 (2 March): born 2 March 2022 is 4 that day, born 3 March 2022 is still 3;
    # r2: born 1 January 2010 is 16; one child without a date of birth.
    assert children["value"] == 4
    assert (ages["0-3"], ages["4-11"], ages["12-17"], ages["onbekend"]) == (1, 1, 1, 1)


def test_decisions_handovers_advice_and_crisis_interventions(march):
    decisions = _ind(march, "triage_decisions")
    assert decisions["value"] == 3
    outcomes = _cells(decisions, "besluit")
    assert (outcomes["onderzoek"], outcomes["voorwaarden_vervolg"], outcomes["overdracht"]) == (
        1,
        1,
        1,
    )
    handovers = _ind(march, "handovers")
    assert handovers["value"] == 4  # r0 (9th), r3 (12th), r1 (20th), r2 (27th)
    assert _cells(handovers, "naar")["lokale-veld"] == 4
    advice = _ind(march, "advice_requests")
    assert advice["value"] == 2  # the February one is not in March
    assert (
        _cells(advice, "vrager")["justitie"],
        _cells(advice, "vrager")["niet_professional"],
    ) == (
        1,
        1,
    )
    assert _ind(march, "crisis_interventions")["value"] == 1  # r1


def test_reports_per_1000_inhabitants(reg):
    schiedam = Municipality.objects.get(cbs_code="GM0606")
    data = kpis.compute(period=MARCH, scope=Scope.for_municipality(schiedam)).as_dict()
    rate = _ind(data, "reports_per_1000")
    assert rate["value"] == round(1000 * 2 / schiedam.population(2026), 2)  # r1 and r2


def test_recidivism_looks_back_at_the_household(march):
    # r3 is about r0's household (December 2025): within 12 months and 5 years.
    # r2 is about the household of the 2023 report: within 5 years only. 4 reports in March.
    assert _ind(march, "recidivism_12m")["value"] == 25.0
    assert _ind(march, "recidivism_5y")["value"] == 50.0


def test_recidivism_without_radar_facts_reads_the_households_stored_previous_report(reg):
    # Reports decided before the radar (or migrated) have no fixed facts: the figures fall back
    # to the household's previous report, a stored fact kept by the services. Same answer here
    # (the earlier reports are about the same households), and the stored fact is the slow way's.
    from meldpunt.radar.models import ReportFacts
    from meldpunt.registry.selectors import previous_report_drift

    assert previous_report_drift() == []
    ReportFacts.objects.all().delete()
    march = kpis.compute(period=MARCH).as_dict()
    assert _ind(march, "recidivism_12m")["numerator"] == 1
    assert _ind(march, "recidivism_5y")["numerator"] == 2
    assert _ind(march, "recidivism_5y")["denominator"] == 4


def test_waiting_list_at_the_end_of_the_period_is_rebuilt_from_the_terms(march):
    # On 31 March r5 (received 2 February, decided 1 April) and r4 (27 March) were waiting.
    waiting = _ind(march, "waiting_list")
    assert waiting["value"] == 2
    assert _cells(waiting, "wachttijd") == {"0-7": 1, "8-14": 0, "15-28": 0, "29+": 1}
    assert _ind(march, "waiting_overdue")["value"] == 1  # r5, due 9 February
    assert _ind(march, "waiting_median_days")["value"] == 4  # 4 and 57 days: nearest rank


def test_throughput_percentiles_of_each_step(march):
    # Triage: r1 7 days, r2 and r3 9 days. V&V: r0 92 days, r2 11. Onderzoek: r1 11.
    triage = _ind(march, "throughput_triage")
    assert triage["value"] == 9
    assert _cells(triage, "percentiel") == {"p50": 9, "p80": 9, "p95": 9}
    support = _ind(march, "throughput_support")
    assert _cells(support, "percentiel") == {"p50": 11, "p80": 92, "p95": 92}
    assert _ind(march, "throughput_investigation")["value"] == 11
    assert _ind(march, "throughput_monitoring")["value"] is None  # none closed


def test_a_quarter_places_each_figure_in_its_month(reg):
    data = kpis.compute(period=Period.parse("2025Q4")).as_dict()
    triage = _ind(data, "triage_on_time")
    # r0: received Monday 1 December, decided Monday 8 December, the due day.
    assert (triage["numerator"], triage["denominator"]) == (1, 1)
    assert _cells(triage, "maand") == {"2025-10": None, "2025-11": None, "2025-12": 100.0}


def test_a_work_area_and_a_municipality_narrow_the_figures(reg):
    noord = kpis.compute(period=MARCH, scope=resolve(area="regio noord")).as_dict()
    assert _ind(noord, "reports")["value"] == 3
    assert "werkgebied" not in _ind(noord, "reports")["breakdown"]
    schiedam = kpis.compute(period=MARCH, scope=resolve(municipality="GM0606")).as_dict()
    assert _ind(schiedam, "reports")["value"] == 2
    assert _ind(schiedam, "triage_on_time")["value"] == 50.0  # r1 on time, r2 late
    assert schiedam["scope"]["cbs_code"] == "GM0606"


def test_a_team_lead_counts_only_the_files_they_may_see(reg, make_user):
    lead = make_user(Role.TEAM_LEAD)
    data = kpis.for_user(lead, period=MARCH).as_dict()
    assert _ind(data, "reports")["value"] == 3  # r4's file is shielded
    assert _ind(data, "waiting_list")["value"] == 1
    reg.reports["r4"].case.shielded_for.add(lead)
    assert _ind(kpis.for_user(lead, period=MARCH).as_dict(), "reports")["value"] == 4


def test_the_counting_rule_keeps_the_same_files_as_the_visibility_filter(reg, make_user):
    from meldpunt.insight.scope import audience_for
    from meldpunt.registry.models import Report

    lead = make_user(Role.TEAM_LEAD)
    counted = Report.objects.filter(audience_for(lead).case_q("case__"))
    assert set(counted) == set(Report.objects.visible_to(lead))
    reg.reports["r4"].case.shielded_for.add(lead)
    counted = Report.objects.filter(audience_for(lead).case_q("case__"))
    assert set(counted) == set(Report.objects.visible_to(lead))
    assert reg.reports["r4"] in counted


def test_a_manager_does_not_count_shielded_files_either(reg, make_user):
    manager = make_user(Role.MANAGER)
    assert _ind(kpis.for_user(manager, period=MARCH).as_dict(), "reports")["value"] == 3


def test_a_municipality_sees_only_its_own_figures_suppressed(reg, make_user):
    from meldpunt.errors import NotAllowed

    account = make_user(Role.MUNICIPALITY)
    schiedam = Municipality.objects.get(cbs_code="GM0606")
    MunicipalityViewer.objects.create(user=account, municipality=schiedam)
    data = kpis.for_user(account, period=MARCH).as_dict()
    assert data["scope"]["cbs_code"] == "GM0606"
    assert data["suppressed"] is True
    assert _ind(data, "reports")["value"] == "<5"  # 2 reports
    triage = _ind(data, "triage_on_time")
    assert triage["value"] is None and triage["suppressed"] is True  # 1 of 2 on time
    assert _ind(data, "handovers")["value"] == "<5"
    assert _ind(data, "throughput_support")["value"] is None  # rests on 1 closure
    with pytest.raises(NotAllowed):
        kpis.for_user(account, period=MARCH, scope=Scope.organisation())


def test_an_account_without_figures_rights_is_refused(reg, make_user):
    from meldpunt.errors import NotAllowed

    with pytest.raises(NotAllowed):
        kpis.for_user(make_user(Role.CASE_WORKER), period=MARCH)
    with pytest.raises(NotAllowed, match="gemeente"):
        kpis.for_user(make_user(Role.MUNICIPALITY), period=MARCH)


def test_norms_can_follow_either_organisations_plan(reg):
    from meldpunt.insight import norms

    zhz = kpis.compute(period=MARCH, norms=norms.load("vtzhz")).as_dict()
    assert _ind(zhz, "triage_on_time")["norm"] == 95.0
    assert _ind(zhz, "triage_on_time")["norm_text"] == "95–100%"
    assert _ind(zhz, "support_on_time")["status"] is None  # Zuid-Holland-Zuid sets no V&V norm
    assert _ind(zhz, "investigation_on_time")["norm"] == 85.0


def test_process_rows_carry_their_reports_file_municipality_and_work_area(reg):
    # The KPIs count terms by the place carried on them (no join to the reports).
    from meldpunt.process.models import Evaluation, Handover, Service, Term, TriageDecision
    from meldpunt.process.places import misplaced

    for model in (Term, TriageDecision, Service, Evaluation, Handover):
        assert model.objects.exists(), model
    assert misplaced() == dict.fromkeys(misplaced(), [])


def test_the_hidden_files_filter_is_a_not_in_that_keeps_rows_without_a_file(reg):
    # NotAmong is `~Q(path__in=ids)` written with one array parameter on PostgreSQL: the same
    # rows on every database, and a row whose path is empty (no household) is not among them.
    from meldpunt.insight.scope import NotAmong
    from meldpunt.registry.models import Household, Person, Report

    r1 = reg.reports["r1"]
    kept = set(Report.objects.filter(NotAmong("case__id", [r1.case_id])))
    assert kept == set(Report.objects.exclude(case__id__in=[r1.case_id]))
    assert r1 not in kept and kept
    household = Household.objects.create()
    inside = Person.objects.create(surname="Binnen", household=household)
    outside = Person.objects.create(surname="Zonder")
    kept = set(Person.objects.filter(NotAmong("household__id", [household.pk])))
    assert kept == set(Person.objects.exclude(household__id__in=[household.pk]))
    assert outside in kept and inside not in kept
