"""The one door for every status change (see STYLE.md: one table, one door, one log).

`apply` looks the rule up, checks role and four-eyes, claims the row with a compare-and-swap on
(status, version), appends the Transition row and writes the audit entry, all in the caller's
transaction. Zero rows claimed means someone else changed the row first: ConcurrentChange.
"""

from __future__ import annotations

from django.db import transaction

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.roles import ROLE_LABELS
from meldpunt.errors import ConcurrentChange, DomainError, NotAllowed
from meldpunt.process.models import Service, Transition
from meldpunt.process.states import (
    ACTION_LABELS,
    SERVICE_STATUS_LABELS,
    Action,
    Machine,
    ServiceStatus,
    rule_for,
)
from meldpunt.registry.models import Report, ReportStatus


def _machine_of(obj) -> Machine:
    if isinstance(obj, Report):
        return Machine.REPORT
    if isinstance(obj, Service):
        return Machine.SERVICE
    raise TypeError(f"No state machine for {type(obj).__name__}")


def status_label(machine: Machine, status: str) -> str:
    if machine is Machine.REPORT:
        return ReportStatus(status).label
    return SERVICE_STATUS_LABELS[ServiceStatus(status)]


def apply(obj: Report | Service, action: Action, *, by, reason: str = "") -> Transition:
    """Move `obj` by `action`. Raises DomainError / NotAllowed / ConcurrentChange and changes
    nothing when the action is not allowed."""
    machine = _machine_of(obj)
    rule = rule_for(machine, action)
    current = obj.status
    label = ACTION_LABELS[action]
    if rule is None or current not in rule.sources:
        raise DomainError(f"'{label}' kan niet bij status '{status_label(machine, current)}'.")
    if not (by.roles & rule.roles):
        allowed = ", ".join(sorted(ROLE_LABELS[r] for r in rule.roles))
        raise NotAllowed(f"'{label}' mag alleen door: {allowed}.")
    if rule.reason_required and not reason.strip():
        raise DomainError(f"Geef een reden op voor '{label}'.", field="reason")
    report = obj if machine is Machine.REPORT else obj.report
    if rule.second_professional_for is not None:
        proposal = (
            Transition.objects.filter(
                machine=machine,
                action=rule.second_professional_for,
                report=report,
                service=obj if machine is Machine.SERVICE else None,
            )
            .order_by("-at", "-id")
            .first()
        )
        if proposal is not None and proposal.by_id == by.pk:
            raise NotAllowed(
                "Vier-ogenprincipe: een tweede professional moet dit accorderen; "
                "u kunt uw eigen voorstel niet accorderen."
            )
    target = rule.target if rule.target is not None else current
    with transaction.atomic():
        claimed = (
            type(obj)
            .objects.filter(pk=obj.pk, status=current, version=obj.version)
            .update(status=target, version=obj.version + 1)
        )
        if claimed != 1:
            raise ConcurrentChange()
        obj.status = target
        obj.version += 1
        entry = Transition.objects.create(
            machine=machine,
            action=action,
            report=report,
            service=obj if machine is Machine.SERVICE else None,
            from_status=current,
            to_status=target,
            by=by,
            at=clock.now(),
            reason=reason,
        )
        audit.record(
            f"{machine}.{action}",
            actor=by,
            subject=obj,
            report_id=report.pk,
            from_status=current,
            to_status=target,
        )
    return entry
