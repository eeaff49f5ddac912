"""Reading the plan: the table of every KPI with its value and status, and what owners owe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from meldpunt import clock
from meldpunt.reference import cache as reference_cache
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
    "partner_satisfaction": _quality("partner_satisfaction"),
}


@dataclass(frozen=True)
class Row:
    kpi: PlanKpi
    period: str
    value: float | bool | str | None
    status: norms.Status
    entered: EnteredValue | None
    norm: norms.Norm | None = None  # the norm for this period (a yearly volume pro rata)

    def as_json(self) -> dict:
        return {
            "part": f"{self.kpi.part.code} {self.kpi.part.title}",
            "code": self.kpi.code,
            "name": self.kpi.name,
            "norm": str(self.norm or self.kpi.norm),
            "value": self.value,
            "status": self.status.value,
            "owner": self.kpi.owner_role,
            "frequency": self.kpi.frequency,
            "source": "computed" if self.kpi.is_computed else "entered",
            "period": self.period,
            "reported_period": self.period
            if self.kpi.is_computed
            else _period_for(self.kpi, self.period),
        }


def current_entry(kpi: PlanKpi, period: str) -> EnteredValue | None:
    return kpi.entries.filter(period=period, superseded_by__isnull=True).first()


# Plan codes that are figures of the management information (meldpunt.insight), by its code.
REGISTER_INDICATORS = {
    "triage_on_time": "triage_on_time",
    "support_on_time": "support_on_time",
    "investigation_on_time": "investigation_on_time",
    "safety_score": "safety_score",
    "reports": "reports",
    "advices": "advice_requests",
    "handovers": "handovers",
    "support_started": "support_started",
    "investigations_started": "investigations_started",
    # The crisis team's plan counts the interventions it delivered (meldpunt/acute), not the
    # reports with a crisis flag.
    "crisis_interventions": "crisis_interventions_delivered",
    "restraining_orders_out_of_hours": "restraining_orders_out_of_hours",
    "hearings": "hearings",
    "crisis_handover_48h": "crisis_handover_48h",
}


def register_figures(period: str, viewer) -> dict[str, float | None]:
    """The register's figures for the period by insight code, computed once for the whole
    table, as the viewer may see them (the whole register for a command on the server)."""
    from meldpunt.errors import NotAllowed
    from meldpunt.insight import kpis
    from meldpunt.insight.periods import Period

    try:
        if viewer is None:  # a command on the server: the whole register
            figures = kpis.compute(period=Period.parse(period))
        else:
            figures = kpis.for_user(viewer, period=Period.parse(period))
    except NotAllowed:
        return {}
    return {i.code: i.value for i in figures.indicators}


def norm_for_period(kpi: PlanKpi, period: str) -> norms.Norm:
    """A yearly volume (4,600 reports, 400-500 crisis interventions a year) held against a
    shorter period is taken pro rata by days; percentages, bounds (<= 5 complaints a year: more
    in one half-year is already too many) and yes/no norms stand as written."""
    norm = kpi.norm
    start, end = periods.bounds(period)
    yearly = "per year" in kpi.unit or "per jaar" in kpi.unit
    if not yearly or norm.kind not in (norms.NormKind.VOLUME, norms.NormKind.RANGE):
        return norm
    year_days = (dt.date(start.year, 12, 31) - dt.date(start.year, 1, 1)).days + 1
    share = ((end - start).days + 1) / year_days
    if share >= 1:
        return norm
    return norms.Norm(
        norm.kind,
        None if norm.low is None else round(norm.low * share, 1),
        None if norm.high is None else round(norm.high * share, 1),
        norm.text,
    )


def plan_table(
    *, plan: Plan, period: str, viewer, register: dict[str, float | None] | None = None
) -> list[Row]:
    """Every KPI of the plan for one period: computed and entered values side by side. A
    computed KPI without a figure (not yet delivered by the register) shows as missing, never
    as zero. `register` passes figures already computed (insight code → value)."""
    start, end = periods.bounds(period)
    kpis = list(plan.kpis.select_related("part"))
    if register is None:
        register = (
            register_figures(period, viewer)
            if any(k.computed_code in REGISTER_INDICATORS for k in kpis)
            else {}
        )
    rows = []
    for kpi in kpis:
        entry = None
        judged = None
        if kpi.computed_code in REGISTER_INDICATORS:
            value = register.get(REGISTER_INDICATORS[kpi.computed_code])
        elif kpi.is_computed:
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
        norm = norm_for_period(kpi, period)
        status = norms.evaluate(norm, value, judged_on_track=judged)
        rows.append(Row(kpi, period, value, status, entry, norm))
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
    if not owns_indicators(user):
        return due
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


def owns_indicators(user, *, cached: bool = True) -> bool:
    """Whether `user` owns an indicator the owner enters, in any plan. Asked on every page (the
    menu), so the owners' roles are kept per process (`reference.cache`, cleared when a plan
    indicator is saved); the access check of the plan's own pages asks the database."""
    roles = [r.value for r in user.roles]
    if not cached:
        return PlanKpi.objects.filter(computed_code="", owner_role__in=roles).exists()
    return any(role in _entering_roles() for role in roles)


def _entering_roles() -> frozenset[str]:
    return reference_cache.cached(
        "yearplan_entering_roles",
        lambda: frozenset(
            PlanKpi.objects.filter(computed_code="").values_list("owner_role", flat=True)
        ),
    )


@dataclass(frozen=True)
class Owned:
    kpi: PlanKpi
    latest: EnteredValue | None


def owned_indicators(*, user, year: int) -> list[Owned]:
    """The entered indicators of `year`'s plans that `user` owns, with the latest value."""
    kpis = PlanKpi.objects.filter(
        plan__year=year, computed_code="", owner_role__in=[r.value for r in user.roles]
    ).select_related("plan", "part")
    out = []
    for kpi in kpis:
        latest = (
            kpi.entries.filter(superseded_by__isnull=True)
            .order_by("-period", "-entered_at")
            .first()
        )
        out.append(Owned(kpi, latest))
    return out
