"""Volumes: advice requests, reports (by reporter, violence form, age of the children, prior
involvement), crisis interventions, reports per 1,000 inhabitants, recidivism, triage decisions
by outcome and hand-overs by destination."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear

from meldpunt.insight.context import Context, category_cells, count_indicator, share_indicator
from meldpunt.insight.indicators import PER_1000, Cell, Indicator, grouped
from meldpunt.process.models import (
    DecisionStatus,
    Handover,
    Routing,
    RoutingKind,
    Service,
    ServiceKind,
    TriageDecision,
    TriageOutcome,
)
from meldpunt.reference.cbs import PriorInvolvement, ReporterGroup, ViolenceCategory
from meldpunt.reference.models import (
    District,
    HandoverDestination,
    PopulationFigure,
    ReporterType,
)
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


def _split(name: str, field: str, values) -> dict:
    """Conditional counts `name:value` for each value of `field`, so one grouped query gives
    the category breakdown alongside the total (no second pass over the same rows)."""
    return {f"{name}:{v}": Count("id", filter=Q(**{field: v})) for v in values}


def _folded(cube, name: str, fold=lambda key: key) -> dict:
    """Category totals from the conditional counts of `_split` (optionally folding keys)."""
    out: dict = {}
    for measure in {k for r in cube.rows for k in r if k.startswith(f"{name}:")}:
        key = fold(measure.split(":", 1)[1])
        out[key] = out.get(key, 0) + cube.total(measure)
    return out


def compute(ctx: Context) -> list[Indicator]:
    return [
        advice(ctx),
        *reports(ctx),
        routed(ctx),
        decisions(ctx),
        handovers(ctx),
        *services_started(ctx),
    ]


def advice(ctx: Context) -> Indicator:
    qs = Advice.objects.filter(ctx.scope.advice_q(), ctx.received_in_period())
    group_of = {str(k): v for k, v in ReporterType.objects.values_list("id", "cbs_group")}
    cube = grouped(
        qs,
        date="received_at",
        municipality="municipality_id",
        area="municipality__work_area_id",
        measures={"n": Count("id"), **_split("type", "asker_type_id", group_of)},
    )
    return count_indicator(
        ctx,
        code="advice_requests",
        name="Adviesvragen",
        cube=cube,
        categories=_folded(cube, "type", group_of.get),
        category_labels=_labels(ReporterGroup),
        category_dim="vrager",
        definition="Adviesvragen ontvangen in de periode, naar soort vrager (CBS-indeling).",
    )


def _reports(ctx: Context):
    return Report.objects.filter(ctx.own_reports(), ctx.received_in_period())


def reports(ctx: Context) -> list[Indicator]:
    qs = _reports(ctx)
    types_of: dict[str, list[int]] = {}
    for pk, group in ReporterType.objects.values_list("id", "cbs_group"):
        types_of.setdefault(group, []).append(pk)
    measures = {
        "n": Count("id"),
        "crisis": Count("id", filter=Q(crisis_intervention=True)),
        **{
            f"group:{g}": Count("id", filter=Q(reporter__reporter_type_id__in=ids))
            for g, ids in types_of.items()
        },
        **_split("prior", "prior_involvement", ["", *PriorInvolvement.values]),
    }
    cube = grouped(
        _earlier_report_window(qs),
        date="received_at",
        measures=measures,
        keys={"g_recid": F("recid")},
    )
    for row in cube.rows:
        row["recidivism_12m"] = row["n"] if row["g_recid"] == 1 else 0
        row["recidivism_5y"] = row["n"] if row["g_recid"] in (1, 2) else 0
    total = count_indicator(
        ctx,
        code="reports",
        name="Meldingen",
        cube=cube,
        definition="Meldingen ontvangen in de periode (ontvangstmoment, Nederlandse tijd).",
    )
    groups = _folded(cube, "group")
    if sum(groups.values()) < total.value:
        groups[NOT_RECORDED] = total.value - sum(groups.values())
    total.breakdown["melder"] = category_cells(
        groups, {**_labels(ReporterGroup), NOT_RECORDED: "Niet vastgelegd"}
    )
    by_form = qs.values(g=F("violence_forms__cbs_category")).annotate(n=Count("id", distinct=True))
    total.breakdown["geweldsvorm"] = category_cells(
        {r["g"] or NOT_RECORDED: r["n"] for r in by_form.order_by()},
        {**_labels(ViolenceCategory), NOT_RECORDED: "Niet vastgelegd"},
    )
    total.breakdown["eerdere_betrokkenheid"] = category_cells(
        _folded(cube, "prior", lambda key: key or NOT_RECORDED),
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
                name=(
                    f"Meldingen over een persoon of huishouden die in de {words} ervoor al "
                    "gemeld was"
                ),
                cube=cube,
                numerator=code,
                denominator="n",
                norm=None,
                definition=(
                    f"Meldingen ontvangen in de periode over een persoon of huishouden met een "
                    f"eerdere melding in de {words} voor de ontvangst (volgens de koppelingen "
                    "van de radar, vastgelegd bij het triagebesluit; zonder besluit: het "
                    "huishouden van het dossier), gedeeld door alle meldingen in de periode."
                ),
            )
        )
    return out


def _earlier_report_window(qs):
    """Annotates `recid`: 1 when the report's person or household had an earlier report in the
    365 days before receipt, 2 when only in the 1,826 days before, 0 when not.

    A decided report carries these facts as the radar's links said at its triage decision
    (`radar.ReportFacts`: earlier reports about any of its people or records linked to them, or
    about their households), so delivered figures stay reproducible. A report not decided yet,
    or decided before the radar, falls back to the earlier reports of its file's household: the
    stored fact `Report.household_previous_at` (the latest of them, kept by
    `registry.services.refresh_previous_reports`), read from the row. Worked out once per row
    and used as a grouping key."""
    days_12m = RECIDIVISM_WINDOWS["recidivism_12m"][0]
    days_5y = RECIDIVISM_WINDOWS["recidivism_5y"][0]
    window = Case(
        When(household_previous_at__gte=F("from_12m"), then=Value(1)),
        When(household_previous_at__gte=F("from_5y"), then=Value(2)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return qs.annotate(
        from_5y=ExpressionWrapper(
            F("received_at") - dt.timedelta(days=days_5y), output_field=DateTimeField()
        ),
        from_12m=ExpressionWrapper(
            F("received_at") - dt.timedelta(days=days_12m), output_field=DateTimeField()
        ),
    ).annotate(recid=Coalesce(F("radar_facts__recidivism"), window))


def children_by_age(ctx: Context) -> Indicator:
    children = Involvement.objects.filter(
        ctx.own_reports("report__"),
        ctx.received_in_period("report__"),
        role=InvolvementRole.CHILD,
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
        children,
        date="report__received_at",
        report="report__",
        measures={"n": Count("id")},
        keys={"g_age": F("g")},  # the age is worked out once per child, not once per group
    )
    groups = cube.by("g_age", "n")
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
    by_month = cube.by("g_month", "n")
    ind.breakdown["maand"] = [
        Cell(
            key,
            label,
            None if value is None else round(1000 * by_month.get(m, 0) / inhabitants, 3),
            basis=by_month.get(m, 0),
        )
        for m, key, label in ctx.keys("maand", cube)
    ]
    if "gemeente" in ctx.dimensions():
        cells = []
        for m, key, label in ctx.keys("gemeente", cube):
            pop = population.get(m) if m in served else None
            n = by_muni.get(m, 0)
            rate = None if (not pop or split and m not in served) else round(1000 * n / pop, 2)
            cells.append(Cell(key, label, rate, basis=n))
        ind.breakdown["gemeente"] = cells
    return ind


def routed(ctx: Context) -> Indicator:
    """Reports that left the organisation in the period: transferred to the Veilig Thuis of the
    region where the family lives, or returned to the police as not for Veilig Thuis."""
    qs = Routing.objects.filter(ctx.rq("report__"), at__gte=ctx.start_at, at__lt=ctx.end_before)
    cube = grouped(
        qs,
        date="at",
        report="report__",
        measures={"n": Count("id"), **_split("kind", "kind", RoutingKind.values)},
    )
    return count_indicator(
        ctx,
        code="routed_reports",
        name="Meldingen doorgestuurd (andere regio, terug naar politie)",
        cube=cube,
        categories=_folded(cube, "kind"),
        category_labels=_labels(RoutingKind),
        category_dim="soort",
        definition=(
            "Meldingen die in de periode de organisatie verlieten: overgedragen aan de Veilig "
            "Thuis-organisatie van de regio waar het gezin woont (die telt ze als eigen melding) "
            "of teruggestuurd naar de politie. Ze tellen niet mee in 'Meldingen'."
        ),
    )


def decisions(ctx: Context) -> Indicator:
    qs = TriageDecision.objects.filter(
        ctx.rq(),
        status=DecisionStatus.APPROVED,
        decided_at__gte=ctx.start_at,
        decided_at__lt=ctx.end_before,
    )
    cube = grouped(
        qs,
        date="decided_at",
        measures={"n": Count("id"), **_split("outcome", "outcome", TriageOutcome.values)},
    )
    outcomes = _folded(cube, "outcome")
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
    qs = Handover.objects.filter(ctx.rq(), ctx.dates_in_period("handed_over_on"))
    destinations = {
        str(pk): (code, name)
        for pk, code, name in HandoverDestination.objects.values_list("id", "code", "name")
    }
    cube = grouped(
        qs,
        date="handed_over_on",
        measures={"n": Count("id"), **_split("to", "destination_id", destinations)},
    )
    by_dest = _folded(cube, "to", lambda pk: destinations[pk][0])
    labels = {code: name for code, name in destinations.values()}
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


def services_started(ctx: Context) -> list[Indicator]:
    """Voorwaarden & Vervolg and Onderzoeken started in the period (the plans' absolute numbers:
    "Overdracht met Ondersteuning", "Onderzoek")."""
    qs = Service.objects.filter(
        ctx.rq(),
        ctx.dates_in_period("started_on"),
        kind__in=[ServiceKind.SUPPORT, ServiceKind.INVESTIGATION],
    )
    cube = grouped(
        qs,
        date="started_on",
        measures=_split("kind", "kind", [ServiceKind.SUPPORT, ServiceKind.INVESTIGATION]),
    )
    return [
        count_indicator(
            ctx,
            code="support_started",
            name="Voorwaarden & Vervolg gestart",
            cube=cube,
            measure=f"kind:{ServiceKind.SUPPORT}",
            definition="Diensten Voorwaarden & Vervolg met een startdatum in de periode.",
        ),
        count_indicator(
            ctx,
            code="investigations_started",
            name="Onderzoeken gestart",
            cube=cube,
            measure=f"kind:{ServiceKind.INVESTIGATION}",
            definition="Onderzoeken met een startdatum in de periode.",
        ),
    ]
