"""Break the glass: time-limited emergency access to a file outside one's normal rights, with a
stated reason, reviewed by the privacy officer the next working day."""

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
    return EmergencyAccess.objects.filter(user_id=user.pk, expires_at__gt=clock.now()).values(
        "case_id"
    )


@transaction.atomic
def break_glass(*, by, case_id: int, reason: str) -> EmergencyAccess:
    """Open a file (also a shielded one) for the emergency access period. The file is named by
    its number; whether it exists is told only to those who may break the glass."""
    from meldpunt.process.deadlines import next_working_day
    from meldpunt.reference.services import holiday_calendar
    from meldpunt.registry.models import Case

    if not by.can(Right.BREAK_GLASS):
        raise NotAllowed("Alleen de crisisdienst kan noodtoegang nemen.")
    if len(reason.strip()) < MIN_REASON:
        raise DomainError(
            "Geef een reden voor de noodtoegang (ten minste 10 tekens).", field="reason"
        )
    case = Case.objects.filter(pk=case_id).first()
    if case is None:
        raise DomainError("Er is geen dossier met dit nummer.", field="case")
    now = clock.now()
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
