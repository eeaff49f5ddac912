"""The monitor letter to a municipality (monitorbrief): Dutch, with charts and tables, small
numbers suppressed, as a PDF rendered by WeasyPrint."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from meldpunt import clock
from meldpunt.insight import charts, kpis
from meldpunt.insight.exports import STATUS_NL, display
from meldpunt.insight.norms import Norms
from meldpunt.insight.periods import Period, trailing_months
from meldpunt.insight.scope import PUBLIC, Scope
from meldpunt.reference.models import Municipality

HEADLINE = [
    "reports",
    "advice_requests",
    "triage_on_time",
    "support_on_time",
    "investigation_on_time",
    "safety_score",
    "triage_decisions",
    "handovers",
    "crisis_interventions",
    "reports_per_1000",
    "recidivism_12m",
    "waiting_list",
]
TABLES = [
    ("reports", "melder", "Meldingen naar soort melder"),
    ("reports", "geweldsvorm", "Meldingen naar aard van het geweld"),
    ("children", "leeftijd", "Betrokken kinderen naar leeftijd"),
    ("triage_decisions", "besluit", "Triagebesluiten naar uitkomst"),
    ("handovers", "naar", "Overdrachten naar partij"),
    ("advice_requests", "vrager", "Adviesvragen naar soort vrager"),
]


def _by_code(data: dict) -> dict[str, dict]:
    return {i["code"]: i for i in data["indicators"]}


def letter_context(
    *, municipality: Municipality, period: Period, norms: Norms | None = None
) -> dict:
    scope = Scope.for_municipality(municipality)
    figures = kpis.compute(period=period, scope=scope, audience=PUBLIC, norms=norms).as_dict()
    trend = kpis.compute(
        period=trailing_months(period.end), scope=scope, audience=PUBLIC, norms=norms
    ).as_dict()
    by_code, trend_by_code = _by_code(figures), _by_code(trend)
    rows = []
    for code in HEADLINE:
        ind = by_code[code]
        rows.append(
            {
                "name": ind["name"],
                "norm": ind["norm_text"] or "",
                "value": display(ind["value"], ind["unit"]),
                "status": ind["status"],
                "status_text": STATUS_NL.get(ind["status"] or "", ""),
            }
        )
    pictures = []
    for code, title in (
        ("reports", "Meldingen per maand (13 maanden)"),
        ("triage_on_time", "Veiligheidsbeoordeling binnen 5 werkdagen (%)"),
    ):
        ind = trend_by_code[code]
        cells = ind["breakdown"]["maand"]
        pictures.append(
            mark_safe(  # noqa: S308 - SVG built by charts.py from escaped text
                charts.bars(
                    [c["label"].split()[0] for c in cells],
                    [c["value"] for c in cells],
                    title=title,
                    norm=ind["norm"],
                    unit="%" if ind["unit"] == "percentage" else "",
                )
            )
        )
    tables = []
    for code, dim, title in TABLES:
        cells = by_code[code]["breakdown"].get(dim, [])
        tables.append(
            {
                "title": title,
                "rows": [
                    (
                        c["label"],
                        "x" if c.get("suppressed") and c["value"] is None else display(c["value"]),
                    )
                    for c in cells
                    if c["value"] not in (0, None) or c.get("suppressed")
                ],
                "chart": mark_safe(  # noqa: S308 - SVG built by charts.py from escaped text
                    charts.hbars(
                        [c["label"] for c in cells if c["value"] not in (0, None)],
                        [c["value"] for c in cells if c["value"] not in (0, None)],
                    )
                )
                if dim in ("melder", "geweldsvorm")
                else "",
            }
        )
    return {
        "municipality": municipality,
        "period": figures["period"],
        "rows": rows,
        "charts": pictures,
        "tables": tables,
        "norms": figures["norms"],
    }


def render_html(
    *,
    municipalities: Iterable[Municipality],
    period: Period,
    norms: Norms | None = None,
    today: dt.date | None = None,
) -> str:
    from meldpunt.reference.services import organisation_settings

    letters = [letter_context(municipality=m, period=period, norms=norms) for m in municipalities]
    return render_to_string(
        "insight/monitor_letter.html",
        {
            "letters": letters,
            "organisation": organisation_settings().name,
            "today": today or clock.today(),
        },
    )


def render_pdf(**kwargs) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(**kwargs)).write_pdf()
