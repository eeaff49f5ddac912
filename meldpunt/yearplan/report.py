"""The plan as output: JSON rows, CSV, and the quarterly progress report as a PDF."""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string

from meldpunt import clock
from meldpunt.yearplan import periods
from meldpunt.yearplan.models import Plan
from meldpunt.yearplan.selectors import plan_table

STATUS_NL = {"on_track": "op koers", "off_track": "niet op koers", "missing": "ontbreekt"}


def as_json(*, plan: Plan, period: str, viewer) -> dict:
    start, end = periods.bounds(period)
    return {
        "plan": {"name": plan.name, "organisation": plan.organisation, "year": plan.year},
        "period": {"label": period, "from": start.isoformat(), "to": end.isoformat()},
        "indicators": [
            row.as_json() for row in plan_table(plan=plan, period=period, viewer=viewer)
        ],
    }


def as_csv(*, plan: Plan, period: str, viewer) -> str:
    rows = as_json(plan=plan, period=period, viewer=viewer)["indicators"]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["name"])
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def progress_report_pdf(*, plan: Plan, quarter: str, viewer) -> bytes:
    """The quarterly progress report (voortgangsrapportage): every KPI of the quarter, the
    entered progress texts, and the trend of the computed figures over the quarters so far."""
    from meldpunt.access import pdf

    start, end = periods.bounds(quarter)
    rows = plan_table(plan=plan, period=quarter, viewer=viewer)
    quarters = [
        q for q in periods.labels_for(plan.year, "quarterly") if periods.bounds(q)[0] <= end
    ]
    trend = {
        q: {
            r.kpi.pk: r.value
            for r in plan_table(plan=plan, period=q, viewer=viewer)
            if r.kpi.is_computed
        }
        for q in quarters
    }
    html = render_to_string(
        "yearplan/progress_report.html",
        {
            "plan": plan,
            "quarter": quarter,
            "start": start,
            "end": end,
            "rows": rows,
            "status_nl": STATUS_NL,
            "quarters": quarters,
            "trend": trend,
            "made_on": clock.today(),
        },
    )
    return pdf.render(html)
