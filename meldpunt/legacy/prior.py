"""Prior involvement (CBS) of a migrated history, in bulk and in memory.

The same rule as `process.prior_involvement.classify`, which answers for one report with a few
queries; a migration classifies hundreds of thousands at once, after every decision, service and
closing of the history is in, so a report is classified against what was known when it came in.
Pure: plain data in, a code out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from meldpunt.reference.cbs import PriorInvolvement

ROUTED = ("transferred", "returned")


@dataclass
class History:
    """One report as the classification sees it."""

    received_at: dt.datetime
    received_on: dt.date
    status: str
    persons: set[int] = field(default_factory=set)
    decided_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    services: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)


def classify(
    report_id: int,
    reports: Mapping[int, History],
    reports_of_person: Mapping[int, Iterable[int]],
    identity: Callable[[int], int] = lambda pid: pid,
) -> str:
    me = reports[report_id]
    moment, day = me.received_at, me.received_on
    earlier = {
        rid
        for pid in me.persons
        for rid in reports_of_person.get(pid, ())
        if rid != report_id
        and reports[rid].received_at < moment
        and reports[rid].status not in ROUTED
    }
    if not earlier:
        return PriorInvolvement.FIRST
    before = [reports[rid] for rid in earlier]
    if any(r.decided_at is None or r.decided_at > moment for r in before):
        return PriorInvolvement.DURING_ASSESSMENT
    running = [
        kind
        for r in before
        for kind, started, closed in r.services
        if started <= day and (closed is None or closed >= day)
    ]
    if "monitoring" in running:
        return PriorInvolvement.DURING_MONITORING
    if running or any(r.closed_at is None or r.closed_at > moment for r in before):
        return PriorInvolvement.AFTER_ASSESSMENT
    known = {identity(pid) for r in before for pid in r.persons & me.persons}
    return PriorInvolvement.REPEAT_SEVERAL if len(known) > 1 else PriorInvolvement.REPEAT_ONE
