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
    "restraining_orders",
    "restraining_orders_extended",
    "crisis_interventions_delivered",
    "crisis_handover_48h",
    "hearings",
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
    from meldpunt.access import pdf

    return pdf.render(render_html(**kwargs))


def management_report_html(
    *, figures: kpis.KpiSet, trend: kpis.KpiSet, today: dt.date | None = None
) -> str:
    """The internal management report (sturingsrapportage): every indicator with its norm and
    status, the whole year plan side by side, and the 13-month trend of the norm KPIs. Exact
    figures (or suppressed, when the KPI set's audience says so)."""
    from meldpunt.access.roles import ROLE_LABELS
    from meldpunt.insight.exports import FREQUENCY_NL, SOURCE_NL
    from meldpunt.reference.services import organisation_settings

    data, trend_data = figures.as_dict(), _by_code(trend.as_dict())
    owners = {role.value: label for role, label in ROLE_LABELS.items()}
    indicators, plan_rows = [], []
    for ind in data["indicators"]:
        row = {
            "name": ind.get("plan_name") or ind["name"],
            "part": ind.get("part") or "",
            "norm": ind.get("plan_norm") or ind.get("norm_text") or "",
            "value": _shown(ind),
            "status": ind.get("plan_status") or ind["status"],
            "owner": owners.get(ind.get("owner") or "", ""),
            "frequency": FREQUENCY_NL.get(ind.get("frequency") or "", ""),
            "source": SOURCE_NL.get(ind.get("source") or "", ""),
            "progress": ind.get("progress", ""),
        }
        row["status_text"] = STATUS_NL.get(row["status"] or "", "")
        (plan_rows if ind.get("plan_code") else indicators).append(row)
    pictures = []
    for code in ("triage_on_time", "support_on_time", "investigation_on_time", "safety_score",
                 "crisis_handover_48h", "reports"):  # fmt: skip
        ind = trend_data[code]
        cells = ind["breakdown"]["maand"]
        pictures.append(
            mark_safe(  # noqa: S308 - SVG built by charts.py from escaped text
                charts.bars(
                    [c["label"].split()[0] for c in cells],
                    [c["value"] for c in cells],
                    title=ind["name"],
                    norm=ind["norm"],
                    unit="%" if ind["unit"] == "percentage" else "",
                )
            )
        )
    return render_to_string(
        "insight/management_report.html",
        {
            "data": data,
            "indicators": indicators,
            "plan_rows": plan_rows,
            "charts": pictures,
            "organisation": organisation_settings().name,
            "today": today or clock.today(),
        },
    )


def _shown(ind: dict) -> str:
    value = ind["value"]
    if value is True or value is False:
        return "ja" if value else "nee"
    if isinstance(value, str) and ind.get("source") == "entered":
        return "voortgang ingevuld" if value else "–"
    return display(value, ind.get("unit", ""))


def management_report_pdf(**kwargs) -> bytes:
    from meldpunt.access import pdf

    return pdf.render(management_report_html(**kwargs))
