import datetime as dt
import threading

import pytest
from django.db import connection

from meldpunt.access import audit  # noqa: F401  (the audit hook is part of the contract)
from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.errors import ConcurrentChange, NotAllowed
from meldpunt.process import services
from meldpunt.process.models import DecisionStatus, Term, TermKind, Transition
from meldpunt.reference.cbs import PriorInvolvement
from meldpunt.registry.models import Report, ReportStatus
from tests.process import flow


def test_a_report_is_due_for_triage_five_working_days_after_receipt(intake, clock, reference):
    clock.at(2026, 3, 6, 16)  # Friday
    report = flow.register(intake)
    term = report.terms.get(kind=TermKind.TRIAGE)
    assert term.started_on == dt.date(2026, 3, 6)
    assert term.due_on == dt.date(2026, 3, 13)
    assert term.warn_on == dt.date(2026, 3, 11)


def test_triage_decision_needs_a_second_professional(make_user, intake, reference):
    both = make_user(Role.TRIAGE, Role.APPROVER)
    report = flow.register(intake)
    services.start_assessment(report=report, by=both)
    services.propose_triage_decision(
        report=report,
        by=both,
        acute_unsafety=False,
        structural_unsafety=True,
        assessment_rationale="x",
        outcome="onderzoek",
        rationale="y",
    )
    with pytest.raises(NotAllowed, match="Vier-ogen"):
        services.approve_triage_decision(report=report, by=both)
    report.refresh_from_db()
    assert report.status == ReportStatus.AWAITING_APPROVAL
    assert report.triage_decisions.get().status == DecisionStatus.PROPOSED
    assert report.terms.get(kind=TermKind.TRIAGE).met_on is None


def test_an_approved_decision_takes_effect_and_stops_the_triage_clock(
    intake, triage, approver, clock, reference
):
    clock.at(2026, 3, 2, 10)
    report = flow.register(intake)
    clock.at(2026, 3, 9, 15)  # the due day: on time
    decision = flow.decide(report, triage=triage, approver=approver, outcome="onderzoek")
    report.refresh_from_db()
    assert report.status == ReportStatus.DECIDED
    assert decision.approved_by == approver
    term = report.terms.get(kind=TermKind.TRIAGE)
    assert term.met_on == dt.date(2026, 3, 9) == term.due_on
    service = report.services.get()
    assert service.kind == "onderzoek"
    assert service.terms.get().due_on == dt.date(2026, 5, 18)
    owed = set(report.terms.filter(met_on__isnull=True).values_list("kind", flat=True))
    assert {TermKind.INFORM_INVOLVED, TermKind.FEEDBACK_REPORTER, TermKind.INVESTIGATION} == owed


def test_a_rejected_decision_goes_back_and_a_new_one_can_be_proposed(
    intake, triage, approver, reference
):
    report = flow.register(intake)
    services.start_assessment(report=report, by=triage)
    services.propose_triage_decision(
        report=report,
        by=triage,
        acute_unsafety=False,
        structural_unsafety=False,
        assessment_rationale="x",
        outcome="einde_bemoeienis",
        rationale="y",
    )
    services.reject_triage_decision(report=report, by=approver, reason="Eerst politie bevragen")
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_ASSESSMENT
    flow_decision = services.propose_triage_decision(
        report=report,
        by=triage,
        acute_unsafety=False,
        structural_unsafety=True,
        assessment_rationale="x",
        outcome="overdracht",
        rationale="y",
    )
    services.approve_triage_decision(report=report, by=approver)
    assert report.triage_decisions.get(status=DecisionStatus.APPROVED) == flow_decision
    assert report.triage_decisions.filter(status=DecisionStatus.REJECTED).count() == 1


def test_every_report_gets_its_own_triage_decision_also_the_third_about_one_incident(
    intake, triage, approver, reference
):
    victim = flow.person(bsn="111222333")
    first = flow.register(intake, people=[victim])
    known = first.involvements.get().person
    second = flow.register(intake, people=[flow.person(person_id=known.pk)])
    third = flow.register(intake, people=[flow.person(person_id=known.pk)])
    assert first.case == second.case == third.case
    for report in (first, second, third):
        flow.decide(report, triage=triage, approver=approver)
    assert all(
        r.triage_decisions.filter(status="approved").count() == 1 for r in (first, second, third)
    )
    assert Report.objects.filter(status=ReportStatus.DECIDED).count() == 3


def test_prior_involvement_is_fixed_at_the_decision(intake, triage, approver, reference):
    first = flow.register(intake)
    flow.decide(first, triage=triage, approver=approver, outcome="einde_bemoeienis")
    first.refresh_from_db()
    assert first.prior_involvement == PriorInvolvement.FIRST
    person = first.involvements.get().person
    second = flow.register(intake, people=[flow.person(person_id=person.pk)])
    flow.decide(second, triage=triage, approver=approver)
    second.refresh_from_db()
    # the first report is decided but still open (feedback owed): VT is still involved
    assert second.prior_involvement == PriorInvolvement.AFTER_ASSESSMENT


def test_a_report_during_an_open_assessment_is_a_follow_up_report(
    intake, triage, approver, reference
):
    first = flow.register(intake)
    person = first.involvements.get().person
    second = flow.register(intake, people=[flow.person(person_id=person.pk)])
    flow.decide(second, triage=triage, approver=approver)
    second.refresh_from_db()
    assert second.prior_involvement == PriorInvolvement.DURING_ASSESSMENT


def test_a_stale_copy_cannot_overwrite_a_newer_change(intake, triage, make_user, reference):
    report = flow.register(intake)
    stale = Report.objects.get(pk=report.pk)
    other = make_user(Role.TRIAGE)
    services.start_assessment(report=report, by=triage)
    with pytest.raises(ConcurrentChange, match="Iemand anders"):
        services.start_assessment(report=stale, by=other)
    assert Transition.objects.filter(report=report).count() == 1
    report.refresh_from_db()
    assert report.assigned_to == triage


@pytest.mark.django_db(transaction=True)
def test_two_racing_transitions_of_one_report_exactly_one_wins(make_user, reference):
    intake = make_user(Role.INTAKE)
    report = flow.register(intake)
    users = [make_user(Role.TRIAGE), make_user(Role.TRIAGE)]
    copies = [Report.objects.get(pk=report.pk) for _ in users]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(copy, user):
        try:
            barrier.wait()
            services.start_assessment(report=copy, by=user)
            outcomes.append("won")
        except ConcurrentChange:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=(c, u)) for c, u in zip(copies, users, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "won"]
    assert Transition.objects.filter(report_id=report.pk).count() == 1
    assert Report.objects.get(pk=report.pk).version == 1


def test_every_transition_writes_its_audit_entry(intake, triage, approver, reference):
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver)
    events = list(
        AuditEntry.objects.filter(subject_type="registry.report", subject_id=report.pk)
        .order_by("id")
        .values_list("event", flat=True)
    )
    assert events[:4] == [
        "report.registered",
        "report.start_assessment",
        "report.propose_decision",
        "report.approve_decision",
    ]
    assert Term.objects.filter(report=report, kind=TermKind.TRIAGE).get().met_by == approver


def test_a_report_after_the_earlier_one_was_closed_is_a_repeat_report(
    intake, triage, approver, clock, reference
):
    from meldpunt.process.models import TermKind

    clock.at(2026, 1, 5, 10)
    mother, child = flow.person(role="victim"), flow.person(role="child")
    first = flow.register(intake, people=[mother, child])
    flow.decide(first, triage=triage, approver=approver, outcome="einde_bemoeienis")
    for kind in (TermKind.FEEDBACK_REPORTER, TermKind.INFORM_INVOLVED):
        services.inform(report=first, by=triage, kind=kind, on=clock.at(2026, 1, 6, 10).date())
    first.refresh_from_db()
    services.close_report(report=first, by=triage)
    clock.at(2026, 2, 2, 10)
    known = [flow.person(person_id=i.person_id, role=i.role) for i in first.involvements.all()]
    second = flow.register(intake, people=known)
    flow.decide(second, triage=triage, approver=approver)
    second.refresh_from_db()
    assert second.prior_involvement == PriorInvolvement.REPEAT_SEVERAL


def test_a_report_received_while_the_family_is_monitored_is_a_follow_up_during_monitoring(
    intake, triage, approver, case_worker, clock, reference
):
    from meldpunt.process.models import ServiceKind

    clock.at(2026, 1, 5, 10)
    first = flow.register(intake)
    flow.decide(first, triage=triage, approver=approver, outcome="voorwaarden_vervolg")
    support = first.services.get()
    flow.hand_over(first, by=case_worker, service=support)
    services.propose_service_close(service=support, by=case_worker, conclusion="Veilig")
    support.refresh_from_db()
    services.approve_service_close(service=support, by=approver)
    assert first.services.filter(kind=ServiceKind.MONITORING, closed_on=None).exists()
    clock.at(2026, 4, 1, 10)
    second = flow.register(
        intake, people=[flow.person(person_id=first.involvements.get().person_id)]
    )
    flow.decide(second, triage=triage, approver=approver)
    second.refresh_from_db()
    assert second.prior_involvement == PriorInvolvement.DURING_MONITORING
