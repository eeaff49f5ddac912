"""Break the glass: time-limited emergency access to a file outside one's normal rights, with a
stated reason, reviewed by the privacy officer the next working day.

Only outside office hours: the organisation's office hours (`reference.OrganisationSettings`,
by default 08:00-17:00) on its working days (the holiday calendar of the process), so
weekends and public holidays are outside office hours all day. Within office hours the people
named on a shielded file can be reached."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import QuerySet

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.models import EmergencyAccess, access_settings
from meldpunt.access.roles import Right
from meldpunt.errors import DomainError, NotAllowed

MIN_REASON = 10


def active_case_ids(user) -> QuerySet:
    """Files `user` has opened in an emergency and may still see (a subquery)."""
    return active(user).values("case_id")


def active(user) -> QuerySet[EmergencyAccess]:
    """`user`'s running emergency accesses, the first to end first."""
    return EmergencyAccess.objects.filter(user_id=user.pk, expires_at__gt=clock.now()).order_by(
        "expires_at", "pk"
    )


def office_hours_refusal(moment: dt.datetime) -> str | None:
    """Why emergency access cannot be taken at `moment` (within office hours), in Dutch; None
    outside office hours."""
    from meldpunt.reference.services import organisation_settings, out_of_office_hours

    if out_of_office_hours(moment):
        return None
    return (
        "Noodtoegang is alleen mogelijk buiten kantoortijd (werkdagen "
        f"{organisation_settings().office_hours_label}). Neem binnen kantoortijd contact "
        "op met de behandelaar van het dossier of met de teamleider."
    )


def case_of_report(report_id: int) -> int:
    """The file of a report, for a crisis-team member who has only the report's number (0 when
    there is no such report: `break_glass` then says so)."""
    from meldpunt.registry.models import Report

    return Report.objects.filter(pk=report_id).values_list("case_id", flat=True).first() or 0


@transaction.atomic
def break_glass(*, by, case_id: int, reason: str) -> EmergencyAccess:
    """Open a file (also a shielded one) for the emergency access period. The file is named by
    its number; whether it exists is told only to those who may break the glass."""
    from meldpunt.process.deadlines import next_working_day
    from meldpunt.reference.services import holiday_calendar
    from meldpunt.registry.models import Case

    if not by.can(Right.BREAK_GLASS):
        raise NotAllowed("Alleen de crisisdienst kan noodtoegang nemen.")
    now = clock.now()
    if refusal := office_hours_refusal(now):
        raise DomainError(refusal)
    if len(reason.strip()) < MIN_REASON:
        raise DomainError(
            "Geef een reden voor de noodtoegang (ten minste 10 tekens).", field="reason"
        )
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        raise DomainError("Er is geen dossier met dit nummer.", field="case")
    hours = access_settings().emergency_access_hours
    access = EmergencyAccess.objects.create(
        user=by,
        case=case,
        reason=reason.strip(),
        started_at=now,
        expires_at=now + dt.timedelta(hours=hours),
        review_due_on=next_working_day(
            clock.local_date(now) + dt.timedelta(days=1), holiday_calendar()
        ),
    )
    audit.record(
        "emergency.opened",
        actor=by,
        subject=access,
        cases=[case.pk],
        shielded=case.shielded,
        hours=hours,
    )
    return access


def to_review(*, by, today: dt.date | None = None) -> QuerySet[EmergencyAccess]:
    """Unreviewed emergency accesses, the most urgent first; `today` limits to those due."""
    if not by.can(Right.REVIEW_EMERGENCY_ACCESS):
        raise NotAllowed("Alleen de privacy officer controleert noodtoegang.")
    qs = EmergencyAccess.objects.filter(reviewed_at__isnull=True).select_related("user")
    if today is not None:
        qs = qs.filter(review_due_on__lte=today)
    return qs.order_by("review_due_on", "started_at")


@transaction.atomic
def review(*, by, access: EmergencyAccess, justified: bool, note: str = "") -> EmergencyAccess:
    if not by.can(Right.REVIEW_EMERGENCY_ACCESS):
        raise NotAllowed("Alleen de privacy officer controleert noodtoegang.")
    if access.user_id == by.pk:
        raise NotAllowed("U kunt uw eigen noodtoegang niet controleren.")
    if not justified and not note.strip():
        raise DomainError("Licht toe waarom de noodtoegang niet terecht was.", field="note")
    claimed = EmergencyAccess.objects.filter(pk=access.pk, reviewed_at__isnull=True).update(
        reviewed_by=by, reviewed_at=clock.now(), justified=justified, review_note=note.strip()
    )
    if claimed != 1:
        raise DomainError("Deze noodtoegang is al gecontroleerd.")
    access.refresh_from_db()
    audit.record(
        "emergency.reviewed", actor=by, subject=access, cases=[access.case_id], justified=justified
    )
    return access
