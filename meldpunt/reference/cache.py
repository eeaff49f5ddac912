"""Reference data kept in each process for the pages that show it on every request (the
worklist's filters, municipality names and working days left, the year plan's menu item;
bench/bench_pages.py).

Municipalities, work areas, the holiday calendar and the year plans change a few times a
year. A process keeps its copy for `TTL` seconds; a save or delete in this process (the admin,
`meldpunt loadreference`, a plan copied) clears it at once and again when the transaction
commits, so another process sees a change within `TTL`. Only reads for display use this:
deadlines are computed from the database when a term is written
(`reference.services.holiday_calendar`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

TTL = 300.0  # seconds
_store: dict[str, tuple[float, object]] = {}
_lock = threading.Lock()


def cached(key: str, load: Callable[[], T]) -> T:
    """The copy kept under `key`, loaded with `load()` when missing or older than `TTL`."""
    now = time.monotonic()
    hit = _store.get(key)
    if hit is not None and now - hit[0] < TTL:
        return hit[1]  # type: ignore[return-value]
    value = load()
    with _lock:
        _store[key] = (now, value)
    return value


def clear(*args, **kwargs) -> None:
    """Forget every cached copy (a signal receiver, hence the arguments)."""
    with _lock:
        _store.clear()


def clear_now_and_on_commit(*args, **kwargs) -> None:
    from django.db import transaction

    clear()
    transaction.on_commit(clear)


def municipalities() -> dict[int, object]:
    """Every municipality (also former ones: old reports keep theirs), by id."""
    from meldpunt.reference.models import Municipality

    return cached("municipalities", lambda: {m.pk: m for m in Municipality.objects.all()})


def served_municipalities() -> list:
    """The municipalities this organisation serves, by name (the worklist's filter)."""
    return cached(
        "served",
        lambda: sorted(
            (m for m in municipalities().values() if m.served), key=lambda m: (m.name, m.pk)
        ),
    )


def work_areas() -> list:
    from meldpunt.reference.models import WorkArea

    return cached("work_areas", lambda: list(WorkArea.objects.order_by("name")))


def holiday_calendar():
    """The organisation's holiday calendar, for showing working days left."""
    from meldpunt.reference.services import holiday_calendar as load

    return cached("holiday_calendar", load)


def clear_on_change(*models) -> None:
    """Forget the cached copies whenever a row of these models is saved or deleted."""
    # Not a business rule: only forgets a cached copy, whoever saved (admin, command, service).
    from django.db.models.signals import post_delete, post_save  # noqa: TID251

    for model in models:
        label = model._meta.label
        post_save.connect(clear_now_and_on_commit, sender=model, dispatch_uid=f"cache-s-{label}")
        post_delete.connect(clear_now_and_on_commit, sender=model, dispatch_uid=f"cache-d-{label}")


def connect_signals() -> None:
    from meldpunt.reference.models import (
        CalendarDay,
        Municipality,
        OrganisationSettings,
        WorkArea,
    )

    clear_on_change(Municipality, WorkArea, CalendarDay, OrganisationSettings)
