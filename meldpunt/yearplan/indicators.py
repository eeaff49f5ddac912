"""The year plan inside the management information: `meldpunt kpi`, `/api/v1/kpi/` and the
dashboard show every row of the plan. A register figure the plan holds (triage on time, crisis
interventions, ...) gains the plan row's part, owner and frequency, with the plan's wording, norm
and status beside its own; every other plan row (entered by its owner, or computed from the
satisfaction surveys and the complaints register) is added as an indicator of its own, with
`value: null` and status `missing` while it has not been delivered — never zero."""

from __future__ import annotations

from meldpunt.insight.kpis import KpiSet
from meldpunt.insight.periods import Period
from meldpunt.yearplan import norms, selectors
from meldpunt.yearplan.models import Plan

# Register figures outside any plan are the information analyst's, reported monthly.
REGISTER_OWNER, REGISTER_FREQUENCY = "analyst", "monthly"


def plan_label(period: Period) -> str | None:
    """The plan's label for an insight period (2025-03, 2025-Q1, 2025-H1, 2025); None for any
    other run of days, which no plan reports over."""
    start = period.start
    return {
        "month": f"{start:%Y-%m}",
        "quarter": f"{start.year}-Q{(start.month - 1) // 3 + 1}",
        "half-year": f"{start.year}-H{(start.month - 1) // 6 + 1}",
        "year": str(start.year),
    }.get(period.kind)


def plan_for(year: int, organisation: str | None = None) -> Plan | None:
    """The plan of the year: the one of the given organisation, the one named like the
    organisation's settings, or the only plan of that year."""
    plans = Plan.objects.filter(year=year)
    if organisation:
        plans = plans.filter(organisation__icontains=organisation)
    if len(found := list(plans[:2])) == 1:
        return found[0]
    if organisation is None and found:
        from meldpunt.reference.services import organisation_settings

        own = plans.filter(organisation__iexact=organisation_settings().name).first()
        if own is not None:
            return own
    return None


def _norm_fields(norm: norms.Norm) -> dict:
    number = norm.high if norm.kind is norms.NormKind.AT_MOST else norm.low
    return {"norm": number, "norm_text": str(norm)}


def attach(kpi_set: KpiSet, *, viewer=None, plan: Plan | None = None) -> KpiSet:
    """Add the year plan's rows to `kpi_set` (in place) and return it. Rows the owner enters
    and the organisation-wide quality figures are added for the organisation only; a work area
    or a municipality gets the plan's marks on the register figures."""
    label = plan_label(kpi_set.period)
    plan = plan or (plan_for(kpi_set.period.end.year) if label else None)
    if plan is None or label is None:
        return kpi_set
    register = {i.code: i.value for i in kpi_set.indicators}
    rows = selectors.plan_table(plan=plan, period=label, viewer=viewer, register=register)
    links: dict[str, dict] = {}
    extra: list[dict] = []
    for row in rows:
        kpi = row.kpi
        marks = {
            "part": f"{kpi.part.code} {kpi.part.title}",
            "owner": kpi.owner_role,
            "frequency": kpi.frequency,
            "plan_code": kpi.code,
        }
        code = selectors.REGISTER_INDICATORS.get(kpi.computed_code)
        if code in register:
            links[code] = {
                **marks,
                "plan_name": kpi.name,
                "plan_norm": str(row.norm),
                "plan_status": row.status.value,
            }
            continue
        if kpi_set.scope.kind != "organisation" or kpi_set.suppressed:
            continue
        value = row.value
        extra.append(
            {
                "code": kpi.code,
                "name": kpi.name,
                "unit": kpi.unit,
                **_norm_fields(row.norm),
                "value": value,
                "status": row.status.value,
                **marks,
                "source": "computed" if kpi.is_computed else "entered",
                "reported_period": row.as_json()["reported_period"],
                "progress": row.entered.text if row.entered else "",
                "breakdown": {},
            }
        )
    kpi_set.plan = {"name": plan.name, "organisation": plan.organisation, "year": plan.year}
    kpi_set.plan_links = links
    kpi_set.plan_rows = extra
    return kpi_set
