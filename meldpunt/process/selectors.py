"""Reads of the process: the worklist and what is about to be late. Every query starts from
the visibility filter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from meldpunt import clock
from meldpunt.process import deadlines
from meldpunt.process.models import Service, Term, TriageDecision
from meldpunt.reference import cache as reference_cache
from meldpunt.registry.models import Report


def reports_for(user) -> QuerySet[Report]:
    return Report.objects.visible_to(user)


def services_for(user) -> QuerySet[Service]:
    return Service.objects.visible_to(user)


def open_terms_for(user) -> QuerySet[Term]:
    return Term.objects.open().visible_to(user)


def worklist(
    *,
    user,
    area: int | None = None,
    municipality: int | None = None,
    team: int | None = None,
    assignee: int | None = None,
    status: str | None = None,
    kinds: list[str] | None = None,
    include_cover: bool = True,
    today: dt.date | None = None,
) -> QuerySet[Term]:
    """Open work ordered by due date (the most urgent first).

    With an `assignee`, the work of colleagues that person covers today is included. Only the
    report and the service are joined: `with_days_left` adds the municipality and the owner
    of the rows of one page (few joins keep the query cheap to plan and to run at 200,000
    reports; bench/bench_pages.py)."""
    qs = open_terms_for(user).select_related("report", "service")
    # A term carries its report's work area and municipality (process/places.py): filtering
    # on them needs no join (the own work area's count: 18 ms -> index only at 200,000 reports).
    if area:
        qs = qs.filter(work_area_id=area)
    if municipality:
        qs = qs.filter(municipality_id=municipality)
    if team:
        qs = qs.filter(report__team_id=team)
    if assignee:
        owners = [assignee]
        if include_cover:
            from meldpunt.teams.selectors import covered_user_ids

            owners += covered_user_ids(assignee, on=today)
        qs = qs.filter(
            Q(service__isnull=False, service__assigned_to_id__in=owners)
            | Q(service__isnull=True, report__assigned_to_id__in=owners)
        )
    if status:
        qs = qs.filter(report__status=status)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return qs.order_by("due_on", "id")


@dataclass(frozen=True)
class WorkItem:
    term: Term
    days_left: int  # working days; 0 on the due day, negative when overdue
    warning: bool

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def owner(self):
        if self.term.service_id and self.term.service.assigned_to_id:
            return self.term.service.assigned_to
        return self.term.report.assigned_to


def with_days_left(terms, *, today: dt.date | None = None) -> list[WorkItem]:
    today = today or clock.today()
    calendar = reference_cache.holiday_calendar()
    return [
        WorkItem(
            term=t,
            days_left=deadlines.days_left(today, t.due_on, calendar),
            warning=t.warn_on <= today,
        )
        for t in terms
    ]


def work_items(terms, *, today: dt.date | None = None, people=None) -> list[WorkItem]:
    """A page of the worklist (`worklist(...)[a:b]`) as work items, with each report's
    municipality and the owners filled in from the per-process reference data and one query
    for the people: showing the page costs no query per row. `people` ({id: user}) are users
    the caller has fetched already (the worklist's assignee filter); the others are fetched."""
    terms = list(terms)
    _attach_municipalities_and_owners(terms, people or {})
    return with_days_left(terms, today=today)


def _attach_municipalities_and_owners(terms: list[Term], known: dict) -> None:
    from meldpunt.access.models import User

    reports = [t.report for t in terms if _loaded(t, "report")]
    services = [t.service for t in terms if t.service_id and _loaded(t, "service")]
    municipalities = reference_cache.municipalities()
    for report in reports:
        if report.municipality_id in municipalities and not _loaded(report, "municipality"):
            report.municipality = municipalities[report.municipality_id]
    wanted = [
        obj
        for obj in (*reports, *services)
        if obj.assigned_to_id is not None and not _loaded(obj, "assigned_to")
    ]
    if wanted:
        people = dict(known)
        missing = {obj.assigned_to_id for obj in wanted} - people.keys()
        if missing:
            people.update(User.objects.in_bulk(missing))
        for obj in wanted:
            if obj.assigned_to_id in people:
                obj.assigned_to = people[obj.assigned_to_id]


def _loaded(obj, field: str) -> bool:
    return obj._meta.get_field(field).is_cached(obj)


def about_to_be_late(*, user, today: dt.date | None = None) -> QuerySet[Term]:
    """Open terms whose warning date has come (overdue ones included)."""
    today = today or clock.today()
    return worklist(user=user).filter(warn_on__lte=today).select_related("report__team")


def pending_approvals(*, user) -> QuerySet[TriageDecision]:
    return (
        TriageDecision.objects.filter(status="proposed", report__in=reports_for(user))
        .exclude(proposed_by=user)
        .select_related("report", "proposed_by")
        .order_by("proposed_at")
    )


def pending_service_closes(*, user) -> QuerySet[Service]:
    """Services whose closing waits for a second professional, not proposed by `user`."""
    from django.db.models import OuterRef, Subquery

    from meldpunt.process.models import Transition
    from meldpunt.process.states import ServiceStatus

    proposer = (
        Transition.objects.filter(service=OuterRef("pk"), action="propose_close")
        .order_by("-at", "-id")
        .values("by_id")[:1]
    )
    return (
        services_for(user)
        .filter(status=ServiceStatus.CLOSE_PROPOSED)
        .annotate(proposer_id=Subquery(proposer))
        .exclude(proposer_id=user.pk)
        .select_related("report")
        .order_by("started_on", "id")
    )
