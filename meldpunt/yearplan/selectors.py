"""Reading the plan: the table of every KPI with its value and status, and what owners owe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from meldpunt import clock
from meldpunt.yearplan import norms, periods
from meldpunt.yearplan.models import EnteredValue, Plan, PlanKpi


def _quality(name: str) -> Callable[[dt.date, dt.date, object], float | None]:
    def compute(start: dt.date, end: dt.date, viewer: object) -> float | None:
        from meldpunt.quality import selectors as quality

        return getattr(quality, name)(start, end, viewer)

    return compute


# Computed indicators: code → function(start, end, viewer) → value or None. Indicators of the
# register's process (triage_on_time, ...) come from the management-information modules.
COMPUTED: dict[str, Callable[[dt.date, dt.date, object], float | None]] = {
    "external_complaints": _quality("external_complaints"),
    "client_satisfaction": _quality("client_satisfaction"),
}


@dataclass(frozen=True)
class Row:
    kpi: PlanKpi
    period: str
    value: float | bool | str | None
    status: norms.Status
    entered: EnteredValue | None

    def as_json(self) -> dict:
        return {
            "part": f"{self.kpi.part.code} {self.kpi.part.title}",
            "code": self.kpi.code,
            "name": self.kpi.name,
            "norm": str(self.kpi.norm),
            "value": self.value,
            "status": self.status.value,
            "owner": self.kpi.owner_role,
            "frequency": self.kpi.frequency,
            "source": "computed" if self.kpi.is_computed else "entered",
            "period": self.period,
        }


def current_entry(kpi: PlanKpi, period: str) -> EnteredValue | None:
    return kpi.entries.filter(period=period, superseded_by__isnull=True).first()


def plan_table(*, plan: Plan, period: str, viewer) -> list[Row]:
    """Every KPI of the plan for one period: computed and entered values side by side."""
    start, end = periods.bounds(period)
    rows = []
    for kpi in plan.kpis.select_related("part"):
        entry = None
        judged = None
        if kpi.is_computed:
            fn = COMPUTED.get(kpi.computed_code)
            value = fn(start, end, viewer) if fn else None
        else:
            entry = current_entry(kpi, _period_for(kpi, period))
            value = None
            if entry is not None:
                value = (
                    entry.yes_no
                    if entry.yes_no is not None
                    else entry.number
                    if entry.number is not None
                    else entry.text
                )
                judged = entry.judged_on_track
        rows.append(
            Row(kpi, period, value, norms.evaluate(kpi.norm, value, judged_on_track=judged), entry)
        )
    return rows


def _period_for(kpi: PlanKpi, period: str) -> str:
    """The KPI's own reporting period that contains the end of `period`."""
    _, end = periods.bounds(period)
    for label in periods.labels_for(end.year, kpi.frequency):
        s, e = periods.bounds(label)
        if s <= end <= e:
            return label
    return period


@dataclass(frozen=True)
class DueEntry:
    kpi: PlanKpi
    period: str
    due_on: dt.date
    overdue: bool


def entries_due(*, user, today: dt.date | None = None, warn_days: int = 5) -> list[DueEntry]:
    """Entered KPIs this user owns whose period has ended (or ends within `warn_days`) and that
    have no value yet, with the date the value is due."""
    today = today or clock.today()
    due = []
    kpis = PlanKpi.objects.filter(computed_code="", owner_role__in=[r.value for r in user.roles])
    for kpi in kpis.select_related("plan"):
        for label in periods.labels_for(kpi.plan.year, kpi.frequency):
            _, end = periods.bounds(label)
            due_on = end + dt.timedelta(days=kpi.report_within_days)
            if end - dt.timedelta(days=warn_days) > today:
                continue
            if current_entry(kpi, label) is None:
                due.append(DueEntry(kpi, label, due_on, due_on < today))
    return sorted(due, key=lambda d: d.due_on)
