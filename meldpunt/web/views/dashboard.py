"""The management dashboard (/overzicht/): every KPI against its norm with an on-track mark and
a 13-month trend, for team leads, managers and analysts. Figures and charts come from
`insight` (computed on the server; charts are inline SVG, no JavaScript)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import mark_safe

from meldpunt import clock
from meldpunt.access.roles import Right
from meldpunt.errors import DomainError
from meldpunt.insight import charts, kpis
from meldpunt.insight.exports import STATUS_NL, display
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
                            )
                        ),
                    }
                    for code, dim, title in BREAKDOWNS
                ],
                "places": _places(by_code),
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


def _places(by_code: dict) -> list[dict]:
    """Per work area or municipality: reports and the on-time shares side by side."""
    dim = "gemeente" if "gemeente" in by_code["reports"]["breakdown"] else None
    if dim is None:
        return []
    columns = ["reports", *NORM_CODES]
    cells = {c: {x["key"]: x for x in by_code[c]["breakdown"][dim]} for c in columns}
    rows = []
    for place in by_code["reports"]["breakdown"][dim]:
        row = {"label": place["label"], "values": []}
        for code in columns:
            cell = cells[code].get(place["key"], {})
            row["values"].append(display(cell.get("value"), by_code[code]["unit"]))
        rows.append(row)
    return rows
