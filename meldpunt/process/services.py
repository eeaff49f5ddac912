"""The professional's actions on the process. Each is one transaction: the status change goes
through `transitions.apply` (the one door), terms open and close here, and every write is
audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.roles import Right
from meldpunt.errors import ConcurrentChange, DomainError, NotAllowed
from meldpunt.process import places, prior_involvement, terms
from meldpunt.process.models import (
    DecisionStatus,
    Evaluation,
    Finding,
    Handover,
    Routing,
    RoutingKind,
    SafetyAssessment,
    Service,
    ServiceKind,
    Term,
    TermKind,
    TriageDecision,
    TriageOutcome,
)
from meldpunt.process.states import Action, ServiceStatus
from meldpunt.process.transitions import apply
from meldpunt.radar import services as radar
from meldpunt.reference.models import HandoverDestination, ViolenceForm
from meldpunt.reference.services import organisation_settings
from meldpunt.registry.models import Report, ReportStatus

SERVICE_FOR_OUTCOME = {
    TriageOutcome.SUPPORT: ServiceKind.SUPPORT,
    TriageOutcome.INVESTIGATION: ServiceKind.INVESTIGATION,
}
TERM_FOR_SERVICE = {
    ServiceKind.SUPPORT: TermKind.SUPPORT,
    ServiceKind.INVESTIGATION: TermKind.INVESTIGATION,
}


def _today() -> dt.date:
    return clock.today()


def _check_date(on: dt.date, *, not_before: dt.date | None = None, what: str = "De datum") -> None:
    if on > _today():
        raise DomainError(f"{what} ligt in de toekomst.")
    if not_before is not None and on < not_before:
        raise DomainError(f"{what} ligt vóór {not_before:%d-%m-%Y}.")


@transaction.atomic
def start_assessment(*, report: Report, by) -> Report:
    apply(report, Action.START_ASSESSMENT, by=by)
    if report.assigned_to_id is None:
        Report.objects.filter(pk=report.pk).update(assigned_to=by)
        report.assigned_to = by
    return report


@transaction.atomic
def propose_triage_decision(
    *,
    report: Report,
    by,
    acute_unsafety: bool,
    structural_unsafety: bool,
    assessment_rationale: str,
    outcome: str,
    rationale: str,
    crisis_intervention: bool = False,
    notify_police: bool = False,
    notify_rvdk: bool = False,
) -> TriageDecision:
    """Record the safety assessment and propose the decision; it takes effect on approval."""
    if outcome not in TriageOutcome.values:
        raise DomainError(f"Onbekend triagebesluit '{outcome}'.", field="outcome")
    if not assessment_rationale.strip():
        raise DomainError("Onderbouw de veiligheidsbeoordeling.", field="assessment_rationale")
    if not rationale.strip():
        raise DomainError("Onderbouw het triagebesluit.", field="rationale")
    apply(report, Action.PROPOSE_DECISION, by=by)
    now = clock.now()
    SafetyAssessment.objects.update_or_create(
        report=report,
        defaults={
            "acute_unsafety": acute_unsafety,
            "structural_unsafety": structural_unsafety,
            "rationale": assessment_rationale,
            "assessed_by": by,
            "assessed_at": now,
        },
    )
    decision = TriageDecision.objects.create(
        report=report,
        **places.of(report),
        outcome=outcome,
        rationale=rationale,
        crisis_intervention=crisis_intervention,
        notify_police=notify_police,
        notify_rvdk=notify_rvdk or outcome == TriageOutcome.RVDK_REQUEST,
        proposed_by=by,
        proposed_at=now,
    )
    audit.record("triage.proposed", actor=by, subject=decision, report_id=report.pk)
    return decision


def _pending_decision(report: Report) -> TriageDecision:
    decision = (
        report.triage_decisions.filter(status=DecisionStatus.PROPOSED)
        .order_by("-proposed_at")
        .first()
    )
    if decision is None:
        raise DomainError("Er ligt geen triagebesluit ter accordering.")
    return decision


@transaction.atomic
def approve_triage_decision(*, report: Report, by, note: str = "") -> TriageDecision:
    """The second professional approves: the decision takes effect now."""
    decision = _pending_decision(report)
    apply(report, Action.APPROVE_DECISION, by=by, reason=note)
    now = clock.now()
    today = clock.local_date(now)
    decision.status = DecisionStatus.APPROVED
    decision.approved_by = by
    decision.decided_at = now
    decision.review_note = note
    decision.save(update_fields=["status", "approved_by", "decided_at", "review_note"])

    triage_term = report.terms.get(kind=TermKind.TRIAGE, met_on__isnull=True)
    terms.meet(triage_term, on=today, by=by)
    report.prior_involvement = prior_involvement.classify(report)
    report.crisis_intervention = report.crisis_intervention or decision.crisis_intervention
    report.save(update_fields=["prior_involvement", "crisis_intervention"])
    radar.fix_report_facts(report)

    terms.open_term(TermKind.INFORM_INVOLVED, report=report, started_on=today)
    reporter = getattr(report, "reporter", None)
    if reporter is not None and reporter.wants_feedback:
        terms.open_term(TermKind.FEEDBACK_REPORTER, report=report, started_on=today)
    kind = SERVICE_FOR_OUTCOME.get(TriageOutcome(decision.outcome))
    if kind is not None:
        _start_service(report=report, kind=kind, started_on=today, by=by)
    audit.record(
        "triage.approved", actor=by, subject=decision, report_id=report.pk, outcome=decision.outcome
    )
    return decision


@transaction.atomic
def reject_triage_decision(*, report: Report, by, reason: str) -> TriageDecision:
    decision = _pending_decision(report)
    apply(report, Action.REJECT_DECISION, by=by, reason=reason)
    decision.status = DecisionStatus.REJECTED
    decision.approved_by = None
    decision.review_note = reason
    decision.save(update_fields=["status", "approved_by", "review_note"])
    audit.record("triage.rejected", actor=by, subject=decision, report_id=report.pk)
    return decision


def _start_service(
    *, report: Report, kind: str, started_on: dt.date, by, previous: Service | None = None
) -> Service:
    service = Service.objects.create(
        report=report,
        **places.of(report),
        kind=kind,
        started_on=started_on,
        previous=previous,
        assigned_to=previous.assigned_to if previous else None,
    )
    if kind in TERM_FOR_SERVICE:
        terms.open_term(
            TERM_FOR_SERVICE[kind], report=report, service=service, started_on=started_on
        )
    audit.record("service.started", actor=by, subject=service, report_id=report.pk, kind=kind)
    return service


def _start_monitoring(*, service: Service, handed_over_on: dt.date, by) -> Service:
    monitoring = _start_service(
        report=service.report,
        kind=ServiceKind.MONITORING,
        started_on=handed_over_on,
        by=by,
        previous=service,
    )
    for months in organisation_settings().monitoring_month_list():
        evaluation = Evaluation.objects.create(
            service=monitoring, moment=months, **places.of(service.report)
        )
        terms.open_term(
            TermKind.EVALUATION,
            report=service.report,
            service=monitoring,
            evaluation=evaluation,
            started_on=handed_over_on,
            months=months,
        )
    return monitoring


@transaction.atomic
def record_handover(
    *,
    report: Report,
    by,
    destination: HandoverDestination,
    handed_over_on: dt.date,
    warm: bool = False,
    service: Service | None = None,
    note: str = "",
) -> Handover:
    """Hand over to the party that then carries responsibility for safety."""
    if not (by.can(Right.WORK_SERVICE) or by.can(Right.ASSESS_SAFETY)):
        raise NotAllowed("U heeft geen recht om een overdracht vast te leggen.")
    if report.status not in (ReportStatus.DECIDED,):
        raise DomainError("Een overdracht kan pas na het triagebesluit.")
    if service is not None and service.report_id != report.pk:
        raise DomainError("Deze dienst hoort niet bij deze melding.")
    if service is not None and service.status == ServiceStatus.CLOSED:
        raise DomainError("Deze dienst is al afgesloten.")
    start = service.started_on if service else clock.local_date(report.received_at)
    _check_date(handed_over_on, not_before=start, what="De datum van overdracht")
    handover = Handover.objects.create(
        report=report,
        **places.of(report),
        service=service,
        destination=destination,
        warm=warm,
        handed_over_on=handed_over_on,
        note=note,
        by=by,
    )
    audit.record(
        "handover.recorded",
        actor=by,
        subject=handover,
        report_id=report.pk,
        destination=destination.code,
    )
    return handover


@transaction.atomic
def inform(*, report: Report, by, kind: str, on: dt.date, note: str = "") -> Term:
    """Record that the reporter got feedback or the people involved were informed."""
    if kind not in (
        TermKind.FEEDBACK_REPORTER,
        TermKind.INFORM_INVOLVED,
        TermKind.FEEDBACK_AFTER_INVESTIGATION,
    ):
        raise DomainError("Onbekende soort terugkoppeling.", field="kind")
    if not by.can(Right.INFORM):
        raise NotAllowed("U heeft geen recht om terugkoppeling vast te leggen.")
    term = report.terms.filter(kind=kind, met_on__isnull=True).first()
    if term is None:
        raise DomainError(f"'{TermKind(kind).label}' is niet (meer) verschuldigd.")
    _check_date(on, not_before=term.started_on, what="De datum")
    terms.meet(term, on=on, by=by, note=note)
    audit.record("report.informed", actor=by, subject=report, kind=kind)
    return term


@transaction.atomic
def propose_service_close(
    *,
    service: Service,
    by,
    conclusion: str,
    findings: Mapping[int, str] | None = None,
) -> Service:
    """Propose to close a service. V&V and Onderzoek need a hand-over first; an Onderzoek needs
    its outcome per form of violence; monitoring needs its evaluations held."""
    if not conclusion.strip():
        raise DomainError("Beschrijf de conclusie.", field="conclusion")
    if service.kind in TERM_FOR_SERVICE and not service.handovers.exists():
        raise DomainError("Leg eerst de overdracht vast voordat u de dienst afsluit.")
    if service.kind == ServiceKind.INVESTIGATION:
        from meldpunt.reference.cbs import InvestigationFinding

        if not findings:
            raise DomainError(
                "Geef de uitkomst van het onderzoek per geweldsvorm.", field="findings"
            )
        for form_id, finding in findings.items():
            if finding not in InvestigationFinding.values:
                raise DomainError(f"Onbekende uitkomst '{finding}'.", field="findings")
            form = ViolenceForm.objects.filter(pk=form_id).first()
            if form is None:
                raise DomainError(f"Onbekende geweldsvorm {form_id}.", field="findings")
    if (
        service.kind == ServiceKind.MONITORING
        and service.evaluations.filter(done_on__isnull=True).exists()
    ):
        raise DomainError("Niet alle evaluaties van de monitoring zijn gehouden.")
    apply(service, Action.PROPOSE_CLOSE, by=by)
    service.conclusion = conclusion
    service.save(update_fields=["conclusion"])
    if findings:
        service.findings.all().delete()
        Finding.objects.bulk_create(
            [Finding(service=service, violence_form_id=k, finding=v) for k, v in findings.items()]
        )
    return service


@transaction.atomic
def approve_service_close(*, service: Service, by, note: str = "", monitor: bool = True) -> Service:
    """Second professional approves: the service closes, its term is met, monitoring starts
    after V&V or Onderzoek, and after an Onderzoek feedback to the reporter is owed."""
    apply(service, Action.APPROVE_CLOSE, by=by, reason=note)
    today = _today()
    service.closed_on = today
    service.save(update_fields=["closed_on"])
    for term in service.terms.filter(met_on__isnull=True, evaluation__isnull=True):
        terms.meet(term, on=today, by=by)
    report = service.report
    if service.kind == ServiceKind.INVESTIGATION:
        reporter = getattr(report, "reporter", None)
        if reporter is not None and reporter.wants_feedback:
            terms.open_term(TermKind.FEEDBACK_AFTER_INVESTIGATION, report=report, started_on=today)
    if service.kind in TERM_FOR_SERVICE and monitor:
        handover = service.handovers.order_by("-handed_over_on").first()
        _start_monitoring(service=service, handed_over_on=handover.handed_over_on, by=by)
    return service


@transaction.atomic
def reject_service_close(*, service: Service, by, reason: str) -> Service:
    apply(service, Action.REJECT_CLOSE, by=by, reason=reason)
    return service


@transaction.atomic
def record_evaluation(
    *,
    evaluation: Evaluation,
    by,
    done_on: dt.date,
    score_family: int | None,
    score_professionals: int | None,
    note: str = "",
) -> Evaluation:
    service = evaluation.service
    if not by.can(Right.WORK_SERVICE):
        raise NotAllowed("U heeft geen recht om een evaluatie vast te leggen.")
    if service.status != ServiceStatus.ACTIVE:
        raise DomainError("Deze monitoring loopt niet meer.")
    if evaluation.done_on is not None:
        raise DomainError("Deze evaluatie is al vastgelegd.")
    for label, score in (("gezin", score_family), ("professionals", score_professionals)):
        if score is not None and not 1 <= score <= 10:
            raise DomainError(f"Het veiligheidscijfer ({label}) loopt van 1 tot en met 10.")
    if score_family is None and score_professionals is None:
        raise DomainError("Geef ten minste één veiligheidscijfer.")
    _check_date(done_on, not_before=service.started_on, what="De evaluatiedatum")
    values = {
        "done_on": done_on,
        "score_family": score_family,
        "score_professionals": score_professionals,
        "note": note,
        "recorded_by": by,
    }
    # Compare-and-swap: two professionals recording the same evaluation from their own screens
    # must not overwrite each other's scores.
    if not Evaluation.objects.filter(pk=evaluation.pk, done_on__isnull=True).update(**values):
        raise ConcurrentChange(
            "Deze evaluatie is intussen door iemand anders vastgelegd. Uw scores zijn niet "
            "opgeslagen; bekijk de vastgelegde evaluatie."
        )
    for field, value in values.items():
        setattr(evaluation, field, value)
    terms.meet(evaluation.term, on=done_on, by=by)
    audit.record("evaluation.recorded", actor=by, subject=evaluation, report_id=service.report_id)
    return evaluation


@transaction.atomic
def extend_term(*, term: Term, by, until: dt.date, reason: str) -> Term:
    """An approving role extends a term with a reason; the original due date stays."""
    subject = term.service if term.service_id else term.report
    apply(subject, Action.EXTEND_TERM, by=by, reason=reason)
    terms.extend(term, until=until, reason=reason)
    audit.record(
        "term.extended",
        actor=by,
        subject=term,
        report_id=term.report_id,
        original_due_on=term.original_due_on.isoformat(),
        due_on=until.isoformat(),
    )
    return term


@transaction.atomic
def close_report(*, report: Report, by) -> Report:
    if report.terms.filter(met_on__isnull=True).exists():
        raise DomainError("Er staan nog termijnen open voor deze melding.")
    if report.services.exclude(status=ServiceStatus.CLOSED).exists():
        raise DomainError("Er loopt nog een dienst bij deze melding.")
    apply(report, Action.CLOSE_REPORT, by=by)
    return report


def _route(
    *, report: Report, by, kind: str, action: Action, to_organisation: str, reason: str
) -> Routing:
    apply(report, action, by=by, reason=reason)
    report.terms.filter(met_on__isnull=True).update(
        met_on=_today(), met_by=by, note=reason, cancelled=True
    )
    routing = Routing.objects.create(
        report=report,
        kind=kind,
        to_organisation=to_organisation,
        reason=reason,
        by=by,
        at=clock.now(),
    )
    audit.record(f"report.{action}", actor=by, subject=routing, report_id=report.pk)
    return routing


@transaction.atomic
def transfer_to_region(*, report: Report, by, to_organisation: str, reason: str) -> Routing:
    """The family lives in another region: hand the report to that Veilig Thuis."""
    if not to_organisation.strip():
        raise DomainError(
            "Geef aan naar welke Veilig Thuis-organisatie de melding gaat.", field="to_organisation"
        )
    return _route(
        report=report,
        by=by,
        kind=RoutingKind.TRANSFER,
        action=Action.TRANSFER,
        to_organisation=to_organisation.strip(),
        reason=reason,
    )


@transaction.atomic
def return_to_police(*, report: Report, by, reason: str) -> Routing:
    """A police report that is not for Veilig Thuis goes back, with a reason."""
    from meldpunt.registry.models import ReportSource

    if report.source != ReportSource.POLICE and not report.police_reference:
        raise DomainError("Alleen een politiemelding kan worden teruggestuurd naar de politie.")
    return _route(
        report=report,
        by=by,
        kind=RoutingKind.RETURN_TO_POLICE,
        action=Action.RETURN_TO_POLICE,
        to_organisation="Politie",
        reason=reason,
    )
