"""Loading and reading the reference data and the organisation's settings."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from meldpunt.errors import DomainError
from meldpunt.process.deadlines import HolidayCalendar, is_out_of_hours
from meldpunt.reference.cbs import ReporterGroup, ViolenceCategory
from meldpunt.reference.models import (
    CalendarDay,
    District,
    HandoverDestination,
    Municipality,
    OrganisationSettings,
    PopulationFigure,
    ReporterType,
    ViolenceForm,
    WorkArea,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

# Brielle, Hellevoetsluis and Westvoorne merged into Voorne aan Zee on 1 January 2023.
MERGERS = [
    {
        "cbs_code": "GM1992",
        "name": "Voorne aan Zee",
        "valid_from": dt.date(2023, 1, 1),
        "predecessors": ["GM0501", "GM0530", "GM0614"],
    }
]

REPORTER_TYPES: list[tuple[str, str, ReporterGroup]] = [
    ("politie", "Politie", ReporterGroup.JUSTICE),
    ("justitie-overig", "Justitie overig (OM, reclassering)", ReporterGroup.JUSTICE),
    ("huisarts", "Huisarts", ReporterGroup.HEALTH_CARE),
    ("ziekenhuis", "Ziekenhuis / SEH", ReporterGroup.HEALTH_CARE),
    ("jgz", "Jeugdgezondheidszorg", ReporterGroup.HEALTH_CARE),
    ("ggz", "GGZ", ReporterGroup.MENTAL_HEALTH),
    ("kinderopvang", "Kinderopvang", ReporterGroup.CHILDCARE),
    ("onderwijs", "Onderwijs", ReporterGroup.EDUCATION),
    ("leerplicht", "Bureau Leerplicht", ReporterGroup.SCHOOL_ATTENDANCE),
    ("gi", "Gecertificeerde Instelling", ReporterGroup.YOUTH_CARE),
    ("jeugdhulp", "Jeugdhulpaanbieder", ReporterGroup.YOUTH_CARE),
    ("wijkteam", "Wijkteam / lokaal veld", ReporterGroup.OTHER_ORGANISATION),
    ("vt-andere-regio", "Veilig Thuis andere regio", ReporterGroup.OTHER_VT),
    ("andere-organisatie", "Andere organisatie", ReporterGroup.OTHER_ORGANISATION),
    ("betrokkene", "Betrokkene zelf", ReporterGroup.NOT_PROFESSIONAL),
    ("omgeving", "Familie, buren of kennissen", ReporterGroup.NOT_PROFESSIONAL),
]

VIOLENCE_FORMS: list[tuple[str, str, ViolenceCategory]] = [
    ("partnergeweld", "(Ex-)partnergeweld", ViolenceCategory.PARTNER),
    (
        "kindermishandeling-lichamelijk",
        "Lichamelijke kindermishandeling",
        ViolenceCategory.CHILD_ABUSE,
    ),
    ("kindermishandeling-psychisch", "Psychische kindermishandeling", ViolenceCategory.CHILD_ABUSE),
    ("kindermishandeling-seksueel", "Seksueel misbruik van een kind", ViolenceCategory.CHILD_ABUSE),
    ("verwaarlozing", "Verwaarlozing", ViolenceCategory.CHILD_ABUSE),
    ("getuige-huiselijk-geweld", "Getuige van huiselijk geweld", ViolenceCategory.CHILD_ABUSE),
    ("complexe-scheiding", "Complexe scheiding", ViolenceCategory.CHILD_ABUSE),
    ("kwetsbare-opvoedsituatie", "Kwetsbare opvoedsituatie", ViolenceCategory.CHILD_ABUSE),
    ("geweld-tegen-ouders", "Geweld tegen ouders", ViolenceCategory.VIOLENCE_AGAINST_PARENTS),
    ("ouderenmishandeling", "Ouderenmishandeling (incl. financieel)", ViolenceCategory.ELDER_ABUSE),
    ("familiegeweld-overig", "Geweld tussen andere gezinsleden", ViolenceCategory.OTHER_DOMESTIC),
    (
        "eergerelateerd",
        "Eergerelateerd geweld, huwelijksdwang, achterlating, meisjesbesnijdenis",
        ViolenceCategory.OTHER_DOMESTIC,
    ),
    ("belaging", "Belaging (stalking)", ViolenceCategory.OTHER_DOMESTIC),
    ("seksueel-geweld", "Seksueel geweld (volwassene)", ViolenceCategory.OTHER_DOMESTIC),
    ("mensenhandel", "Seksuele uitbuiting / mensenhandel", ViolenceCategory.OTHER_PROBLEMS),
    ("andere-problematiek", "Andere problematiek", ViolenceCategory.OTHER_PROBLEMS),
    ("geen", "Geen kindermishandeling of huiselijk geweld", ViolenceCategory.NONE),
    ("onbekend", "Onbekend", ViolenceCategory.UNKNOWN),
]


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def load_reference() -> dict[str, int]:
    """Load the shipped reference data. Idempotent: running it again changes nothing."""
    counts: dict[str, int] = {}
    areas = {}
    for row in _rows("regions.csv"):
        areas[row["area"]], _ = WorkArea.objects.get_or_create(name=row["area"])
    counts["work_areas"] = len(areas)

    for row in _rows("municipalities.csv"):
        area = areas.get(row["vtrr_work_area"]) if row["vtrr_work_area"] in areas else None
        muni, _ = Municipality.objects.update_or_create(
            cbs_code=row["cbs_code"],
            defaults={
                "name": row["municipality"],
                "work_area": area,
                "served": bool(row["vtrr_work_area"]),
            },
        )
        PopulationFigure.objects.get_or_create(
            municipality=muni,
            year=2019,
            defaults={
                "population": int(row["population_approx"]),
                "source": "benadering (shared/data/municipalities.csv)",
            },
        )
    for merger in MERGERS:
        predecessors = list(Municipality.objects.filter(cbs_code__in=merger["predecessors"]))
        new, _ = Municipality.objects.update_or_create(
            cbs_code=merger["cbs_code"],
            defaults={
                "name": merger["name"],
                "valid_from": merger["valid_from"],
                "work_area": predecessors[0].work_area if predecessors else None,
            },
        )
        if predecessors:
            PopulationFigure.objects.get_or_create(
                municipality=new,
                year=2023,
                defaults={
                    "population": sum(p.population(2019) or 0 for p in predecessors),
                    "source": "som van de voorgangers (benadering)",
                },
            )
        for old in predecessors:
            old.valid_to = merger["valid_from"] - dt.timedelta(days=1)
            old.successor = new
            old.save(update_fields=["valid_to", "successor"])
    counts["municipalities"] = Municipality.objects.count()

    rotterdam = Municipality.objects.get(cbs_code="GM0599")
    for row in _rows("regions.csv"):
        if row["kind"] == "rotterdam_district":
            District.objects.update_or_create(
                municipality=rotterdam,
                name=row["place"],
                defaults={"work_area": areas[row["area"]]},
            )
    counts["districts"] = District.objects.count()

    for code, name, group in REPORTER_TYPES:
        ReporterType.objects.update_or_create(
            code=code, defaults={"name": name, "cbs_group": group}
        )
    counts["reporter_types"] = len(REPORTER_TYPES)
    for code, name, category in VIOLENCE_FORMS:
        ViolenceForm.objects.update_or_create(
            code=code, defaults={"name": name, "cbs_category": category}
        )
    counts["violence_forms"] = len(VIOLENCE_FORMS)
    for row in _rows("referral_shares.csv"):
        HandoverDestination.objects.update_or_create(
            code=slugify(row["destination"])[:40], defaults={"name": row["destination"]}
        )
    counts["handover_destinations"] = HandoverDestination.objects.count()
    organisation_settings()
    return counts


def load_population(text: str, *, source: str = "CBS") -> int:
    """Load official population figures from CSV text with columns cbs_code, year, population.

    All rows are checked before anything is written; errors name the line.
    """
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if ";" in text.split("\n")[0] else ",")
    missing = {"cbs_code", "year", "population"} - set(reader.fieldnames or [])
    if missing:
        raise DomainError(f"Kolommen ontbreken: {', '.join(sorted(missing))}.")
    known = {m.cbs_code: m for m in Municipality.objects.all()}
    rows, errors = [], []
    for lineno, row in enumerate(reader, start=2):
        code = (row["cbs_code"] or "").strip()
        if code not in known:
            errors.append(f"regel {lineno}: onbekende gemeentecode '{code}'")
            continue
        try:
            year, population = int(row["year"]), int(row["population"])
        except (TypeError, ValueError):
            errors.append(f"regel {lineno}: jaar en inwonertal moeten gehele getallen zijn")
            continue
        if not 1900 <= year <= 2100 or population < 0:
            errors.append(f"regel {lineno}: jaar of inwonertal buiten bereik")
            continue
        rows.append((known[code], year, population))
    if errors:
        raise DomainError("; ".join(errors))
    with transaction.atomic():
        for muni, year, population in rows:
            PopulationFigure.objects.update_or_create(
                municipality=muni, year=year, defaults={"population": population, "source": source}
            )
    return len(rows)


def organisation_settings() -> OrganisationSettings:
    obj, _ = OrganisationSettings.objects.get_or_create(pk=1)
    return obj


def out_of_office_hours(moment: dt.datetime, calendar: HolidayCalendar | None = None) -> bool:
    """Whether `moment` lies outside the organisation's office hours (its setting, on its
    working-day calendar): the one reading of office hours, for the acute work's out-of-hours
    marks and for emergency access."""
    org = organisation_settings()
    return is_out_of_hours(
        timezone.localtime(moment),
        calendar or holiday_calendar(org),
        opens=org.office_opens,
        closes=org.office_closes,
    )


def holiday_calendar(settings: OrganisationSettings | None = None) -> HolidayCalendar:
    settings = settings or organisation_settings()
    extra, removed = set(), set()
    for day in CalendarDay.objects.all():
        (extra if day.is_holiday else removed).add(day.date)
    return HolidayCalendar(
        include_decreed=settings.include_decreed_days,
        extra=frozenset(extra),
        removed=frozenset(removed),
    )
