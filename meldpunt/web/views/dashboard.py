"""The management dashboard (/overzicht/): every KPI against its norm with an on-track mark and
a 13-month trend, for team leads, managers and analysts. Figures and charts come from
`insight` (computed on the server; charts are inline SVG, no JavaScript)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import mark_safe

from meldpunt import clock
from meldpunt.access.roles import ROLE_LABELS, Right
from meldpunt.errors import DomainError
from meldpunt.insight import charts, kpis
from meldpunt.insight.exports import FREQUENCY_NL, STATUS_NL, display
from meldpunt.insight.norms import PLAN_LABELS
from meldpunt.insight.periods import Period, trailing_months
from meldpunt.insight.selectors import figures_for
from meldpunt.reference.models import Municipality, WorkArea
from meldpunt.web.views.common import record_view, require

NORM_CODES = ["triage_on_time", "support_on_time", "investigation_on_time", "safety_score"]
VOLUME_CODES = [
    "reports",
    "advice_requests",
    "triage_decisions",
    "handovers",
    "crisis_interventions",
    "children",
    "reports_per_1000",
    "recidivism_12m",
    "recidivism_5y",
    "waiting_list",
    "waiting_overdue",
    "waiting_median_days",
]
ACUTE_CODES = [
    "crisis_handover_48h",
    "crisis_interventions_delivered",
    "restraining_orders",
    "restraining_orders_extended",
    "restraining_orders_out_of_hours",
    "hearings",
    "information_requests",
    "information_answer_hours",
    "family_interventions",
]
ACUTE_PLACE_CODES = [
    "restraining_orders",
    "restraining_orders_extended",
    "crisis_interventions_delivered",
    "crisis_handover_48h",
    "hearings",
    "information_requests",
]
BREAKDOWNS = [
    ("reports", "melder", "Meldingen naar melder"),
    ("reports", "geweldsvorm", "Meldingen naar aard van het geweld"),
    ("triage_decisions", "besluit", "Triagebesluiten naar uitkomst"),
    ("handovers", "naar", "Overdrachten naar partij"),
]


def _last_full_month() -> Period:
    today = clock.today()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return Period.month(year, month)


def _trend_chart(indicator: dict) -> str:
    cells = indicator["breakdown"].get("maand", [])
    return mark_safe(  # noqa: S308 - SVG built by insight.charts from escaped text
        charts.bars(
            [c["label"].split()[0] for c in cells],
            [c["value"] for c in cells],
            norm=indicator["norm"],
            unit="%" if indicator["unit"] == "percentage" else "",
            width=520,
            height=170,
            label=f"{indicator['name']} per maand"
            + (f", norm {indicator['norm']}" if indicator["norm"] is not None else ""),
        )
    )


@login_required
def dashboard(request):
    require(request.user, Right.VIEW_AGGREGATES)
    params = request.GET.copy()
    if not (params.get("period") or params.get("from") or params.get("to")):
        params["period"] = f"{_last_full_month().start:%Y-%m}"
    error = None
    try:
        figures = figures_for(request.user, params)
        trend = trailing_months(figures.period.end)
        trend_set = kpis.compute(
            period=trend, scope=figures.scope, audience=figures.audience, norms=figures.norms
        )
    except DomainError as err:
        error = err.message
        figures = trend_set = None
    context = {
        "error": error,
        "params": params,
        "areas": WorkArea.objects.all(),
        "municipalities": Municipality.objects.filter(served=True).order_by("name"),
        "norm_sources": PLAN_LABELS.items(),
    }
    if figures is not None:
        record_view(
            request,
            "kpi.viewed",
            None,
            scope=figures.scope.kind,
            period=[figures.period.start.isoformat(), figures.period.end.isoformat()],
        )
        data = figures.as_dict()
        trend_data = {i["code"]: i for i in trend_set.as_dict()["indicators"]}
        by_code = {i["code"]: i for i in data["indicators"]}
        context.update(
            {
                "data": data,
                "kpis": [_card(by_code[c], trend_data[c]) for c in NORM_CODES],
                "volumes": [_card(by_code[c], trend_data[c]) for c in VOLUME_CODES],
                "throughput": [
                    {
                        "name": i["name"].replace(" (mediaan, dagen)", ""),
                        "cells": {
                            c["key"]: display(c["value"]) for c in i["breakdown"]["percentiel"]
                        },
                    }
                    for i in data["indicators"]
                    if i["code"].startswith("throughput_")
                ],
                "breakdowns": [
                    {
                        "title": title,
                        "chart": mark_safe(  # noqa: S308 - SVG from insight.charts
                            charts.hbars(
                                [c["label"] for c in by_code[code]["breakdown"][dim]],
                                [c["value"] for c in by_code[code]["breakdown"][dim]],
                                width=520,
                                label=title,
                            )
                        ),
                    }
                    for code, dim, title in BREAKDOWNS
                ],
                "waiting_age": _waiting_age(by_code["waiting_list"]),
                "places": _places(by_code),
                "acute": [_card(by_code[c], trend_data[c]) for c in ACUTE_CODES],
                "acute_places": _places(by_code, ACUTE_PLACE_CODES),
                "plan": data.get("plan"),
                "plan_rows": [_plan_row(i) for i in data["indicators"] if i.get("plan_code")],
            }
        )
    return render(request, "web/dashboard.html", context)


def _card(indicator: dict, trend: dict) -> dict:
    return {
        "code": indicator["code"],
        "name": indicator["name"],
        "value": display(indicator["value"], indicator["unit"]),
        "norm": indicator["norm_text"],
        "status": indicator["status"],
        "status_text": STATUS_NL.get(indicator["status"] or "", ""),
        "numerator": indicator.get("numerator"),
        "denominator": indicator.get("denominator"),
        "definition": indicator.get("definition", ""),
        "chart": _trend_chart(trend),
    }


def _waiting_age(waiting: dict) -> dict:
    """The waiting list by how long each report has waited: the KPI's own breakdown
    (`insight.throughput.waiting_list`, docs/kpi.md), so the dashboard and the KPI output count
    the same reports in the same buckets."""
    cells = waiting["breakdown"]["wachttijd"]
    return {
        "name": waiting["name"],
        "total": display(waiting["value"]),
        "rows": [{"key": c["key"], "label": c["label"], "value": _cell_text(c)} for c in cells],
        "chart": mark_safe(  # noqa: S308 - SVG from insight.charts
            charts.hbars(
                [c["label"] for c in cells],
                [c["value"] for c in cells],
                width=520,
                label=f"{waiting['name']}, naar wachttijd",
            )
        ),
    }


def _cell_text(cell: dict) -> str:
    """A breakdown cell as shown: "x" for a cell hidden to protect a small one."""
    return "x" if cell.get("suppressed") and cell["value"] is None else display(cell["value"])


def _places(by_code: dict, columns: list[str] | None = None) -> list[dict]:
    """Per municipality: reports and the on-time shares (or the given figures) side by side."""
    dim = "gemeente" if "gemeente" in by_code["reports"]["breakdown"] else None
    if dim is None:
        return []
    columns = columns or ["reports", *NORM_CODES]
    cells = {c: {x["key"]: x for x in by_code[c]["breakdown"][dim]} for c in columns}
    rows = []
    for place in by_code[columns[0]]["breakdown"][dim]:
        row = {"label": place["label"], "values": []}
        for code in columns:
            cell = cells[code].get(place["key"], {})
            row["values"].append(display(cell.get("value"), by_code[code]["unit"]))
        rows.append(row)
    return rows


def _plan_row(indicator: dict) -> dict:
    """One row of the year plan: the plan's wording, norm and status where a register figure
    carries them, the value as entered or computed, missing as missing."""
    status = indicator.get("plan_status") or indicator["status"]
    value = indicator["value"]
    if value is True or value is False:
        value = "ja" if value else "nee"
    elif isinstance(value, str) and indicator.get("source") == "entered":
        value = "voortgang ingevuld" if value else "–"
    return {
        "part": indicator["part"],
        "name": indicator.get("plan_name") or indicator["name"],
        "norm": indicator.get("plan_norm") or indicator.get("norm_text") or "",
        "value": display(value, indicator.get("unit", "")),
        "status": status,
        "status_text": STATUS_NL.get(status or "", ""),
        "owner": ROLE_LABELS.get(indicator["owner"], indicator["owner"]),
        "frequency": FREQUENCY_NL.get(indicator["frequency"], indicator["frequency"]),
        "source": "berekend" if indicator.get("source") == "computed" else "ingevoerd",
        "progress": indicator.get("progress", ""),
    }
