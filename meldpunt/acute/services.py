"""The crisis team's and the assessor's actions in acute work. Each is one transaction, checks
the role, and writes its audit entry; a restraining order's status changes only through
`acute.transitions.apply`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.roles import Right
from meldpunt.acute import clocks
from meldpunt.acute.models import (
    Advice,
    Aftermath,
    CrisisIntervention,
    CrisisOutcome,
    EndReason,
    FamilyIntervention,
    Hearing,
    InformationRequest,
    InformationSource,
    InterventionKind,
    OutOfHoursContribution,
    RestrainingOrder,
)
from meldpunt.acute.states import OrderAction, OrderStatus
from meldpunt.acute.transitions import apply, check
from meldpunt.errors import ConcurrentChange, DomainError, NotAllowed
from meldpunt.reference.models import HandoverDestination, Municipality
from meldpunt.reference.services import (
    holiday_calendar,
    organisation_settings,
    out_of_office_hours,
)
from meldpunt.registry.models import Case, Person, Report


def _require(user, right: Right, what: str) -> None:
    if not user.can(right):
        raise NotAllowed(f"U heeft geen recht om {what}.")


def _local(moment: dt.datetime, *, what: str, field: str) -> dt.datetime:
    """A moment in local time; refuses naive or future moments with a Dutch message."""
    if moment is None:
        raise DomainError(f"Vul {what} in.", field=field)
    if timezone.is_naive(moment):
        raise DomainError(f"{what.capitalize()} heeft geen tijdzone.", field=field)
    if moment > clock.now():
        raise DomainError(f"{what.capitalize()} ligt in de toekomst.", field=field)
    return timezone.localtime(moment)


def _not_before(moment: dt.datetime, earliest: dt.datetime, *, what: str, field: str) -> None:
    if moment < earliest:
        raise DomainError(
            f"{what.capitalize()} ligt vóór {timezone.localtime(earliest):%d-%m-%Y %H:%M}.",
            field=field,
        )


def _case_of(*, report: Report | None, case: Case | None, person: Person | None) -> Case | None:
    if report is not None:
        if case is not None and case.pk != report.case_id:
            raise DomainError("De melding hoort bij een ander dossier.", field="report")
        return report.case
    if case is not None:
        return case
    if person is not None and person.household_id:
        return (
            Case.objects.filter(household_id=person.household_id, closed_at__isnull=True)
            .order_by("-opened_at")
            .first()
        )
    return None


# Restraining orders -------------------------------------------------------------------------


@transaction.atomic
def register_restraining_order(
    *,
    by,
    municipality: Municipality,
    imposed_at: dt.datetime,
    removed_person: Person,
    staying_behind: Iterable[Person] = (),
    street: str,
    house_number: str,
    city: str,
    postcode: str = "",
    police_reference: str = "",
    report: Report | None = None,
    case: Case | None = None,
) -> RestrainingOrder:
    """Register an order the mayor imposed; its clocks (10 days, advice, 28 days) start at the
    moment it was imposed. Linked to the police report by its reference where one exists."""
    check(None, OrderAction.REGISTER, by=by)
    imposed_at = _local(imposed_at, what="het moment van opleggen", field="imposed_at")
    staying = list(staying_behind)
    if any(p.pk == removed_person.pk for p in staying):
        raise DomainError(
            "De uithuisgeplaatste kan niet ook achterblijver zijn.", field="staying_behind"
        )
    if not (street.strip() and house_number.strip() and city.strip()):
        raise DomainError("Vul het adres van de woning in (straat, huisnummer, plaats).")
    police_reference = police_reference.strip()
    if report is None and police_reference:
        report = Report.objects.filter(police_reference=police_reference).first()
    calendar = holiday_calendar()
    order = RestrainingOrder.objects.create(
        case=_case_of(report=report, case=case, person=removed_person),
        report=report,
        municipality=municipality,
        imposed_at=imposed_at,
        police_reference=police_reference,
        removed_person=removed_person,
        street=street.strip(),
        house_number=house_number.strip(),
        postcode=postcode.strip().upper(),
        city=city.strip(),
        status=OrderStatus.IMPOSED,
        original_ends_at=clocks.order_end(imposed_at),
        ends_at=clocks.order_end(imposed_at),
        advice_due_at=clocks.advice_due(imposed_at, calendar),
        advice_warn_at=clocks.advice_warning(imposed_at, calendar),
        out_of_hours=out_of_office_hours(imposed_at, calendar),
        registered_by=by,
    )
    order.staying_behind.set(staying)
    apply(order, OrderAction.REGISTER, by=by, from_status="")
    return order


def link_orders_to_police_report(*, report: Report, by) -> int:
    """An order registered before its police report arrived (the crisis team at night) is
    linked to that report, and to its file when the order had none, as soon as a report with
    the same police reference is registered. Returns how many orders were linked."""
    if not report.police_reference:
        return 0
    linked = 0
    waiting = RestrainingOrder.objects.filter(
        police_reference=report.police_reference, report__isnull=True
    )
    for order in waiting:
        changes = {"report": report}
        if order.case_id is None:
            changes["case"] = report.case
        linked += RestrainingOrder.objects.filter(pk=order.pk, report__isnull=True).update(
            **changes
        )
        audit.record(
            "restraining_order.linked_to_report",
            actor=by,
            subject=order,
            cases=[report.case_id],
            report_id=report.pk,
        )
    return linked


@transaction.atomic
def offer_help(
    *, order: RestrainingOrder, by, to_removed: bool, offered_at: dt.datetime
) -> RestrainingOrder:
    """Help offered to the person removed (`to_removed`) or to those staying behind."""
    offered_at = _local(offered_at, what="het moment van het hulpaanbod", field="offered_at")
    _not_before(offered_at, order.imposed_at, what="het hulpaanbod", field="offered_at")
    field = "help_offered_removed_at" if to_removed else "help_offered_staying_at"
    if getattr(order, field) is not None:
        raise DomainError("Dit hulpaanbod is al vastgelegd.")
    apply(
        order,
        OrderAction.OFFER_HELP,
        by=by,
        note="uithuisgeplaatste" if to_removed else "achterblijvers",
        changes={field: offered_at},
    )
    return order


@transaction.atomic
def advise_mayor(
    *, order: RestrainingOrder, by, advice: str, advised_at: dt.datetime, note: str = ""
) -> RestrainingOrder:
    """Veilig Thuis's advice to the mayor on extending the order."""
    if advice not in Advice.values:
        raise DomainError("Kies het advies: verlengen of niet verlengen.", field="advice")
    advised_at = _local(advised_at, what="het moment van het advies", field="advised_at")
    _not_before(advised_at, order.imposed_at, what="het advies", field="advised_at")
    if order.advised_at is not None:
        raise DomainError("Het advies over verlenging is al gegeven.")
    apply(
        order,
        OrderAction.ADVISE,
        by=by,
        note=note,
        changes={"advised_at": advised_at, "advice": advice},
    )
    return order


@transaction.atomic
def extend_order(
    *, order: RestrainingOrder, by, decided_at: dt.datetime, until: dt.datetime
) -> RestrainingOrder:
    """Record the mayor's extension: decided before the 10 days end, to at most 28 days."""
    check(order, OrderAction.EXTEND, by=by)
    decided_at = _local(decided_at, what="het moment van het besluit", field="decided_at")
    if until is None or timezone.is_naive(until):
        raise DomainError("Vul het nieuwe einde van het huisverbod in.", field="until")
    refusal = clocks.extension_refusal(
        imposed_at=timezone.localtime(order.imposed_at),
        decided_at=decided_at,
        until=timezone.localtime(until),
    )
    if refusal:
        raise DomainError(refusal, field="until")
    apply(
        order,
        OrderAction.EXTEND,
        by=by,
        note=f"tot {timezone.localtime(until):%d-%m-%Y %H:%M}",
        changes={"extended_at": decided_at, "ends_at": until},
    )
    return order


@transaction.atomic
def end_order(
    *, order: RestrainingOrder, by, ended_at: dt.datetime, reason: str
) -> RestrainingOrder:
    if reason not in EndReason.values:
        raise DomainError("Kies de reden van het einde.", field="reason")
    ended_at = _local(ended_at, what="het einde", field="ended_at")
    _not_before(ended_at, order.imposed_at, what="het einde", field="ended_at")
    if reason == EndReason.EXPIRED and ended_at < order.ends_at:
        raise DomainError(
            f"Het huisverbod loopt nog tot {timezone.localtime(order.ends_at):%d-%m-%Y %H:%M}; "
            "kies intrekking of opheffing als het eerder eindigde.",
            field="reason",
        )
    apply(
        order,
        OrderAction.END,
        by=by,
        note=EndReason(reason).label,
        changes={"ended_at": ended_at, "end_reason": reason},
    )
    return order


@transaction.atomic
def close_order(
    *,
    order: RestrainingOrder,
    by,
    aftermath: str,
    note: str = "",
    new_order: RestrainingOrder | None = None,
) -> RestrainingOrder:
    """What happened after the order: a hand-over, a service, a new order, or nothing."""
    if aftermath not in Aftermath.values:
        raise DomainError("Kies wat er na het huisverbod gebeurde.", field="aftermath")
    if aftermath == Aftermath.NEW_ORDER and new_order is None:
        raise DomainError("Kies het nieuwe huisverbod.", field="new_order")
    if new_order is not None and new_order.pk == order.pk:
        raise DomainError("Een huisverbod kan niet zijn eigen vervolg zijn.", field="new_order")
    apply(
        order,
        OrderAction.CLOSE,
        by=by,
        note=note,
        changes={"aftermath": aftermath, "new_order": new_order},
    )
    return order


@transaction.atomic
def record_out_of_hours_contribution(
    *,
    order: RestrainingOrder,
    by,
    started_at: dt.datetime,
    ended_at: dt.datetime | None = None,
    note: str = "",
) -> OutOfHoursContribution:
    """The crisis team's contribution to an order outside office hours."""
    _require(by, Right.CRISIS_WORK, "inzet van de crisisdienst vast te leggen")
    started_at = _local(started_at, what="het begin van de inzet", field="started_at")
    if not out_of_office_hours(started_at):
        raise DomainError(
            "Deze inzet begon binnen kantoortijd (werkdagen "
            f"{organisation_settings().office_hours_label}); leg alleen inzet buiten kantoortijd "
            "vast.",
            field="started_at",
        )
    if ended_at is not None:
        ended_at = _local(ended_at, what="het einde van de inzet", field="ended_at")
        _not_before(ended_at, started_at, what="het einde van de inzet", field="ended_at")
    contribution = OutOfHoursContribution.objects.create(
        order=order, started_at=started_at, ended_at=ended_at, by=by, note=note
    )
    audit.record(
        "restraining_order.out_of_hours",
        actor=by,
        subject=contribution,
        order_id=order.pk,
        case_id=order.case_id,
    )
    return contribution


# Crisis interventions --------------------------------------------------------------------------


@transaction.atomic
def register_crisis_intervention(
    *,
    by,
    municipality: Municipality,
    called_at: dt.datetime,
    summary: str,
    on_site_at: dt.datetime | None = None,
    responders: Iterable = (),
    report: Report | None = None,
    case: Case | None = None,
) -> CrisisIntervention:
    """The short form: when the call came in, where, and a few words; the rest can follow. The
    48-hour hand-over clock starts at the call."""
    _require(by, Right.CRISIS_WORK, "een crisisinterventie vast te leggen")
    called_at = _local(called_at, what="het moment van de melding", field="called_at")
    if not summary.strip():
        raise DomainError("Geef een korte omschrijving.", field="summary")
    if on_site_at is not None:
        on_site_at = _local(on_site_at, what="het moment ter plaatse", field="on_site_at")
        _not_before(on_site_at, called_at, what="het moment ter plaatse", field="on_site_at")
    intervention = CrisisIntervention.objects.create(
        case=_case_of(report=report, case=case, person=None),
        report=report,
        municipality=municipality,
        called_at=called_at,
        on_site_at=on_site_at,
        summary=summary.strip(),
        handover_due_at=clocks.handover_due(called_at),
        handover_warn_at=clocks.handover_warning(called_at),
        out_of_hours=out_of_office_hours(called_at),
        registered_by=by,
    )
    intervention.responders.set(list(responders) or [by])
    audit.record(
        "crisis_intervention.registered",
        actor=by,
        subject=intervention,
        case_id=intervention.case_id,
    )
    return intervention


@transaction.atomic
def complete_crisis_intervention(
    *,
    intervention: CrisisIntervention,
    by,
    on_site_at: dt.datetime,
    outcome: str,
    outcome_note: str = "",
    responders: Iterable = (),
) -> CrisisIntervention:
    """Complete the short form later: who went, when on site, the outcome."""
    _require(by, Right.CRISIS_WORK, "een crisisinterventie aan te vullen")
    if outcome not in CrisisOutcome.values:
        raise DomainError("Kies de uitkomst van de crisisinterventie.", field="outcome")
    on_site_at = _local(on_site_at, what="het moment ter plaatse", field="on_site_at")
    _not_before(
        on_site_at, intervention.called_at, what="het moment ter plaatse", field="on_site_at"
    )
    values = {
        "on_site_at": on_site_at,
        "outcome": outcome,
        "outcome_note": outcome_note.strip(),
        "completed_at": clock.now(),
    }
    # Compare-and-swap on the moment of the last completion that was read: two professionals
    # completing the same form at once do not overwrite each other.
    claimed = CrisisIntervention.objects.filter(
        pk=intervention.pk, completed_at=intervention.completed_at
    ).update(**values)
    if not claimed:
        raise ConcurrentChange()
    for field, value in values.items():
        setattr(intervention, field, value)
    responders = list(responders)
    if responders:
        intervention.responders.set(responders)
    audit.record(
        "crisis_intervention.completed",
        actor=by,
        subject=intervention,
        case_id=intervention.case_id,
        outcome=outcome,
    )
    return intervention


@transaction.atomic
def hand_over_crisis(
    *,
    intervention: CrisisIntervention,
    by,
    handed_over_at: dt.datetime,
    destination: HandoverDestination,
) -> CrisisIntervention:
    """The hand-over to the local team; measured against 48 hours after the call."""
    _require(by, Right.CRISIS_WORK, "een crisisinterventie over te dragen")
    if intervention.handed_over_at is not None:
        raise DomainError("Deze crisisinterventie is al overgedragen.")
    handed_over_at = _local(
        handed_over_at, what="het moment van overdracht", field="handed_over_at"
    )
    _not_before(
        handed_over_at, intervention.called_at, what="de overdracht", field="handed_over_at"
    )
    intervention.handed_over_at = handed_over_at
    intervention.handover_destination = destination
    intervention.save(update_fields=["handed_over_at", "handover_destination"])
    audit.record(
        "crisis_intervention.handed_over",
        actor=by,
        subject=intervention,
        case_id=intervention.case_id,
        in_time=bool(intervention.handed_over_in_time),
    )
    return intervention


# The hearing function (Wvggz) -----------------------------------------------------------------


@transaction.atomic
def request_hearing(
    *,
    by,
    municipality: Municipality,
    requested_at: dt.datetime,
    person: Person | None = None,
    case: Case | None = None,
) -> Hearing:
    """The mayor's request to hear someone before a crisis measure under the Wvggz."""
    _require(by, Right.CRISIS_WORK, "een hoorverzoek vast te leggen")
    requested_at = _local(requested_at, what="het moment van het verzoek", field="requested_at")
    hearing = Hearing.objects.create(
        case=_case_of(report=None, case=case, person=person),
        municipality=municipality,
        person=person,
        requested_at=requested_at,
        registered_by=by,
    )
    audit.record("hearing.requested", actor=by, subject=hearing, case_id=hearing.case_id)
    return hearing


@transaction.atomic
def record_hearing(
    *,
    hearing: Hearing,
    by,
    heard_at: dt.datetime | None = None,
    not_heard_reason: str = "",
    report_sent_at: dt.datetime | None = None,
) -> Hearing:
    """The hearing (or why it could not take place) and the report sent back to the mayor."""
    _require(by, Right.CRISIS_WORK, "een hoorzitting vast te leggen")
    not_heard_reason = not_heard_reason.strip()
    if (heard_at is None) == (not not_heard_reason):
        raise DomainError(
            "Vul het moment van horen in, of waarom het horen niet kon plaatsvinden (niet beide).",
            field="heard_at",
        )
    if heard_at is not None:
        heard_at = _local(heard_at, what="het moment van horen", field="heard_at")
        _not_before(heard_at, hearing.requested_at, what="het horen", field="heard_at")
    if report_sent_at is not None:
        report_sent_at = _local(report_sent_at, what="het versturen", field="report_sent_at")
        _not_before(
            report_sent_at,
            heard_at or hearing.requested_at,
            what="het verslag",
            field="report_sent_at",
        )
    hearing.heard_at = heard_at
    hearing.heard_by = by if heard_at else None
    hearing.not_heard_reason = not_heard_reason
    hearing.report_sent_at = report_sent_at
    hearing.save(update_fields=["heard_at", "heard_by", "not_heard_reason", "report_sent_at"])
    audit.record(
        "hearing.recorded", actor=by, subject=hearing, case_id=hearing.case_id, heard=bool(heard_at)
    )
    return hearing


# Information gathering during the safety assessment -------------------------------------------


@transaction.atomic
def request_information(
    *, report: Report, by, source: str, question: str, asked_at: dt.datetime | None = None
) -> InformationRequest:
    _require(by, Right.GATHER_INFORMATION, "informatie op te vragen")
    if source not in InformationSource.values:
        raise DomainError("Kies bij wie de informatie wordt opgevraagd.", field="source")
    if not question.strip():
        raise DomainError("Schrijf de vraag op.", field="question")
    asked_at = _local(asked_at or clock.now(), what="het moment van vragen", field="asked_at")
    request = InformationRequest.objects.create(
        report=report, source=source, question=question.strip(), asked_at=asked_at, asked_by=by
    )
    audit.record(
        "information_request.asked", actor=by, subject=request, report_id=report.pk, source=source
    )
    return request


@transaction.atomic
def record_answer(
    *,
    request: InformationRequest,
    by,
    answer: str,
    answered_by: str,
    answered_at: dt.datetime | None = None,
) -> InformationRequest:
    _require(by, Right.GATHER_INFORMATION, "een antwoord vast te leggen")
    if request.answered_at is not None:
        raise DomainError("Dit verzoek is al beantwoord.")
    if not answer.strip():
        raise DomainError("Schrijf het antwoord op.", field="answer")
    if not answered_by.strip():
        raise DomainError("Vul in wie antwoordde.", field="answered_by")
    answered_at = _local(answered_at or clock.now(), what="het antwoord", field="answered_at")
    _not_before(answered_at, request.asked_at, what="het antwoord", field="answered_at")
    request.answered_at = answered_at
    request.answer = answer.strip()
    request.answered_by = answered_by.strip()
    request.save(update_fields=["answered_at", "answer", "answered_by"])
    audit.record(
        "information_request.answered", actor=by, subject=request, report_id=request.report_id
    )
    return request


# Interventions around a family -----------------------------------------------------------------


@transaction.atomic
def start_family_intervention(
    *,
    case: Case,
    by,
    kind: str,
    started_on: dt.date,
    lead_organisation: str,
    vt_leads: bool = False,
    note: str = "",
) -> FamilyIntervention:
    _require(by, Right.GATHER_INFORMATION, "een interventie vast te leggen")
    if kind not in InterventionKind.values:
        raise DomainError("Kies de interventie.", field="kind")
    if started_on > clock.today():
        raise DomainError("De startdatum ligt in de toekomst.", field="started_on")
    lead = lead_organisation.strip() or ("Veilig Thuis" if vt_leads else "")
    if not lead:
        raise DomainError("Vul de regievoerende organisatie in.", field="lead_organisation")
    intervention = FamilyIntervention.objects.create(
        case=case,
        kind=kind,
        started_on=started_on,
        lead_organisation=lead,
        vt_leads=vt_leads,
        note=note.strip(),
        registered_by=by,
    )
    audit.record(
        "family_intervention.started", actor=by, subject=intervention, case_id=case.pk, kind=kind
    )
    return intervention


@transaction.atomic
def end_family_intervention(
    *, intervention: FamilyIntervention, by, ended_on: dt.date
) -> FamilyIntervention:
    _require(by, Right.GATHER_INFORMATION, "een interventie te beëindigen")
    if intervention.ended_on is not None:
        raise DomainError("Deze interventie is al beëindigd.")
    if ended_on > clock.today():
        raise DomainError("De einddatum ligt in de toekomst.", field="ended_on")
    if ended_on < intervention.started_on:
        raise DomainError("De einddatum ligt vóór de start.", field="ended_on")
    intervention.ended_on = ended_on
    intervention.save(update_fields=["ended_on"])
    audit.record(
        "family_intervention.ended", actor=by, subject=intervention, case_id=intervention.case_id
    )
    return intervention
