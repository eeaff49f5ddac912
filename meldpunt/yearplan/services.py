"""Writes to the year plan: loading the example plans, copying a plan to a new year, entering
values (a correction is a new row; the earlier value stays)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.roles import Right, Role
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.yearplan import norms, periods
from meldpunt.yearplan.models import EnteredValue, Frequency, Part, Plan, PlanKpi

DATA = Path(__file__).resolve().parents[1] / "reference" / "data" / "kpi_norms.csv"

# Which indicator of the register a plan row is computed from (matched on the KPI text).
COMPUTED_BY_TEXT = [
    (r"beoordeelde meldingen|Triage: binnen 5 werkdagen", "triage_on_time"),
    (r"Voorwaarden & Vervolg binnen", "support_on_time"),
    (r"Onderzoeken binnen|Onderzoek: binnen 10 weken", "investigation_on_time"),
    (r"Veiligheidsscore", "safety_score"),
    (r"klachten behandeld door externe", "external_complaints"),
    (r"(?i)tevredenheid", "client_satisfaction"),
    (r"Meldingen Veilig Thuis ZHZ, aantal", "reports"),
    (r"Direct overdragen van meldingen", "handovers"),
    (r"Overdracht met Ondersteuning", "support_started"),
    (r"^Onderzoek \(absolute", "investigations_started"),
    (r"advies aanvragen", "advices"),
    (r"crisisinterventies", "crisis_interventions"),
    (r"huisverbod buiten kantooruren", "restraining_orders_out_of_hours"),
    (r"hoorfunctie", "hearings"),
    (r"binnen 48 uur", "crisis_handover_48h"),
]
OWNER_BY_TEXT = [
    (r"(?i)verzuim|uitstroom", Role.HR_ADVISER),
    (r"(?i)klacht", Role.COMPLAINTS_OFFICER),
    (r"(?i)certificering", Role.MANAGER),
]
FREQUENCY_BY_TEXT = [
    (r"maand", Frequency.MONTHLY),
    (r"half ?jaar", Frequency.HALF_YEARLY),
    (r"kwartaal", Frequency.QUARTERLY),
]
PLANS = {
    "Veilig Thuis Rotterdam Rijnmond (VTRR)": (
        "Activiteitenplan",
        2020,
        {"A": "Stabiele processen en medewerkers"},
    ),
    "Veilig Thuis Zuid-Holland Zuid (VT ZHZ)": (
        "Prestatie-indicatoren begroting",
        2025,
        {"VT": "Veilig Thuis ZHZ"},
    ),
    "Crisisinterventieteam (ZHZ)": (
        "Prestatie-indicatoren begroting",
        2025,
        {"CIT": "Crisisinterventieteam"},
    ),
}


def _match(table, text, default):
    for pattern, value in table:
        if re.search(pattern, text):
            return value
    return default


@transaction.atomic
def load_example_plans() -> list[Plan]:
    """The Rotterdam-Rijnmond plan and the Zuid-Holland-Zuid indicator table, from
    kpi_norms.csv. Idempotent."""
    plans: dict[tuple[str, int], Plan] = {}
    with DATA.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            name, year, parts = PLANS[row["organisation"]]
            organisation = (
                "Veilig Thuis Zuid-Holland Zuid"
                if "ZHZ" in row["organisation"]
                else "Veilig Thuis Rotterdam Rijnmond"
            )
            plan, _ = Plan.objects.get_or_create(
                organisation=organisation, year=year, defaults={"name": name}
            )
            plans[(organisation, year)] = plan
            ((code, title),) = parts.items()
            part, _ = Part.objects.get_or_create(plan=plan, code=code, defaults={"title": title})
            norm = norms.parse(
                row["norm"], volume="volume" in row["note"] or "per year" in row["unit"]
            )
            PlanKpi.objects.update_or_create(
                plan=plan,
                code=slugify(row["kpi"])[:60],
                defaults={
                    "part": part,
                    "name": row["kpi"].rstrip(".:"),
                    "norm_kind": norm.kind,
                    "norm_low": norm.low,
                    "norm_high": norm.high,
                    "norm_text": norm.text,
                    "unit": row["unit"],
                    "monitoring": row["note"][:300],
                    "frequency": _match(FREQUENCY_BY_TEXT, row["frequency"], Frequency.YEARLY),
                    "owner_role": _match(OWNER_BY_TEXT, row["kpi"], Role.ANALYST),
                    "computed_code": _match(COMPUTED_BY_TEXT, row["kpi"], ""),
                },
            )
    return list(plans.values())


def _require_admin(by) -> None:
    if not by.can(Right.MANAGE_SETTINGS):
        raise NotAllowed("Alleen een functioneel beheerder bewerkt het jaarplan.")


@transaction.atomic
def copy_plan(*, plan: Plan, year: int, by) -> Plan:
    """A new year starts as a copy of the last: parts and KPIs, no values."""
    _require_admin(by)
    if Plan.objects.filter(organisation=plan.organisation, year=year).exists():
        raise DomainError(f"Er is al een jaarplan voor {year}.", field="year")
    new = Plan.objects.create(
        name=plan.name, organisation=plan.organisation, year=year, copied_from=plan
    )
    parts = {}
    for part in plan.parts.all():
        parts[part.pk] = Part.objects.create(plan=new, code=part.code, title=part.title)
    for kpi in plan.kpis.all():
        kpi.pk = None
        kpi.plan = new
        kpi.part = parts[kpi.part_id]
        kpi.save()
    audit.record("yearplan.copied", actor=by, subject=new, from_plan_id=plan.pk)
    return new


@transaction.atomic
def enter_value(
    *,
    kpi: PlanKpi,
    by,
    period: str,
    number: float | None = None,
    yes_no: bool | None = None,
    text: str = "",
    judged_on_track: bool | None = None,
) -> EnteredValue:
    """The owner enters (or corrects) the value for one period."""
    if kpi.is_computed:
        raise DomainError("Deze KPI wordt uit het register berekend en niet ingevoerd.")
    if Role(kpi.owner_role) not in by.roles and not by.can(Right.MANAGE_SETTINGS):
        raise NotAllowed("Alleen de eigenaar van deze KPI voert de waarde in.")
    start, end = periods.bounds(period)
    if start.year != kpi.plan.year:
        raise DomainError(f"De periode valt niet in het planjaar {kpi.plan.year}.", field="period")
    if period not in periods.labels_for(kpi.plan.year, kpi.frequency):
        raise DomainError(
            f"Deze KPI wordt {kpi.get_frequency_display().lower()} gerapporteerd.", field="period"
        )
    if start > clock.today():
        raise DomainError("Deze periode is nog niet begonnen.", field="period")
    kind = norms.NormKind(kpi.norm_kind)
    if kind is norms.NormKind.YES_NO and yes_no is None:
        raise DomainError("Geef ja of nee.", field="yes_no")
    if kind is norms.NormKind.TEXT and not text.strip():
        raise DomainError("Beschrijf de voortgang.", field="text")
    if kind not in (norms.NormKind.YES_NO, norms.NormKind.TEXT) and number is None:
        raise DomainError("Geef een getal.", field="number")
    if number is not None and number < 0:
        raise DomainError("Een waarde kan niet negatief zijn.", field="number")
    previous = kpi.entries.filter(period=period, superseded_by__isnull=True).first()
    entry = EnteredValue.objects.create(
        kpi=kpi,
        period=period,
        number=number,
        yes_no=yes_no,
        text=text.strip(),
        judged_on_track=judged_on_track,
        entered_by=by,
        entered_at=clock.now(),
        supersedes=previous,
    )
    audit.record(
        "yearplan.value_entered",
        actor=by,
        subject=entry,
        kpi_id=kpi.pk,
        corrected=previous is not None,
    )
    return entry
