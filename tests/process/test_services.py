import datetime as dt

import pytest

from meldpunt.errors import DomainError, NotAllowed
from meldpunt.process import services
from meldpunt.process.models import ServiceKind, TermKind
from meldpunt.process.states import ServiceStatus
from meldpunt.reference.models import ViolenceForm
from tests.process import flow


@pytest.fixture
def investigation(intake, triage, approver, clock, reference):
    clock.at(2026, 3, 2, 10)
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver, outcome="onderzoek")
    return report.services.get(kind=ServiceKind.INVESTIGATION)


def test_a_service_cannot_close_before_its_hand_over(investigation, case_worker):
    with pytest.raises(DomainError, match="overdracht"):
        services.propose_service_close(
            service=investigation, by=case_worker, conclusion="x", findings={1: "bevestigd"}
        )


def test_an_investigation_closes_with_findings_and_four_eyes(
    investigation, case_worker, approver, make_user, clock
):
    from meldpunt.access.roles import Role

    clock.at(2026, 4, 20, 11)
    flow.hand_over(investigation.report, by=case_worker, service=investigation)
    with pytest.raises(DomainError, match="uitkomst"):
        services.propose_service_close(service=investigation, by=case_worker, conclusion="x")
    form = ViolenceForm.objects.get(code="partnergeweld")
    services.propose_service_close(
        service=investigation,
        by=case_worker,
        conclusion="Geweld bevestigd",
        findings={form.pk: "bevestigd"},
    )
    senior = make_user(Role.CASE_WORKER, Role.APPROVER)
    investigation.refresh_from_db()
    services.approve_service_close(service=investigation, by=senior)
    investigation.refresh_from_db()
    assert investigation.status == ServiceStatus.CLOSED
    term = investigation.terms.get(kind=TermKind.INVESTIGATION)
    assert term.met_on == dt.date(2026, 4, 20) <= term.original_due_on
    report = investigation.report
    assert report.terms.filter(kind=TermKind.FEEDBACK_AFTER_INVESTIGATION, met_on=None).exists()
    monitoring = report.services.get(kind=ServiceKind.MONITORING)
    due = list(monitoring.terms.order_by("due_on").values_list("due_on", flat=True))
    assert due == [dt.date(2026, 7, 20), dt.date(2027, 1, 20), dt.date(2027, 10, 20)]


def test_the_proposer_cannot_approve_the_closing_of_a_service(investigation, make_user, clock):
    from meldpunt.access.roles import Role

    both = make_user(Role.CASE_WORKER, Role.APPROVER)
    flow.hand_over(investigation.report, by=both, service=investigation)
    form = ViolenceForm.objects.get(code="partnergeweld")
    services.propose_service_close(
        service=investigation, by=both, conclusion="x", findings={form.pk: "weerlegd"}
    )
    investigation.refresh_from_db()
    with pytest.raises(NotAllowed, match="Vier-ogen"):
        services.approve_service_close(service=investigation, by=both)


def test_an_extended_term_keeps_its_original_due_date(investigation, approver, case_worker):
    term = investigation.terms.get()
    original = term.due_on
    with pytest.raises(NotAllowed):
        services.extend_term(
            term=term,
            by=case_worker,
            until=original + dt.timedelta(weeks=4),
            reason="Wachten op informatie van de RvdK",
        )
    with pytest.raises(DomainError, match="reden"):
        services.extend_term(
            term=term, by=approver, until=original + dt.timedelta(weeks=4), reason=""
        )
    services.extend_term(
        term=term,
        by=approver,
        until=original + dt.timedelta(weeks=4),
        reason="Wachten op informatie van de RvdK",
    )
    term.refresh_from_db()
    assert term.original_due_on == original
    assert term.due_on == original + dt.timedelta(weeks=4)
    assert term.is_extended
    assert investigation.transitions.filter(action="extend_term").get().reason.startswith("Wacht")


def test_an_extension_must_move_the_term_later(investigation, approver):
    term = investigation.terms.get()
    with pytest.raises(DomainError, match="na de huidige termijn"):
        services.extend_term(term=term, by=approver, until=term.due_on, reason="x")


def test_feedback_to_the_reporter_is_owed_until_recorded(intake, triage, approver, reference):
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver)
    assert report.terms.filter(kind=TermKind.FEEDBACK_REPORTER, met_on=None).exists()
    services.inform(
        report=report,
        by=triage,
        kind=TermKind.FEEDBACK_REPORTER,
        on=report.received_at.date(),
        note="Gebeld",
    )
    assert not report.terms.filter(kind=TermKind.FEEDBACK_REPORTER, met_on=None).exists()
    with pytest.raises(DomainError, match="niet \\(meer\\) verschuldigd"):
        services.inform(
            report=report, by=triage, kind=TermKind.FEEDBACK_REPORTER, on=report.received_at.date()
        )


def test_a_report_closes_only_when_nothing_is_owed(intake, triage, approver, reference):
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver)
    with pytest.raises(DomainError, match="termijnen open"):
        services.close_report(report=report, by=triage)
    for kind in (TermKind.FEEDBACK_REPORTER, TermKind.INFORM_INVOLVED):
        services.inform(report=report, by=triage, kind=kind, on=report.received_at.date())
    report.refresh_from_db()
    services.close_report(report=report, by=triage)
    assert report.status == "closed"


def test_monitoring_records_safety_scores_within_one_to_ten(
    investigation, case_worker, make_user, clock
):
    from meldpunt.access.roles import Role

    flow.hand_over(investigation.report, by=case_worker, service=investigation)
    form = ViolenceForm.objects.get(code="partnergeweld")
    services.propose_service_close(
        service=investigation, by=case_worker, conclusion="x", findings={form.pk: "bevestigd"}
    )
    investigation.refresh_from_db()
    services.approve_service_close(service=investigation, by=make_user(Role.APPROVER))
    monitoring = investigation.report.services.get(kind=ServiceKind.MONITORING)
    first = monitoring.evaluations.order_by("moment").first()
    clock.at(2026, 6, 2, 10)
    with pytest.raises(DomainError, match="1 tot en met 10"):
        services.record_evaluation(
            evaluation=first,
            by=case_worker,
            done_on=dt.date(2026, 6, 1),
            score_family=11,
            score_professionals=6,
        )
    services.record_evaluation(
        evaluation=first,
        by=case_worker,
        done_on=dt.date(2026, 6, 1),
        score_family=7,
        score_professionals=6,
    )
    first.refresh_from_db()
    assert first.term.met_on == dt.date(2026, 6, 1)
    with pytest.raises(DomainError, match="evaluaties"):
        services.propose_service_close(service=monitoring, by=case_worker, conclusion="x")


def test_a_hand_over_date_in_the_future_is_refused(investigation, case_worker):
    with pytest.raises(DomainError, match="toekomst"):
        flow.hand_over(
            investigation.report, by=case_worker, service=investigation, on=dt.date(2099, 1, 1)
        )
