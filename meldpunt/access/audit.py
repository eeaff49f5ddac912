"""The audit trail: one function, called inside services (same transaction) and in views that
show personal data. Entries hold ids and event codes, never names or free text."""

from __future__ import annotations

from typing import Any

from django.db import models

from meldpunt import clock
from meldpunt.access.models import AuditEntry


def _subject_ref(subject: Any) -> tuple[str, int | None]:
    if subject is None:
        return "", None
    if isinstance(subject, models.Model):
        return subject._meta.label_lower, subject.pk
    if isinstance(subject, tuple):
        return str(subject[0]), int(subject[1]) if subject[1] is not None else None
    return str(subject), None


def record(
    event: str,
    *,
    actor: Any,
    subject: Any = None,
    remote_addr: str | None = None,
    **details: Any,
) -> AuditEntry:
    """Append one entry. `details` must hold ids and codes only."""
    subject_type, subject_id = _subject_ref(subject)
    return AuditEntry.objects.create(
        at=clock.now(),
        actor_id=getattr(actor, "pk", None),
        event=event,
        subject_type=subject_type,
        subject_id=subject_id,
        details=details,
        remote_addr=remote_addr,
    )
