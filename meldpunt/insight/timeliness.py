"""On time: triage within 5 working days, V&V and Onderzoek within 10 weeks, and monitoring
evaluations with a safety score at or above the threshold.

A term counts in the period in which it was met (`met_on`), and it is on time when
`met_on <= original_due_on`: a decision on the due day is on time, and an extension (which moves
`due_on`) does not change the KPI. Terms cancelled because the report left the organisation
(transfer, return to the police) do not count.
"""

from __future__ import annotations

from django.db.models import Count, F, Q

from meldpunt.insight.context import Context, share_indicator
from meldpunt.insight.indicators import Indicator, grouped
from meldpunt.process.models import Evaluation, Term, TermKind

TERMS = [
    (
        TermKind.TRIAGE,
        "triage_on_time",
        "Veiligheidsbeoordeling binnen 5 werkdagen",
        "Triagebesluiten (geaccordeerd) in de periode, waarvan het besluit uiterlijk op de "
        "oorspronkelijke termijn viel.",
    ),
    (
        TermKind.SUPPORT,
        "support_on_time",
        "Voorwaarden & Vervolg binnen 10 weken afgerond",
        "Afgesloten V&V in de periode, afgesloten uiterlijk op de oorspronkelijke termijn.",
    ),
    (
        TermKind.INVESTIGATION,
        "investigation_on_time",
        "Onderzoek binnen 10 weken afgerond",
        "Afgesloten Onderzoeken in de periode, afgesloten uiterlijk op de oorspronkelijke termijn.",
    ),
]


def compute(ctx: Context) -> list[Indicator]:
    # Terms and evaluations carry their report's file, municipality and work area
    # (process.places): no join to the reports.
    terms = Term.objects.filter(
        ctx.rq(),
        ctx.dates_in_period("met_on"),
        kind__in=[k for k, *_ in TERMS],
        cancelled=False,
    )
    cube = grouped(
        terms,
        date="met_on",
        keys={"g_kind": F("kind")},
        measures={
            "n": Count("id"),
            "on_time": Count("id", filter=Q(met_on__lte=F("original_due_on"))),
        },
    )
    out = [
        share_indicator(
            ctx,
            code=code,
            name=name,
            cube=cube.where(g_kind=kind),
            numerator="on_time",
            denominator="n",
            norm=ctx.norms.for_code(code),
            definition=definition,
        )
        for kind, code, name, definition in TERMS
    ]
    out.append(safety_score(ctx))
    return out


def safety_score(ctx: Context) -> Indicator:
    threshold = ctx.norms.safety_score_threshold
    scored = Q(score_family__isnull=False) | Q(score_professionals__isnull=False)
    safe = (Q(score_family__isnull=True) | Q(score_family__gte=threshold)) & (
        Q(score_professionals__isnull=True) | Q(score_professionals__gte=threshold)
    )
    evaluations = Evaluation.objects.filter(scored, ctx.rq(), ctx.dates_in_period("done_on"))
    cube = grouped(
        evaluations,
        date="done_on",
        measures={"n": Count("id"), "safe": Count("id", filter=safe)},
    )
    return share_indicator(
        ctx,
        code="safety_score",
        name=f"Monitoring: veiligheidscijfer {threshold} of hoger",
        cube=cube,
        numerator="safe",
        denominator="n",
        norm=ctx.norms.safety_score,
        definition=(
            f"Evaluaties gehouden in de periode met ten minste één veiligheidscijfer, waarvan elk "
            f"gegeven cijfer (gezin en professionals) {threshold} of hoger is."
        ),
    )
