"""Assigning files and arranging cover. Team leads assign; a professional may take a file."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.roles import Right
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.process.models import Service
from meldpunt.registry.models import Report
from meldpunt.teams.models import Assignment, Cover


@transaction.atomic
def assign(
    *,
    report: Report,
    by,
    to_user=None,
    to_team=None,
    service: Service | None = None,
    reason: str = "",
) -> Assignment:
    """Assign a report (or one of its services) to a professional and/or a team.

    A team lead assigns anyone; a professional may only take a file himself."""
    if to_user is None and to_team is None:
        raise DomainError("Kies een medewerker of een team.")
    if not by.can(Right.ASSIGN) and not (
        to_user == by and to_team is None and by.can(Right.VIEW_CASES)
    ):
        raise NotAllowed("Alleen een teamleider kan een dossier aan een ander toewijzen.")
    if to_user is not None and not to_user.can(Right.VIEW_CASES):
        raise DomainError(f"{to_user} heeft geen rol waarmee dossiers behandeld worden.")
    if service is not None and service.report_id != report.pk:
        raise DomainError("Deze dienst hoort niet bij deze melding.")
    target = service or report
    previous = target.assigned_to
    fields = []
    if to_user is not None:
        target.assigned_to = to_user
        fields.append("assigned_to")
    if to_team is not None and service is None:
        report.team = to_team
        fields.append("team")
    type(target).objects.filter(pk=target.pk).update(**{f: getattr(target, f) for f in fields})
    record = Assignment.objects.create(
        report=report,
        service=service,
        from_user=previous,
        to_user=to_user,
        to_team=to_team,
        by=by,
        at=clock.now(),
        reason=reason,
    )
    audit.record(
        "file.assigned",
        actor=by,
        subject=report,
        service_id=getattr(service, "pk", None),
        to_user_id=getattr(to_user, "pk", None),
        to_team_id=getattr(to_team, "pk", None),
    )
    return record


@transaction.atomic
def arrange_cover(*, absent, covering, starts_on: dt.date, ends_on: dt.date, by) -> Cover:
    """A colleague takes over someone's worklist for a period."""
    if not by.can(Right.ASSIGN):
        raise NotAllowed("Alleen een teamleider regelt vervanging.")
    if absent == covering:
        raise DomainError("Iemand kan zichzelf niet vervangen.")
    if ends_on < starts_on:
        raise DomainError("De einddatum ligt vóór de begindatum.", field="ends_on")
    if not covering.can(Right.VIEW_CASES):
        raise DomainError(f"{covering} heeft geen rol waarmee dossiers behandeld worden.")
    cover = Cover.objects.create(
        absent=absent,
        covering=covering,
        starts_on=starts_on,
        ends_on=ends_on,
        arranged_by=by,
        arranged_at=clock.now(),
    )
    audit.record(
        "cover.arranged", actor=by, subject=cover, absent_id=absent.pk, covering_id=covering.pk
    )
    return cover
