"""The waiting list at the end of the period and the throughput times of each step.

Percentiles are computed from a histogram (one aggregate query grouped by the number of days),
so they are the same on SQLite and PostgreSQL: the nearest-rank percentile, the smallest number
of days d such that at least p% of the cases took d days or fewer.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from django.db.models import Count, DateField, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth

from meldpunt.insight.context import Context, count_indicator
from meldpunt.insight.indicators import DAYS, Cell, Cube, Indicator, month_of
from meldpunt.insight.periods import month_key, month_label
from meldpunt.process.models import Service, ServiceKind, Term, TermKind

WAIT_BUCKETS = [
    ("0-7", "0 t/m 7 dagen", 0, 7),
    ("8-14", "8 t/m 14 dagen", 8, 14),
    ("15-28", "15 t/m 28 dagen", 15, 28),
    ("29+", "29 dagen of langer", 29, None),
]
STEPS = [
    ("throughput_triage", "Doorlooptijd ontvangst tot triagebesluit", "term", TermKind.TRIAGE),
    ("throughput_support", "Doorlooptijd Voorwaarden & Vervolg", "term", TermKind.SUPPORT),
    ("throughput_investigation", "Doorlooptijd Onderzoek", "term", TermKind.INVESTIGATION),
    ("throughput_monitoring", "Doorlooptijd monitoring", "service", ServiceKind.MONITORING),
]
PERCENTILES = (50, 80, 95)


def percentile(histogram: dict[int, int], p: float) -> int | None:
    """Nearest-rank percentile of a histogram {days: count}."""
    n = sum(histogram.values())
    if n == 0:
        return None
    rank = max(1, math.ceil(p / 100 * n))
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        if seen >= rank:
            return days
    raise AssertionError("unreachable")


def compute(ctx: Context) -> list[Indicator]:
    return [*waiting_list(ctx), *throughput(ctx)]


def waiting_list(ctx: Context) -> list[Indicator]:
    """Reports awaiting their triage decision at the end of the period (or today, if earlier)."""
    end = min(ctx.period.end, ctx.today)
    waiting = Term.objects.filter(
        Q(met_on__isnull=True) | Q(met_on__gt=end),
        ctx.rq(),  # terms carry their report's file, municipality and work area
        kind=TermKind.TRIAGE,
        started_on__lte=end,
    )
    # One pass: per place and start date (and due date); buckets, overdue and the wait
    # percentiles are rolled up from these few rows.
    rows = list(
        waiting.values(
            "started_on",
            "original_due_on",
            g_municipality=F("municipality_id"),
            g_area=F("work_area_id"),
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        waited = (end - row["started_on"]).days
        row["overdue"] = row["n"] if row["original_due_on"] < end else 0
        for key, _label, low, high in WAIT_BUCKETS:
            row[key] = row["n"] if waited >= low and (high is None or waited <= high) else 0
    cube = Cube(rows)
    at = f"{end:%d-%m-%Y}"
    count = count_indicator(
        ctx,
        code="waiting_list",
        name=f"Wachtend op triagebesluit op {at}",
        cube=cube,
        definition=(
            "Meldingen ontvangen tot en met de einddatum zonder triagebesluit op die dag "
            "(ook meldingen die later zijn doorgezonden, zolang ze op die dag nog wachtten)."
        ),
    )
    count.breakdown.pop("maand", None)
    count.breakdown["wachttijd"] = [
        Cell(key, label, cube.total(key)) for key, label, _low, _high in WAIT_BUCKETS
    ]
    overdue = count_indicator(
        ctx,
        code="waiting_overdue",
        name=f"Wachtend en over de termijn van 5 werkdagen op {at}",
        cube=cube,
        measure="overdue",
        definition=(
            "Wachtende meldingen waarvan de oorspronkelijke termijn vóór de einddatum verliep."
        ),
    )
    overdue.breakdown.pop("maand", None)
    histogram: dict[int, int] = defaultdict(int)
    for row in rows:
        histogram[(end - row["started_on"]).days] += row["n"]
    median = Indicator(
        code="waiting_median_days",
        name=f"Mediane wachttijd van de wachtende meldingen op {at}",
        unit=DAYS,
        value=percentile(histogram, 50),
        basis=sum(histogram.values()),
        definition="Kalenderdagen sinds ontvangst, mediaan over de wachtende meldingen.",
    )
    median.breakdown["percentiel"] = [
        Cell(f"p{p}", f"{p}e percentiel", percentile(histogram, p), basis=median.basis)
        for p in (*PERCENTILES, 100)
    ]
    return [count, overdue, median]


def throughput(ctx: Context) -> list[Indicator]:
    days = ExpressionWrapper(F("met_on") - F("started_on"), output_field=DurationField())
    terms = Term.objects.filter(
        ctx.rq(),
        ctx.dates_in_period("met_on"),
        kind__in=[s[3] for s in STEPS if s[2] == "term"],
        cancelled=False,
    )
    rows = list(
        terms.values("kind", m=TruncMonth("met_on", output_field=DateField()), d=days)
        .annotate(n=Count("id"))
        .order_by()
    )
    service_days = ExpressionWrapper(F("closed_on") - F("started_on"), output_field=DurationField())
    services = Service.objects.filter(
        ctx.rq(), ctx.dates_in_period("closed_on"), kind=ServiceKind.MONITORING
    )
    rows += list(
        services.values("kind", m=TruncMonth("closed_on", output_field=DateField()), d=service_days)
        .annotate(n=Count("id"))
        .order_by()
    )
    histograms: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    monthly: dict[tuple[str, dt.date], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows:
        d = r["d"].days if isinstance(r["d"], dt.timedelta) else int(r["d"])
        histograms[r["kind"]][d] += r["n"]
        monthly[(r["kind"], month_of(r["m"]))][d] += r["n"]
    out = []
    for code, name, _source, kind in STEPS:
        h = histograms[kind]
        ind = Indicator(
            code=code,
            name=f"{name} (mediaan, dagen)",
            unit=DAYS,
            value=percentile(h, 50),
            basis=sum(h.values()),
            definition=(
                "Kalenderdagen van begin tot einde van de stap, voor stappen die in de periode "
                "zijn afgerond; mediaan, 80e en 95e percentiel (dichtstbijzijnde rang)."
            ),
        )
        ind.breakdown["percentiel"] = [
            Cell(f"p{p}", f"{p}e percentiel", percentile(h, p), basis=ind.basis)
            for p in PERCENTILES
        ]
        ind.breakdown["maand"] = [
            Cell(
                month_key(m),
                month_label(m),
                percentile(monthly[(kind, m)], 50),
                basis=sum(monthly[(kind, m)].values()),
            )
            for m in ctx.period.months()
        ]
        out.append(ind)
    return out
