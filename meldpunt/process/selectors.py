"""Reads of the process: the worklist and what is about to be late. Every query starts from
the visibility filter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from meldpunt import clock
from meldpunt.process import deadlines
from meldpunt.process.models import Service, Term, TriageDecision
from meldpunt.reference.services import holiday_calendar
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

    With an `assignee`, the work of colleagues that person covers today is included."""
    qs = open_terms_for(user).select_related(
        "report",
        "report__municipality",
        "report__work_area",
        "report__assigned_to",
        "report__team",
        "service",
        "service__assigned_to",
    )
    if area:
        qs = qs.filter(report__work_area_id=area)
    if municipality:
        qs = qs.filter(report__municipality_id=municipality)
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
    calendar = holiday_calendar()
    return [
        WorkItem(
            term=t,
            days_left=deadlines.days_left(today, t.due_on, calendar),
            warning=t.warn_on <= today,
        )
        for t in terms
    ]


def about_to_be_late(*, user, today: dt.date | None = None) -> QuerySet[Term]:
    """Open terms whose warning date has come (overdue ones included)."""
    today = today or clock.today()
    return worklist(user=user).filter(warn_on__lte=today)


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
