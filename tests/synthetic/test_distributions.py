"""The synthetic data follows the shares of the reference data (within sampling tolerance)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.db import transaction
from django.db.models import Count, F

from meldpunt.acute.models import (
    CrisisIntervention,
    FamilyIntervention,
    Hearing,
    InformationRequest,
    OutOfHoursContribution,
    RestrainingOrder,
)
from meldpunt.casefile.models import ConditionScore, JournalEntry, SafetyCondition
from meldpunt.process.models import Evaluation, Handover, Service, Term, TriageDecision
from meldpunt.quality.models import Complaint, SurveyInvitation, SurveyResponse
from meldpunt.reference.services import load_reference
from meldpunt.registry.models import Advice, Case, Involvement, Report
from meldpunt.synthetic import calibration as cal
from meldpunt.synthetic import services
from meldpunt.synthetic.models import TruePerson

pytestmark = pytest.mark.django_db  # so the test database is set up for the module fixture

REPORTS = 3000
GROUP_OF_TYPE = {
    code: group for group, codes in cal.REPORTER_TYPES_PER_GROUP.items() for code in codes
}


POPULATIONS = {  # municipalities.csv, the region's municipalities (Brielle, Hellevoetsluis and
    # Westvoorne merged into Voorne aan Zee in 2023)
    "Albrandswaard": 26000,
    "Barendrecht": 48000,
    "Brielle": 17000,
    "Capelle aan den IJssel": 67000,
    "Goeree-Overflakkee": 49000,
    "Hellevoetsluis": 40000,
    "Krimpen aan den IJssel": 29000,
    "Lansingerland": 61000,
    "Maassluis": 33000,
    "Nissewaard": 85000,
    "Ridderkerk": 46000,
    "Rotterdam": 645000,
    "Schiedam": 78000,
    "Vlaardingen": 72000,
    "Westvoorne": 15000,
}


def _shares(counter: Counter) -> dict:
    total = sum(counter.values())
    return {k: v / total for k, v in counter.items()}


@pytest.fixture(scope="module")
def stats(django_db_setup, django_db_blocker):
    """Generate once, measure, and roll back; the tests read plain numbers."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_reference()
        options = services.Options(
            reports=REPORTS, seed=11, date_from=dt.date(2023, 1, 1), date_to=dt.date(2025, 6, 30)
        )
        services.generate(options)
        reports = Report.objects.all()
        decided = TriageDecision.objects.filter(status="approved")
        s = {
            "reports": reports.count(),
            "advice": Advice.objects.count(),
            "reporter_groups": _shares(
                Counter(
                    GROUP_OF_TYPE[c]
                    for c in reports.values_list("reporter__reporter_type__code", flat=True)
                )
            ),
            "outcomes": _shares(Counter(decided.values_list("outcome", flat=True))),
            "crisis": decided.filter(crisis_intervention=True).count() / decided.count(),
            "destinations": _shares(
                Counter(Handover.objects.values_list("destination__name", flat=True))
            ),
            "child_abuse": reports.filter(violence_forms__cbs_category="kindermishandeling")
            .distinct()
            .count()
            / REPORTS,
            "partner": reports.filter(violence_forms__code="partnergeweld").count() / REPORTS,
        }
        triage = Term.objects.filter(kind="triage", met_on__isnull=False, cancelled=False)
        s["triage_on_time"] = (
            triage.filter(met_on__lte=F("original_due_on")).count() / triage.count()
        )
        closed = Term.objects.filter(kind="onderzoek", met_on__isnull=False)
        s["investigation_on_time"] = (
            closed.filter(met_on__lte=F("original_due_on")).count() / closed.count()
        )
        s["investigations_extended"] = (
            Term.objects.filter(kind="onderzoek").exclude(due_on=F("original_due_on")).count()
        )
        done = Evaluation.objects.filter(done_on__isnull=False)
        s["safe_scores"] = (
            done.filter(score_family__gte=6, score_professionals__gte=6).count() / done.count()
        )
        s["evaluations"] = done.count()
        # Reports about a real household reported before (ground truth, not the register).
        households_of: dict = {}
        for received, report_id, household in Involvement.objects.values_list(
            "report__received_at", "report_id", "person__true_person__household_identity"
        ):
            households_of.setdefault((received, report_id), set()).add(household)
        municipality = dict(reports.values_list("pk", "municipality__name"))
        seen, repeats, first = set(), 0, Counter()
        for key in sorted(households_of):
            repeats += bool(households_of[key] & seen)
            if not households_of[key] & seen:
                first[municipality[key[1]]] += 1
            seen |= households_of[key]
        s["municipalities"] = _shares(first)
        s["repeat"] = repeats / REPORTS
        identities = TruePerson.objects.values("identity").annotate(n=Count("id"))
        s["people_with_several_rows"] = identities.filter(n__gt=1).count()
        cutoff = reports.order_by("-received_at").first().received_at - dt.timedelta(days=7)
        s["open_last_week"] = (
            reports.filter(received_at__gte=cutoff)
            .exclude(status__in=["closed", "decided", "transferred", "returned"])
            .count()
        )
        s["open_services"] = Service.objects.exclude(status="closed").count()
        end = options.date_to
        open_terms = Term.objects.filter(met_on__isnull=True)
        s["terms"] = Term.objects.count()
        s["open_terms"] = open_terms.count()
        s["overdue"] = open_terms.filter(due_on__lt=end).count()
        half_a_year_ago = end - dt.timedelta(days=183)
        s["overdue_half_a_year"] = open_terms.filter(due_on__lt=half_a_year_ago).count()
        s["open_old_reports"] = (
            reports.filter(received_at__date__lt=end - dt.timedelta(days=850))
            .exclude(status__in=["closed", "transferred", "returned"])
            .count()
        )
        s["unanswered_old"] = InformationRequest.objects.filter(
            answered_at__isnull=True, asked_at__date__lt=end - dt.timedelta(days=60)
        ).count()
        s["rejected"] = TriageDecision.objects.filter(status="rejected").count()
        s["converted"] = Advice.objects.filter(status="converted").count()
        s["from_advice"] = reports.filter(source="advice", from_advice__isnull=False).count()
        s["shielded"] = Case.objects.filter(shielded=True).count()
        s["shielded_named"] = Case.shielded_for.through.objects.count()
        s["crisis_interventions"] = CrisisIntervention.objects.count()
        crisis_done = CrisisIntervention.objects.filter(handed_over_at__isnull=False)
        s["crisis_in_48h"] = (
            crisis_done.filter(handed_over_at__lte=F("handover_due_at")).count()
            / crisis_done.count()
        )
        s["orders"] = RestrainingOrder.objects.count()
        s["orders_extended"] = RestrainingOrder.objects.filter(extended_at__isnull=False).count()
        s["out_of_hours"] = OutOfHoursContribution.objects.count()
        s["hearings"] = Hearing.objects.count()
        s["information_requests"] = InformationRequest.objects.count()
        s["family_interventions"] = FamilyIntervention.objects.count()
        s["journal"] = JournalEntry.objects.count()
        support = Service.objects.filter(kind="voorwaarden_vervolg")
        s["support_without_conditions"] = (
            support.filter(started_on__lt=end - dt.timedelta(days=30))  # agreed in the first weeks
            .filter(safety_conditions__isnull=True)
            .count()
        )
        s["conditions_per_support"] = (
            SafetyCondition.objects.filter(service__kind="voorwaarden_vervolg").count()
            / support.count()
        )
        scored = Evaluation.objects.filter(
            done_on__isnull=False, service__previous__safety_conditions__isnull=False
        ).distinct()
        s["evaluations_with_conditions"] = scored.count()
        s["evaluations_scored"] = scored.filter(condition_scores__isnull=False).distinct().count()
        s["condition_scores"] = ConditionScore.objects.count()
        s["invitations"] = SurveyInvitation.objects.count()
        s["closed_main"] = Service.objects.filter(
            kind__in=["voorwaarden_vervolg", "onderzoek"], status="closed"
        ).count()
        s["responses"] = SurveyResponse.objects.count()
        s["survey_mark"] = sum(
            SurveyResponse.objects.values_list("score_service", flat=True)
        ) / max(s["responses"], 1)
        s["complaints"] = Complaint.objects.count()
        s["committee"] = Complaint.objects.filter(committee_on__isnull=False).count()
        s["complaints_open_old"] = Complaint.objects.filter(
            stage="received", received_on__lt=end - dt.timedelta(days=183)
        ).count()
        transaction.set_rollback(True)
    return s


def test_every_report_is_generated_with_advice_requests_alongside_at_about_3_to_4(stats):
    assert stats["reports"] == REPORTS
    assert stats["advice"] / REPORTS == pytest.approx(cal.ADVICE_PER_REPORT, abs=0.02)


def test_reporters_follow_the_2018_reporter_shares(stats):
    for group, share in cal.reporter_group_shares().items():
        assert stats["reporter_groups"].get(group, 0) == pytest.approx(share, abs=0.025), group


def test_triage_outcomes_follow_the_calibrated_shares(stats):
    for outcome, share in cal.TRIAGE_OUTCOMES.items():
        assert stats["outcomes"][outcome] == pytest.approx(share, abs=0.03), outcome


def test_about_one_in_ten_reports_gets_a_crisis_intervention(stats):
    assert stats["crisis"] == pytest.approx(cal.CRISIS_SHARE, abs=0.025)


def test_hand_overs_go_where_the_referral_shares_say(stats):
    for name, share in cal.referral_shares().items():
        assert stats["destinations"].get(name, 0) == pytest.approx(share, abs=0.035), name


def test_households_come_from_municipalities_by_population_and_reports_per_1000(stats):
    shares = stats["municipalities"]  # where each household's first report comes from
    rates = cal.reports_per_1000()
    expected = {"Rotterdam": 645_000 * rates["Rotterdam"], "Schiedam": 78_000 * rates["Schiedam"]}
    total = sum(population * rates[name] for name, population in POPULATIONS.items())
    for name, weight in expected.items():
        assert shares[name] == pytest.approx(weight / total, abs=0.03), name
    assert shares.get("Hoeksche Waard", 0) < 0.02  # outside the region: transferred


def test_about_half_concerns_child_abuse_and_over_a_third_partner_violence(stats):
    assert 0.4 <= stats["child_abuse"] <= 0.6
    assert 0.33 <= stats["partner"] <= 0.45


def test_deadlines_are_missed_in_a_realistic_share(stats):
    assert 0.70 <= stats["triage_on_time"] <= 0.82
    assert 0.62 <= stats["investigation_on_time"] <= 0.84
    assert stats["investigations_extended"] > 0


def test_about_65_percent_of_monitoring_scores_are_6_or_more(stats):
    assert stats["evaluations"] > 100
    assert 0.55 <= stats["safe_scores"] <= 0.75


def test_about_half_of_the_reports_concern_households_reported_before(stats):
    assert 0.4 <= stats["repeat"] <= 0.6
    assert stats["people_with_several_rows"] > 200


def test_recent_reports_are_still_open_work(stats):
    # about 23 reports a week; the triage term is 5 working days, so a good part is still open
    assert stats["open_last_week"] >= 5
    assert stats["open_services"] > 50


def test_past_work_is_done_and_only_recent_work_is_open_or_overdue(stats):
    # What slipped is caught up: nothing is owed for more than half a year, every report old
    # enough to have had its whole process (monitoring runs 18 months) is closed, and a small
    # share of the open work is late.
    assert stats["overdue_half_a_year"] == 0
    assert stats["open_old_reports"] == 0
    assert stats["unanswered_old"] == 0
    assert 0 < stats["overdue"] <= 0.15 * stats["open_terms"]
    assert stats["open_terms"] <= 0.12 * stats["terms"]


def test_some_triage_proposals_are_refused_by_the_second_professional(stats):
    assert stats["rejected"] / REPORTS == pytest.approx(cal.TRIAGE_REJECTED, abs=0.015)


def test_some_advice_requests_are_turned_into_reports(stats):
    assert stats["converted"] == stats["from_advice"]
    assert 0.02 <= stats["converted"] / stats["advice"] <= 0.08


def test_a_few_files_are_shielded_for_their_team(stats):
    assert 1 <= stats["shielded"] <= 40
    assert stats["shielded_named"] >= 25 * stats["shielded"]  # the whole team is named


def test_acute_work_follows_the_crisis_teams_yearly_figures_per_4600_reports(stats):
    per_4600 = 4600 / REPORTS
    assert 380 <= stats["crisis_interventions"] * per_4600 <= 520  # 400-500 a year
    assert 0.85 <= stats["crisis_in_48h"] <= 0.95
    assert 15 <= stats["out_of_hours"] * per_4600 <= 60  # 35 a year
    assert 330 <= stats["hearings"] * per_4600 <= 470  # 400 a year
    assert 70 <= stats["orders"] * per_4600 <= 170  # about 2.5% of the reports
    assert 0.25 <= stats["orders_extended"] / stats["orders"] <= 0.55


def test_files_hold_information_requests_interventions_and_a_journal(stats):
    assert stats["information_requests"] > 0.2 * REPORTS
    assert stats["family_interventions"] > 0.01 * REPORTS
    assert stats["journal"] > 0.3 * REPORTS


def test_every_voorwaarden_en_vervolg_agrees_safety_conditions_scored_at_each_evaluation(stats):
    assert stats["support_without_conditions"] == 0
    assert 1.5 <= stats["conditions_per_support"] <= 3.5
    assert stats["evaluations_with_conditions"] > 50
    assert stats["evaluations_scored"] == stats["evaluations_with_conditions"]


def test_clients_answer_the_satisfaction_survey_with_a_mark_between_the_two_norms(stats):
    # kpi_norms.csv: client satisfaction 7 (VTRR) and 7.5 (VT ZHZ)
    assert stats["invitations"] / stats["closed_main"] == pytest.approx(
        cal.SURVEY_INVITED, abs=0.08
    )
    assert stats["responses"] / stats["invitations"] == pytest.approx(cal.SURVEY_ANSWERED, abs=0.08)
    assert 6.8 <= stats["survey_mark"] <= 7.8


def test_complaints_are_few_and_the_committee_sees_at_most_five_a_year_per_12965_reports(stats):
    assert stats["complaints"] / REPORTS == pytest.approx(cal.COMPLAINT_SHARE, abs=0.005)
    assert stats["committee"] <= 5 * REPORTS / 12965 + 2
    assert stats["complaints_open_old"] == 0
