"""Reads of acute work: lists, the acute clocks for the worklist, and the figures. Every query
starts from the visibility filter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.urls import reverse

from meldpunt import clock
from meldpunt.acute.models import (
    CrisisIntervention,
    FamilyIntervention,
    Hearing,
    InformationRequest,
    RestrainingOrder,
)
from meldpunt.acute.states import OrderStatus
from meldpunt.process import deadlines
from meldpunt.process.selectors import reports_for


def restraining_orders_for(user) -> QuerySet[RestrainingOrder]:
    return RestrainingOrder.objects.visible_to(user)


def crisis_interventions_for(user) -> QuerySet[CrisisIntervention]:
    return CrisisIntervention.objects.visible_to(user)


def hearings_for(user) -> QuerySet[Hearing]:
    return Hearing.objects.visible_to(user)


def information_requests_for(user) -> QuerySet[InformationRequest]:
    return InformationRequest.objects.visible_to(user)


def family_interventions_for(user) -> QuerySet[FamilyIntervention]:
    return FamilyIntervention.objects.visible_to(user)


def outstanding_requests(*, user, report) -> QuerySet[InformationRequest]:
    """What the assessment is still waiting for."""
    return information_requests_for(user).filter(report=report).outstanding()


def reports_awaiting_information(*, user) -> QuerySet:
    """Reports (assessments) with at least one unanswered information request."""
    waiting = InformationRequest.objects.outstanding().values("report_id")
    return reports_for(user).filter(pk__in=waiting)


def awaiting_information_among(report_ids) -> set[int]:
    """Of these reports, which the caller fetched through the visibility filter (a page of
    the worklist), those with at least one unanswered information request."""
    if not report_ids:
        return set()
    return set(
        InformationRequest.objects.outstanding()
        .filter(report_id__in=report_ids)
        .values_list("report_id", flat=True)
    )


@dataclass(frozen=True)
class AcuteItem:
    """One acute clock on the worklist: a due moment with an early warning in hours."""

    label: str
    subject: str
    due_at: dt.datetime
    warn_at: dt.datetime
    hours_left: float
    route: str
    pk: int

    @property
    def url(self) -> str:
        return reverse(self.route, args=[self.pk])

    @property
    def warning(self) -> bool:
        return self.hours_left <= deadlines.hours_between(self.warn_at, self.due_at)

    @property
    def overdue(self) -> bool:
        return self.hours_left < 0


def acute_clocks(*, user, now: dt.datetime | None = None) -> list[AcuteItem]:
    """The open acute clocks `user` may see, most urgent first: the advice to the mayor on each
    running order and the 48-hour hand-over of each crisis intervention. The worklist shows
    them beside the working-day terms."""
    now = now or clock.now()
    items: list[AcuteItem] = []
    orders = restraining_orders_for(user).filter(
        status=OrderStatus.IMPOSED, advised_at__isnull=True
    )
    for order in orders.select_related("municipality").order_by("advice_due_at")[:200]:
        items.append(
            AcuteItem(
                label="Advies verlenging huisverbod",
                subject=f"{order.number} ({order.municipality.name})",
                due_at=order.advice_due_at,
                warn_at=order.advice_warn_at,
                hours_left=deadlines.hours_left(now, order.advice_due_at),
                route="web:restraining_order_detail",
                pk=order.pk,
            )
        )
    crises = crisis_interventions_for(user).filter(handed_over_at__isnull=True)
    for crisis in crises.select_related("municipality").order_by("handover_due_at")[:200]:
        items.append(
            AcuteItem(
                label="Overdracht crisisinterventie (48 uur)",
                subject=f"{crisis.number} ({crisis.municipality.name})",
                due_at=crisis.handover_due_at,
                warn_at=crisis.handover_warn_at,
                hours_left=deadlines.hours_left(now, crisis.handover_due_at),
                route="web:crisis_intervention_detail",
                pk=crisis.pk,
            )
        )
    return sorted(items, key=lambda i: i.due_at)


# Figures -------------------------------------------------------------------------------------


def _between(field: str, start: dt.date, end: dt.date) -> Q:
    """`field` (a moment) on a local date from `start` up to and including `end`."""
    return Q(**{f"{field}__date__gte": start, f"{field}__date__lte": end})


def figures(*, user, start: dt.date, end: dt.date, municipality=None) -> dict:
    """The acute figures for a period, as `user` may see them: restraining orders imposed and
    extended, out-of-hours contributions, crisis interventions with the share handed over
    within 48 hours, hearings, information requests with their answer times, and the
    interventions in use. `municipality` narrows to one municipality."""
    orders = restraining_orders_for(user).filter(_between("imposed_at", start, end))
    crises = crisis_interventions_for(user).filter(_between("called_at", start, end))
    hearings = hearings_for(user).filter(_between("requested_at", start, end))
    if municipality is not None:
        orders = orders.filter(municipality=municipality)
        crises = crises.filter(municipality=municipality)
        hearings = hearings.filter(municipality=municipality)
    order_counts = orders.aggregate(
        imposed=Count("id"),
        extended=Count("id", filter=Q(extended_at__isnull=False)),
        out_of_hours=Count("id", filter=Q(out_of_hours=True)),
    )
    from meldpunt.acute.models import OutOfHoursContribution

    contributions = OutOfHoursContribution.objects.filter(
        order__in=restraining_orders_for(user), **_dates("started_at", start, end)
    )
    if municipality is not None:
        contributions = contributions.filter(order__municipality=municipality)
    crisis_counts = crises.aggregate(
        total=Count("id"),
        out_of_hours=Count("id", filter=Q(out_of_hours=True)),
        handed_over=Count("id", filter=Q(handed_over_at__isnull=False)),
        handed_over_in_48h=Count("id", filter=Q(handed_over_at__lte=F("handover_due_at"))),
    )
    hearing_counts = hearings.aggregate(
        requested=Count("id"),
        heard=Count("id", filter=Q(heard_at__isnull=False)),
        not_heard=Count("id", filter=~Q(not_heard_reason="")),
        report_sent=Count("id", filter=Q(report_sent_at__isnull=False)),
    )
    requests = information_requests_for(user).filter(_between("asked_at", start, end))
    if municipality is not None:
        requests = requests.filter(report__municipality=municipality)
    answer_time = ExpressionWrapper(F("answered_at") - F("asked_at"), output_field=DurationField())
    per_source = {
        row["source"]: {
            "asked": row["asked"],
            "answered": row["answered"],
            "average_answer_hours": _hours(row["average"]),
        }
        for row in requests.values("source")
        .annotate(
            asked=Count("id"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            average=Avg(answer_time, filter=Q(answered_at__isnull=False)),
        )
        .order_by("source")
    }
    in_use = family_interventions_for(user).filter(
        Q(started_on__lte=end), Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    if municipality is not None:
        in_use = in_use.filter(case__reports__municipality=municipality).distinct()
    interventions = {
        row["kind"]: {"in_use": row["n"], "vt_leads": row["lead"]}
        for row in in_use.values("kind")
        .annotate(
            n=Count("id", distinct=True),
            lead=Count("id", filter=Q(vt_leads=True), distinct=True),
        )
        .order_by("kind")
    }
    total = crisis_counts["total"]
    return {
        "restraining_orders": {
            **order_counts,
            "out_of_hours_contributions": contributions.count(),
            "per_municipality": _per_municipality(orders, extended=True),
        },
        "crisis_interventions": {
            **crisis_counts,
            "handed_over_in_48h_share": (
                round(100 * crisis_counts["handed_over_in_48h"] / total, 1) if total else None
            ),
            "per_municipality": _per_municipality(crises),
        },
        "hearings": {**hearing_counts, "per_municipality": _per_municipality(hearings)},
        "information_requests": per_source,
        "family_interventions": interventions,
    }


def _dates(field: str, start: dt.date, end: dt.date) -> dict:
    return {f"{field}__date__gte": start, f"{field}__date__lte": end}


def _hours(duration: dt.timedelta | None) -> float | None:
    if duration is None:
        return None
    if not isinstance(duration, dt.timedelta):  # SQLite may hand back microseconds
        duration = dt.timedelta(microseconds=float(duration))
    return round(duration.total_seconds() / 3600, 1)


def _per_municipality(qs: QuerySet, *, extended: bool = False) -> dict[str, dict[str, int]]:
    fields = {"n": Count("id")}
    if extended:
        fields["extended"] = Count("id", filter=Q(extended_at__isnull=False))
    return {
        row["municipality__cbs_code"]: {k: row[k] for k in fields}
        for row in qs.values("municipality__cbs_code")
        .annotate(**fields)
        .order_by("municipality__cbs_code")
    }


def case_events(case) -> list[tuple[dt.datetime, str, str]]:
    """Acute events of one file for the dossier timeline: (moment, kind, text). The caller has
    fetched `case` through the visibility filter."""
    from django.utils import timezone

    def noon(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))

    events = []
    for order in case.restraining_orders.select_related("municipality"):
        events.append(
            (
                order.imposed_at,
                "huisverbod",
                f"Huisverbod {order.number} opgelegd ({order.municipality})",
            )
        )
        if order.extended_at:
            events.append((order.extended_at, "huisverbod", f"Huisverbod {order.number} verlengd"))
        if order.ended_at:
            events.append(
                (
                    order.ended_at,
                    "huisverbod",
                    f"Huisverbod {order.number}: {order.get_end_reason_display()}",
                )
            )
    for ci in case.crisis_interventions.all():
        events.append((ci.called_at, "crisis", f"Crisisinterventie {ci.number}"))
    for i in case.family_interventions.all():
        lead = " (procesregie Veilig Thuis)" if i.vt_leads else f" (regie: {i.lead_organisation})"
        events.append((noon(i.started_on), "interventie", f"{i.get_kind_display()} gestart{lead}"))
        if i.ended_on:
            events.append((noon(i.ended_on), "interventie", f"{i.get_kind_display()} beëindigd"))
    return events
