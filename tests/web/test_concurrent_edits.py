"""Two professionals save the same file from pages they opened before the other saved: the
second save is refused with a clear Dutch message and nothing of the first is overwritten
(optimistic locking: a version or the value that was read travels with the form, and the write
is a compare-and-swap)."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from meldpunt.access.roles import Role
from meldpunt.acute import services as acute
from meldpunt.acute.models import CrisisIntervention, CrisisOutcome
from meldpunt.errors import ConcurrentChange
from meldpunt.process import services
from meldpunt.process.models import Evaluation, ServiceKind, Term, TermKind
from meldpunt.reference.models import ViolenceForm
from meldpunt.web.views.common import STALE_MESSAGE
from tests.process import flow

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
REFUSED = "Iemand anders heeft dit dossier intussen gewijzigd"


@pytest.fixture
def client_factory():
    from django.test import Client

    def _client(user):
        c = Client()
        c.force_login(user)
        return c

    return _client


def _messages(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


def test_a_term_extended_from_a_stale_page_does_not_overwrite_the_first_extension(
    client_factory, make_user, intake, clock, reference
):
    clock.at(2026, 3, 2, 9)
    report = flow.register(intake)
    term = report.terms.get(kind=TermKind.TRIAGE)
    seen = term.due_on.isoformat()  # both approvers opened the report page now
    first, second = make_user(Role.APPROVER), make_user(Role.APPROVER)
    url = reverse("web:extend_term", args=[term.pk])
    client_factory(first).post(
        url, {"until": "2026-03-20", "reason": "Wacht op politie", "seen_due_on": seen}
    )
    response = client_factory(second).post(
        url, {"until": "2026-03-13", "reason": "Andere reden", "seen_due_on": seen}, follow=True
    )
    assert STALE_MESSAGE in _messages(response)
    term.refresh_from_db()
    assert term.due_on == dt.date(2026, 3, 20) and term.extension_reason == "Wacht op politie"


def test_two_extensions_at_the_same_moment_cannot_both_win(intake, make_user, clock, reference):
    clock.at(2026, 3, 2, 9)
    report = flow.register(intake)
    mine = report.terms.get(kind=TermKind.TRIAGE)
    theirs = Term.objects.get(pk=mine.pk)  # read by both before either wrote
    services.extend_term(
        term=theirs, by=make_user(Role.APPROVER), until=dt.date(2026, 3, 20), reason="eerst"
    )
    with pytest.raises(ConcurrentChange):
        services.extend_term(
            term=mine, by=make_user(Role.APPROVER), until=dt.date(2026, 3, 27), reason="later"
        )
    mine.refresh_from_db()
    assert mine.due_on == dt.date(2026, 3, 20) and mine.extension_reason == "eerst"


@pytest.fixture
def monitoring_evaluation(intake, triage, approver, case_worker, make_user, clock, reference):
    """The first evaluation of a monitoring that follows a closed investigation."""
    clock.at(2026, 3, 2, 10)
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver, outcome="onderzoek")
    investigation = report.services.get(kind=ServiceKind.INVESTIGATION)
    flow.hand_over(report, by=case_worker, service=investigation)
    form = ViolenceForm.objects.get(code="partnergeweld")
    services.propose_service_close(
        service=investigation, by=case_worker, conclusion="x", findings={form.pk: "bevestigd"}
    )
    investigation.refresh_from_db()
    services.approve_service_close(service=investigation, by=make_user(Role.APPROVER))
    monitoring = report.services.get(kind=ServiceKind.MONITORING)
    clock.at(2026, 6, 2, 10)
    return monitoring.evaluations.order_by("moment").first()


def test_a_stale_copy_of_an_evaluation_cannot_overwrite_recorded_scores(
    make_user, case_worker, monitoring_evaluation
):
    evaluation = monitoring_evaluation
    stale = Evaluation.objects.get(pk=evaluation.pk)  # opened by a colleague before the save
    services.record_evaluation(
        evaluation=evaluation,
        by=case_worker,
        done_on=dt.date(2026, 6, 1),
        score_family=7,
        score_professionals=6,
    )
    with pytest.raises(ConcurrentChange) as refused:
        services.record_evaluation(
            evaluation=stale,
            by=make_user(Role.CASE_WORKER),
            done_on=dt.date(2026, 6, 1),
            score_family=3,
            score_professionals=3,
        )
    assert "intussen door iemand anders vastgelegd" in refused.value.message
    evaluation.refresh_from_db()
    assert (evaluation.score_family, evaluation.score_professionals) == (7, 6)
    assert evaluation.recorded_by == case_worker


def test_feedback_recorded_twice_at_once_keeps_the_first(
    intake, triage, approver, make_user, clock, reference
):
    clock.at(2026, 3, 2, 9)
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver, outcome="onderzoek")
    term = report.terms.get(kind=TermKind.FEEDBACK_REPORTER)
    stale = Term.objects.get(pk=term.pk)
    first, second = make_user(Role.TRIAGE), make_user(Role.TRIAGE)
    services.inform(report=report, by=first, kind=term.kind, on=clock_today(), note="gebeld")
    from meldpunt.process import terms

    with pytest.raises(ConcurrentChange):
        terms.meet(stale, on=clock_today(), by=second, note="gemaild")
    term.refresh_from_db()
    assert term.met_by == first and term.note == "gebeld"


def clock_today():
    from meldpunt import clock

    return clock.today()


def test_a_crisis_form_completed_from_a_stale_page_does_not_overwrite_the_first(
    client_factory, make_user, clock, schiedam
):
    clock.at(2026, 3, 4, 23, 40)
    first, second = make_user(Role.CRISIS_TEAM), make_user(Role.CRISIS_TEAM)
    ci = acute.register_crisis_intervention(
        by=first,
        municipality=schiedam,
        called_at=dt.datetime(2026, 3, 4, 23, 30, tzinfo=AMS),
        summary="Ruzie",
    )
    clock.at(2026, 3, 5, 10)
    url = reverse("web:crisis_intervention_complete", args=[ci.pk])
    page = client_factory(second).get(reverse("web:crisis_intervention_detail", args=[ci.pk]))
    assert 'name="seen"' in page.content.decode()
    data = {"on_site_at": "2026-03-05T00:10", "seen": ""}
    client_factory(first).post(
        url, {**data, "outcome": CrisisOutcome.SAFETY_PLAN, "outcome_note": "eerste"}
    )
    response = client_factory(second).post(
        url, {**data, "outcome": CrisisOutcome.SAFETY_PLAN, "outcome_note": "tweede"}
    )
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert CrisisIntervention.objects.get(pk=ci.pk).outcome_note == "eerste"
