"""The one door for a restraining order's status (see `acute/states.py`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.roles import ROLE_LABELS
from meldpunt.acute.models import OrderTransition, RestrainingOrder
from meldpunt.acute.states import (
    ORDER_ACTION_LABELS,
    ORDER_STATUS_LABELS,
    ORDER_TRANSITIONS,
    OrderAction,
    OrderStatus,
)
from meldpunt.errors import ConcurrentChange, DomainError, NotAllowed


def check(order: RestrainingOrder | None, action: OrderAction, *, by) -> None:
    """Refuse (DomainError / NotAllowed) when `by` may not take `action` on `order` now."""
    rule = ORDER_TRANSITIONS[action]
    current = order.status if order is not None else ""
    label = ORDER_ACTION_LABELS[action]
    if current not in rule.sources:
        raise DomainError(
            f"'{label}' kan niet bij status '{ORDER_STATUS_LABELS[OrderStatus(current)]}'."
        )
    if not (by.roles & rule.roles):
        allowed = ", ".join(sorted(ROLE_LABELS[r] for r in rule.roles))
        raise NotAllowed(f"'{label}' mag alleen door: {allowed}.")


def apply(
    order: RestrainingOrder,
    action: OrderAction,
    *,
    by,
    note: str = "",
    changes: dict[str, Any] | None = None,
    from_status: str | None = None,
) -> OrderTransition:
    """Move `order` by `action`, writing `changes` in the same compare-and-swap update."""
    rule = ORDER_TRANSITIONS[action]
    current = order.status if from_status is None else from_status
    if from_status is None:
        check(order, action, by=by)
    target = rule.target if rule.target is not None else current
    changes = dict(changes or {})
    with transaction.atomic():
        if action is not OrderAction.REGISTER:
            claimed = RestrainingOrder.objects.filter(
                pk=order.pk, status=current, version=order.version
            ).update(status=target, version=order.version + 1, **changes)
            if claimed != 1:
                raise ConcurrentChange()
            order.status = target
            order.version += 1
            for name, value in changes.items():
                setattr(order, name, value)
        entry = OrderTransition.objects.create(
            order=order,
            action=action,
            from_status=current,
            to_status=target,
            by=by,
            at=clock.now(),
            note=note,
        )
        audit.record(
            f"restraining_order.{action}",
            actor=by,
            subject=order,
            case_id=order.case_id,
            from_status=current,
            to_status=target,
        )
    return entry
