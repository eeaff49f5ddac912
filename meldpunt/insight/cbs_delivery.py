"""The half-yearly delivery to CBS (Beleidsinformatie Veilig Thuis) in the national categories
of `reference/cbs.py`. Exact counts over the whole register: a statutory delivery is not
suppressed (the statistics office protects what it publishes).

What counts (see docs/kpi.md):
- advice requests and reports received in the half-year (reports sent on to another region or
  back to the police before the end of the half-year are not this organisation's reports);
- per report its reporter group, the CBS categories of its forms of violence (a report with two
  forms in different categories counts in both; without a form: Onbekend), its prior involvement;
- the safety-assessment outcome of those reports as it stood at the end of the half-year, crossed
  with the taxation (acute / structural / neither); undecided: Nog niet beoordeeld;
- Onderzoek outcomes per category of violence for Onderzoeken closed in the half-year;
- the number of households with a report in the half-year.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Count, F, Q

from meldpunt.insight.periods import Period
from meldpunt.process.models import DecisionStatus, Finding, ServiceKind, TriageDecision
from meldpunt.reference.cbs import (
    AssessmentOutcome,
    InvestigationFinding,
    PriorInvolvement,
    ReporterGroup,
    SafetyTaxation,
    ViolenceCategory,
)
from meldpunt.registry.models import Advice, Report

OUTCOME_FOR_DECISION = {
    "voorwaarden_vervolg": AssessmentOutcome.FOLLOW_UP_AT_VT,
    "onderzoek": AssessmentOutcome.FOLLOW_UP_AT_VT,
    "overdracht": AssessmentOutcome.HANDOVER,
    # The Child Protection Board takes the case over: a hand-over in CBS's terms.
    "verzoek_rvdk": AssessmentOutcome.HANDOVER,
    "einde_bemoeienis": AssessmentOutcome.NO_FOLLOW_UP,
}
NOT_DETERMINED = ("nog_niet_bepaald", "Nog niet bepaald (geen triagebesluit)")
UNKNOWN_REPORTER = ("onbekend", "Onbekend")
COLUMNS = [
    "periode",
    "tabel",
    "categorie",
    "categorie_omschrijving",
    "subcategorie",
    "subcategorie_omschrijving",
    "aantal",
]


@dataclass(frozen=True)
class Line:
    table: str
    category: str
    category_label: str
    count: int
    subcategory: str = ""
    subcategory_label: str = ""


class HalfError(ValueError):
    pass


def parse_half(text: str) -> tuple[str, Period]:
    import re

    match = re.fullmatch(r"(\d{4})H([12])", text.strip().upper())
    if not match:
        raise HalfError(f"'{text}' is geen halfjaar; gebruik bijvoorbeeld 2025H1 of 2025H2.")
    year, half = int(match.group(1)), int(match.group(2))
    return f"{year}H{half}", Period.half(year, half)


def _bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    import zoneinfo

    from django.conf import settings

    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(period.start, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return start, end


def _by_choices(table, counts, choices, extra=()) -> list[Line]:
    items = [(str(v), str(label)) for v, label in choices.choices] + list(extra)
    return [Line(table, key, label, int(counts.get(key, 0))) for key, label in items]


def delivery(period: Period) -> list[Line]:
    start, end = _bounds(period)
    lines: list[Line] = []

    advice = Advice.objects.filter(received_at__gte=start, received_at__lt=end)
    counts = dict(advice.values_list("asker_type__cbs_group").annotate(n=Count("id")).order_by())
    lines.append(Line("adviesvragen", "totaal", "Adviesvragen", advice.count()))
    lines += _by_choices("adviesvragen_naar_vrager", counts, ReporterGroup)

    reports = Report.objects.filter(received_at__gte=start, received_at__lt=end).exclude(
        routing__at__lt=end
    )
    lines.append(Line("meldingen", "totaal", "Meldingen", reports.count()))
    counts = {
        (k or UNKNOWN_REPORTER[0]): n
        for k, n in reports.values_list("reporter__reporter_type__cbs_group")
        .annotate(n=Count("id"))
        .order_by()
    }
    lines += _by_choices("meldingen_naar_melder", counts, ReporterGroup, [UNKNOWN_REPORTER])

    counts = {
        (k or ViolenceCategory.UNKNOWN.value): n
        for k, n in reports.values_list("violence_forms__cbs_category")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    }
    lines += _by_choices("meldingen_naar_aard", counts, ViolenceCategory)

    counts = {
        (k or NOT_DETERMINED[0]): n
        for k, n in reports.values_list("prior_involvement").annotate(n=Count("id")).order_by()
    }
    lines += _by_choices("eerdere_betrokkenheid", counts, PriorInvolvement, [NOT_DETERMINED])

    lines += _assessment(reports, end)
    lines += _findings(period)

    households = reports.values("case__household_id").distinct().count()
    lines.append(Line("huishoudens", "met_melding", "Huishoudens met een melding", households))
    return lines


def _assessment(reports, end: dt.datetime) -> list[Line]:
    decided = TriageDecision.objects.filter(
        report__in=reports, status=DecisionStatus.APPROVED, decided_at__lt=end
    )
    taxation = {
        SafetyTaxation.ACUTE: Q(report__safety_assessment__acute_unsafety=True),
        SafetyTaxation.STRUCTURAL: Q(
            report__safety_assessment__acute_unsafety=False,
            report__safety_assessment__structural_unsafety=True,
        ),
        SafetyTaxation.NEITHER: Q(
            report__safety_assessment__acute_unsafety=False,
            report__safety_assessment__structural_unsafety=False,
        ),
    }
    measures = {str(key): Count("id", filter=q) for key, q in taxation.items()}
    rows = {r["outcome"]: r for r in decided.values("outcome").annotate(**measures).order_by()}
    table = "uitkomst_veiligheidsbeoordeling"
    lines = []
    for outcome in AssessmentOutcome:
        if outcome == AssessmentOutcome.NOT_YET:
            continue
        sources = [d for d, o in OUTCOME_FOR_DECISION.items() if o == outcome]
        for tax in SafetyTaxation:
            n = sum(rows.get(d, {}).get(str(tax), 0) for d in sources)
            lines.append(Line(table, outcome.value, outcome.label, n, tax.value, tax.label))
    not_yet = reports.exclude(pk__in=decided.values("report_id")).count()
    lines.append(
        Line(
            table,
            AssessmentOutcome.NOT_YET.value,
            AssessmentOutcome.NOT_YET.label,
            not_yet,
        )
    )
    return lines


def _findings(period: Period) -> list[Line]:
    findings = Finding.objects.filter(
        service__kind=ServiceKind.INVESTIGATION,
        service__closed_on__gte=period.start,
        service__closed_on__lte=period.end,
    )
    counts = {
        (r["category"], r["finding"]): r["n"]
        for r in findings.values("finding", category=F("violence_form__cbs_category"))
        .annotate(n=Count("service", distinct=True))
        .order_by()
    }
    lines = []
    for category in ViolenceCategory:
        for finding in InvestigationFinding:
            lines.append(
                Line(
                    "onderzoek_uitkomst",
                    category.value,
                    category.label,
                    counts.get((category.value, finding.value), 0),
                    finding.value,
                    finding.label,
                )
            )
    return lines


def to_csv(label: str, lines: list[Line]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for line in lines:
        writer.writerow(
            [
                label,
                line.table,
                line.category,
                line.category_label,
                line.subcategory,
                line.subcategory_label,
                line.count,
            ]
        )
    return buffer.getvalue()
