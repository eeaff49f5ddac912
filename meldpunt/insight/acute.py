"""Figures of acute work (meldpunt/acute): restraining orders imposed and extended, the crisis
team's out-of-hours contributions, crisis interventions and their hand-over within 48 hours,
hearings under the Wvggz, information requests and their answer times, and the interventions
around families in use. Definitions: docs/kpi.md, "Acute work".

Orders, crisis interventions and hearings carry their own municipality (the mayor's, or where
the call came from); their work area is that municipality's. An information request belongs to
a report and takes the report's municipality and work area. A family intervention belongs to a
file and takes the municipality and work area of the file's latest report.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)

from meldpunt import clock
from meldpunt.acute.models import (
    CrisisIntervention,
    FamilyIntervention,
    Hearing,
    InformationRequest,
    InformationSource,
    InterventionKind,
    OutOfHoursContribution,
    RestrainingOrder,
)
from meldpunt.insight.context import (
    GROUP_OF,
    Context,
    category_cells,
    count_indicator,
    share_indicator,
)
from meldpunt.insight.indicators import HOURS, Cell, Cube, Indicator, grouped, month_of
from meldpunt.insight.norms import Norm
from meldpunt.registry.models import Report

CRISIS_HANDOVER_NORM = Norm(100.0)  # kpi_norms.csv: "Direct overdragen ... binnen 48 uur", 100%
HEARING_OUTCOMES = {
    "heard": "Gehoord",
    "not_heard": "Niet gehoord (met reden)",
    "pending": "Nog niet gehoord",
}


def compute(ctx: Context) -> list[Indicator]:
    return [
        *restraining_orders(ctx),
        *crisis_interventions(ctx),
        hearings(ctx),
        *information_requests(ctx),
        family_interventions(ctx),
    ]


# -- filters -----------------------------------------------------------------------------------


def _files(ctx: Context, prefix: str = "") -> Q:
    """Rows the audience may count: on a file it may count, or on no file (yet)."""
    files = ctx.audience.case_q(f"{prefix}case__")
    if not files:  # every file counts (an empty Q would swallow the OR below)
        return files
    return Q(**{f"{prefix}case__isnull": True}) | files


def _place(ctx: Context, prefix: str = "") -> Q:
    """Rows in scope by their own municipality (`prefix` leads to the row that has one)."""
    if ctx.scope.kind == "work_area":
        return Q(**{f"{prefix}municipality__work_area_id": ctx.scope.work_area.pk})
    if ctx.scope.kind == "municipality":
        return Q(**{f"{prefix}municipality_id__in": ctx.scope.municipality_ids})
    return Q()


def _moment_in_period(ctx: Context, field: str) -> Q:
    return Q(**{f"{field}__gte": ctx.start_at, f"{field}__lt": ctx.end_before})


def _own_place(prefix: str = "") -> dict:
    return {
        "municipality": f"{prefix}municipality_id",
        "area": f"{prefix}municipality__work_area_id",
    }


# -- restraining orders ------------------------------------------------------------------------


def restraining_orders(ctx: Context) -> list[Indicator]:
    orders = RestrainingOrder.objects.filter(_files(ctx), _place(ctx))
    imposed = grouped(
        orders.filter(_moment_in_period(ctx, "imposed_at")),
        date="imposed_at",
        measures={"n": Count("id"), "ooh": Count("id", filter=Q(out_of_hours=True))},
        **_own_place(),
    )
    extended = grouped(
        orders.filter(_moment_in_period(ctx, "extended_at")),
        date="extended_at",
        measures={"n": Count("id")},
        **_own_place(),
    )
    contributions = grouped(
        OutOfHoursContribution.objects.filter(
            _files(ctx, "order__"), _place(ctx, "order__"), _moment_in_period(ctx, "started_at")
        ),
        date="started_at",
        measures={"n": Count("id")},
        **_own_place("order__"),
    )
    return [
        count_indicator(
            ctx,
            code="restraining_orders",
            name="Tijdelijke huisverboden opgelegd",
            cube=imposed,
            definition=(
                "Huisverboden opgelegd in de periode (moment van opleggen), naar de gemeente "
                "van de burgemeester die het oplegde."
            ),
        ),
        count_indicator(
            ctx,
            code="restraining_orders_extended",
            name="Tijdelijke huisverboden verlengd",
            cube=extended,
            definition="Huisverboden waarvan de verlenging in de periode is besloten.",
        ),
        count_indicator(
            ctx,
            code="restraining_orders_out_of_hours",
            name="Bijdragen aan huisverboden buiten kantooruren",
            cube=contributions,
            definition=(
                "Inzet van de crisisdienst bij een huisverbod buiten kantoortijd die in de "
                "periode begon."
            ),
        ),
    ]


# -- crisis interventions ----------------------------------------------------------------------


def crisis_interventions(ctx: Context) -> list[Indicator]:
    """Crisis interventions called in the period, and the share handed over to the local team
    within 48 hours of the call. An intervention counts for the 48-hour share once it has been
    handed over or its 48 hours have passed; one still inside its 48 hours waits."""
    now = clock.now()
    called = CrisisIntervention.objects.filter(
        _files(ctx), _place(ctx), _moment_in_period(ctx, "called_at")
    )
    settled = Q(handed_over_at__isnull=False) | Q(handover_due_at__lt=now)
    cube = grouped(
        called,
        date="called_at",
        measures={
            "n": Count("id"),
            "ooh": Count("id", filter=Q(out_of_hours=True)),
            "settled": Count("id", filter=settled),
            "in_time": Count("id", filter=Q(handed_over_at__lte=F("handover_due_at"))),
        },
        **_own_place(),
    )
    return [
        count_indicator(
            ctx,
            code="crisis_interventions_delivered",
            name="Geleverde crisisinterventies (crisisdienst)",
            cube=cube,
            categories={
                "kantoortijd": cube.total("n") - cube.total("ooh"),
                "buiten": cube.total("ooh"),
            },
            category_labels={"kantoortijd": "Binnen kantoortijd", "buiten": "Buiten kantoortijd"},
            category_dim="tijd",
            definition=(
                "Crisisinterventies waarvan de oproep in de periode binnenkwam (dag en nacht, "
                "alle leeftijden)."
            ),
        ),
        share_indicator(
            ctx,
            code="crisis_handover_48h",
            name="Crisisinterventies binnen 48 uur overgedragen aan het lokale veld",
            cube=cube,
            numerator="in_time",
            denominator="settled",
            norm=CRISIS_HANDOVER_NORM,
            definition=(
                "Crisisinterventies met een oproep in de periode die binnen 48 uur na de oproep "
                "zijn overgedragen, gedeeld door die van de periode die zijn overgedragen of "
                "waarvan de 48 uur voorbij zijn."
            ),
        ),
    ]


# -- hearings ----------------------------------------------------------------------------------


def hearings(ctx: Context) -> Indicator:
    cube = grouped(
        Hearing.objects.filter(_files(ctx), _place(ctx), _moment_in_period(ctx, "requested_at")),
        date="requested_at",
        measures={
            "n": Count("id"),
            "heard": Count("id", filter=Q(heard_at__isnull=False)),
            "not_heard": Count("id", filter=~Q(not_heard_reason="")),
        },
        **_own_place(),
    )
    heard, not_heard = cube.total("heard"), cube.total("not_heard")
    return count_indicator(
        ctx,
        code="hearings",
        name="Hoorfunctie Wvggz: verzoeken",
        cube=cube,
        categories={
            "heard": heard,
            "not_heard": not_heard,
            "pending": cube.total("n") - heard - not_heard,
        },
        category_labels=HEARING_OUTCOMES,
        category_dim="uitkomst",
        definition=(
            "Verzoeken om een hoorfunctie (namens de burgemeester) ontvangen in de periode, naar "
            "de gemeente van die burgemeester en of het horen plaatsvond."
        ),
    )


# -- information requests ----------------------------------------------------------------------


def _hours(value) -> float:
    """A summed duration as hours: a timedelta on PostgreSQL, microseconds on SQLite."""
    if value is None:
        return 0.0
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 3600
    return float(value) / 3_600_000_000


def information_requests(ctx: Context) -> list[Indicator]:
    """Requests asked in the period by source, and the average answer time in hours of those
    answered (by the date they were asked)."""
    answer_time = ExpressionWrapper(F("answered_at") - F("asked_at"), output_field=DurationField())
    sources = list(InformationSource.values)
    measures: dict = {
        "n": Count("id"),
        "answered": Count("id", filter=Q(answered_at__isnull=False)),
    }
    for source in sources:
        measures[f"asked:{source}"] = Count("id", filter=Q(source=source))
        measures[f"answered:{source}"] = Count(
            "id", filter=Q(source=source, answered_at__isnull=False)
        )
        measures[f"time:{source}"] = Sum(
            answer_time, filter=Q(source=source, answered_at__isnull=False)
        )
    cube = grouped(
        InformationRequest.objects.filter(ctx.rq("report__"), _moment_in_period(ctx, "asked_at")),
        date="asked_at",
        report="report__",
        measures=measures,
    )
    for row in cube.rows:
        row["hours"] = sum(_hours(row[f"time:{s}"]) for s in sources)
    labels = {str(v): str(label) for v, label in InformationSource.choices}
    asked = count_indicator(
        ctx,
        code="information_requests",
        name="Informatieverzoeken tijdens de veiligheidsbeoordeling",
        cube=cube,
        categories={s: cube.total(f"asked:{s}") for s in sources},
        category_labels=labels,
        category_dim="bron",
        definition="Verzoeken om informatie (verrijking) gesteld in de periode, naar bron.",
    )
    answered = cube.total("answered")
    hours = Indicator(
        code="information_answer_hours",
        name="Informatieverzoeken: gemiddelde antwoordtijd (uren)",
        unit=HOURS,
        value=_average(sum(r["hours"] for r in cube.rows), answered),
        basis=answered,
        definition=(
            "Gemiddelde tijd in uren van vraag tot antwoord, over de verzoeken gesteld in de "
            "periode die beantwoord zijn; nog openstaande verzoeken tellen niet mee."
        ),
    )
    for dim in ctx.dimensions():
        key_of = GROUP_OF[dim]
        time_by, n_by = defaultdict(float), defaultdict(int)
        for row in cube.rows:
            time_by[row.get(key_of)] += row["hours"]
            n_by[row.get(key_of)] += row["answered"] or 0
        hours.breakdown[dim] = [
            Cell(key, label, _average(time_by[v], n_by[v]), basis=n_by[v])
            for v, key, label in ctx.keys(dim, cube)
        ]
    hours.breakdown["bron"] = [
        Cell(
            s,
            labels[s],
            _average(sum(_hours(r[f"time:{s}"]) for r in cube.rows), cube.total(f"answered:{s}")),
            basis=cube.total(f"answered:{s}"),
        )
        for s in sources
    ]
    return [asked, hours]


def _average(total: float, n: int) -> float | None:
    return round(total / n, 1) if n else None


# -- interventions around families -------------------------------------------------------------


def family_interventions(ctx: Context) -> Indicator:
    """Interventions in use at some time in the period (started on or before its end, not ended
    before its start); per month, those in use in that month. Each counts once in the total."""
    latest = Report.objects.filter(case=OuterRef("case")).order_by("-received_at")
    qs = FamilyIntervention.objects.filter(
        ctx.audience.case_q("case__"),
        Q(started_on__lte=ctx.period.end),
        Q(ended_on__isnull=True) | Q(ended_on__gte=ctx.period.start),
    ).annotate(
        g_municipality=Subquery(latest.values("municipality_id")[:1]),
        g_area=Subquery(latest.values("work_area_id")[:1]),
    )
    if ctx.scope.kind == "work_area":
        qs = qs.filter(g_area=ctx.scope.work_area.pk)
    elif ctx.scope.kind == "municipality":
        qs = qs.filter(g_municipality__in=ctx.scope.municipality_ids)
    rows = list(qs.values("kind", "started_on", "ended_on", "vt_leads", "g_municipality", "g_area"))
    # One cube row per intervention and month in use, for the monthly breakdown; the place
    # breakdowns and the total count each intervention once.
    month_rows, once_rows = [], []
    for r in rows:
        once_rows.append({**r, "g_month": None, "n": 1})
        for month in ctx.period.months():
            month_end = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
            if r["started_on"] < month_end and (r["ended_on"] is None or r["ended_on"] >= month):
                month_rows.append({**r, "g_month": month_of(month), "n": 1})
    once = Cube(once_rows)
    by_kind = defaultdict(int)
    for r in rows:
        by_kind[r["kind"]] += 1
    ind = count_indicator(
        ctx,
        code="family_interventions",
        name="Interventies rond gezinnen in gebruik",
        cube=once,
        categories=by_kind,
        category_labels={str(v): str(label) for v, label in InterventionKind.choices},
        category_dim="interventie",
        definition=(
            "Interventies (AWARE, opvang, huisverbod, MDA++, Zorg- en Veiligheidshuis) die in de "
            "periode liepen: gestart op of vóór het einde, niet beëindigd vóór het begin."
        ),
    )
    months = Cube(month_rows).by("g_month", "n")
    ind.breakdown["maand"] = [
        Cell(key, label, months.get(value, 0)) for value, key, label in ctx.keys("maand", once)
    ]
    ind.breakdown["regie"] = category_cells(
        {"vt": sum(r["vt_leads"] for r in rows), "other": sum(not r["vt_leads"] for r in rows)},
        {"vt": "Procesregie bij Veilig Thuis", "other": "Regie bij een andere organisatie"},
    )
    return ind
