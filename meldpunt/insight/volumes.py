"""Volumes: advice requests, reports (by reporter, violence form, age of the children, prior
involvement), crisis interventions, reports per 1,000 inhabitants, recidivism, triage decisions
by outcome and hand-overs by destination."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from meldpunt.insight.context import Context, category_cells, count_indicator, share_indicator
from meldpunt.insight.indicators import PER_1000, Cell, Indicator, grouped
from meldpunt.process.models import DecisionStatus, Handover, TriageDecision, TriageOutcome
from meldpunt.reference.cbs import PriorInvolvement, ReporterGroup, ViolenceCategory
from meldpunt.reference.models import District, HandoverDestination, PopulationFigure
from meldpunt.registry.models import Advice, Involvement, InvolvementRole, Report

NOT_RECORDED = "niet_vastgelegd"
AGE_GROUPS = {
    "ongeboren": "Ongeboren",
    "0-3": "0 t/m 3 jaar",
    "4-11": "4 t/m 11 jaar",
    "12-17": "12 t/m 17 jaar",
    "18+": "18 jaar of ouder",
    "onbekend": "Leeftijd onbekend",
}
RECIDIVISM_WINDOWS = {"recidivism_12m": (365, "12 maanden"), "recidivism_5y": (1826, "5 jaar")}


def _labels(choices) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices.choices}


def compute(ctx: Context) -> list[Indicator]:
    return [
        advice(ctx),
        *reports(ctx),
        decisions(ctx),
        handovers(ctx),
    ]


def advice(ctx: Context) -> Indicator:
    qs = Advice.objects.filter(ctx.scope.advice_q(), ctx.received_in_period())
    cube = grouped(
        qs,
        date="received_at",
        municipality="municipality_id",
        area="municipality__work_area_id",
        measures={"n": Count("id")},
    )
    groups = {
        r["g"]: r["n"]
        for r in qs.values(g=F("asker_type__cbs_group")).annotate(n=Count("id")).order_by()
    }
    return count_indicator(
        ctx,
        code="advice_requests",
        name="Adviesvragen",
        cube=cube,
        categories=groups,
        category_labels=_labels(ReporterGroup),
        category_dim="vrager",
        definition="Adviesvragen ontvangen in de periode, naar soort vrager (CBS-indeling).",
    )


def _reports(ctx: Context):
    return Report.objects.filter(ctx.rq(), ctx.received_in_period())


def reports(ctx: Context) -> list[Indicator]:
    qs = _reports(ctx)
    earlier = (
        Report.objects.filter(
            case__household_id=OuterRef("case__household_id"),
            received_at__lt=OuterRef("received_at"),
        )
        .order_by("-received_at")
        .values("received_at")[:1]
    )
    measures = {
        "n": Count("id"),
        "crisis": Count("id", filter=Q(crisis_intervention=True)),
    }
    for code, (days, _) in RECIDIVISM_WINDOWS.items():
        measures[code] = Count(
            "id", filter=Q(earlier_at__gte=F("received_at") - dt.timedelta(days=days))
        )
    cube = grouped(qs.annotate(earlier_at=Subquery(earlier)), date="received_at", measures=measures)
    total = count_indicator(
        ctx,
        code="reports",
        name="Meldingen",
        cube=cube,
        definition="Meldingen ontvangen in de periode (ontvangstmoment, Nederlandse tijd).",
    )
    by_group = qs.values(g=F("reporter__reporter_type__cbs_group")).annotate(n=Count("id"))
    total.breakdown["melder"] = category_cells(
        {r["g"] or NOT_RECORDED: r["n"] for r in by_group.order_by()},
        _labels(ReporterGroup),
    )
    by_form = qs.values(g=F("violence_forms__cbs_category")).annotate(n=Count("id", distinct=True))
    total.breakdown["geweldsvorm"] = category_cells(
        {r["g"] or NOT_RECORDED: r["n"] for r in by_form.order_by()},
        {**_labels(ViolenceCategory), NOT_RECORDED: "Niet vastgelegd"},
    )
    by_prior = qs.values(g=F("prior_involvement")).annotate(n=Count("id"))
    total.breakdown["eerdere_betrokkenheid"] = category_cells(
        {r["g"] or NOT_RECORDED: r["n"] for r in by_prior.order_by()},
        {**_labels(PriorInvolvement), NOT_RECORDED: "Nog niet bepaald (geen besluit)"},
    )
    out = [total, children_by_age(ctx), per_1000(ctx, cube)]
    out.append(
        count_indicator(
            ctx,
            code="crisis_interventions",
            name="Crisisinterventies",
            cube=cube,
            measure="crisis",
            definition=(
                "Meldingen ontvangen in de periode waarbij een crisisinterventie is ingezet."
            ),
        )
    )
    for code, (_days, words) in RECIDIVISM_WINDOWS.items():
        out.append(
            share_indicator(
                ctx,
                code=code,
                name=f"Meldingen over een huishouden dat in de {words} ervoor al gemeld was",
                cube=cube,
                numerator=code,
                denominator="n",
                norm=None,
                definition=(
                    f"Meldingen ontvangen in de periode over een huishouden met een eerdere "
                    f"melding in de {words} voor de ontvangst, gedeeld door alle meldingen "
                    "in de periode."
                ),
            )
        )
    return out


def children_by_age(ctx: Context) -> Indicator:
    children = Involvement.objects.filter(
        ctx.rq("report__"), ctx.received_in_period("report__"), role=InvolvementRole.CHILD
    ).annotate(
        ry=ExtractYear("report__received_at"),
        rm=ExtractMonth("report__received_at"),
        rd=ExtractDay("report__received_at"),
        by=ExtractYear("person__date_of_birth"),
        bm=ExtractMonth("person__date_of_birth"),
        bd=ExtractDay("person__date_of_birth"),
    )
    age = (
        F("ry")
        - F("by")
        - Case(
            When(Q(rm__lt=F("bm")) | Q(rm=F("bm"), rd__lt=F("bd")), then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    children = children.annotate(age=age).annotate(
        g=Case(
            When(person__date_of_birth__isnull=True, then=Value("onbekend")),
            When(age__lt=0, then=Value("ongeboren")),
            When(age__lt=4, then=Value("0-3")),
            When(age__lt=12, then=Value("4-11")),
            When(age__lt=18, then=Value("12-17")),
            default=Value("18+"),
        )
    )
    cube = grouped(
        children, date="report__received_at", report="report__", measures={"n": Count("id")}
    )
    groups = {r["g"]: r["n"] for r in children.values("g").annotate(n=Count("id")).order_by()}
    return count_indicator(
        ctx,
        code="children",
        name="Kinderen betrokken bij meldingen",
        cube=cube,
        categories=groups,
        category_labels=AGE_GROUPS,
        category_dim="leeftijd",
        definition=(
            "Kinderen (rol kind) bij meldingen ontvangen in de periode, naar leeftijd op de dag "
            "van ontvangst; een kind bij twee meldingen telt twee keer."
        ),
    )


def _populations(year: int) -> dict[int, int]:
    """Per municipality the latest population figure at or before `year` (else the earliest)."""
    figures: dict[int, list[tuple[int, int]]] = {}
    for muni, fig_year, population in PopulationFigure.objects.values_list(
        "municipality_id", "year", "population"
    ):
        figures.setdefault(muni, []).append((fig_year, population))
    out = {}
    for muni, rows in figures.items():
        rows.sort()
        earlier = [r for r in rows if r[0] <= year]
        out[muni] = (earlier[-1] if earlier else rows[0])[1]
    return out


def per_1000(ctx: Context, cube) -> Indicator:
    population = _populations(ctx.period.end.year)
    served = {s[0] for s in ctx.served}
    by_muni = cube.by("g_municipality", "n")
    total = cube.total("n")
    inhabitants = sum(population.get(m, 0) for m in served)
    split = (
        ctx.scope.kind == "work_area"
        and District.objects.filter(work_area=ctx.scope.work_area).exists()
    )
    value = None if split or not inhabitants else round(1000 * total / inhabitants, 2)
    ind = Indicator(
        code="reports_per_1000",
        name="Meldingen per 1.000 inwoners",
        unit=PER_1000,
        value=value,
        basis=total,
        definition=(
            "Meldingen in de periode per 1.000 inwoners (inwonertal van het jaar van het einde "
            "van de periode, of het laatst bekende daarvoor); niet omgerekend naar een jaar. "
            "Niet berekend voor een werkgebied met wijken van een gedeelde gemeente (Rotterdam): "
            "de inwonertallen per wijk staan niet in het register."
        ),
    )
    if "gemeente" in ctx.dimensions():
        cells = []
        for m, key, label in ctx.keys("gemeente", cube):
            pop = population.get(m) if m in served else None
            n = by_muni.get(m, 0)
            rate = None if (not pop or split and m not in served) else round(1000 * n / pop, 2)
            cells.append(Cell(key, label, rate, basis=n))
        ind.breakdown["gemeente"] = cells
    return ind


def decisions(ctx: Context) -> Indicator:
    qs = TriageDecision.objects.filter(
        ctx.rq("report__"),
        status=DecisionStatus.APPROVED,
        decided_at__gte=ctx.start_at,
        decided_at__lt=ctx.end_before,
    )
    cube = grouped(qs, date="decided_at", report="report__", measures={"n": Count("id")})
    outcomes = {
        r["outcome"]: r["n"] for r in qs.values("outcome").annotate(n=Count("id")).order_by()
    }
    return count_indicator(
        ctx,
        code="triage_decisions",
        name="Triagebesluiten",
        cube=cube,
        categories=outcomes,
        category_labels=_labels(TriageOutcome),
        category_dim="besluit",
        definition=(
            "Triagebesluiten die in de periode door de tweede professional zijn geaccordeerd."
        ),
    )


def handovers(ctx: Context) -> Indicator:
    qs = Handover.objects.filter(ctx.rq("report__"), ctx.dates_in_period("handed_over_on"))
    cube = grouped(qs, date="handed_over_on", report="report__", measures={"n": Count("id")})
    by_dest = {
        r["g"]: r["n"]
        for r in qs.values(g=F("destination__code")).annotate(n=Count("id")).order_by()
    }
    labels = dict(HandoverDestination.objects.values_list("code", "name"))
    return count_indicator(
        ctx,
        code="handovers",
        name="Overdrachten",
        cube=cube,
        categories=by_dest,
        category_labels=labels,
        category_dim="naar",
        definition="Overdrachten met een overdrachtsdatum in de periode, naar bestemming.",
    )
