"""Police reports (politiezorgmeldingen) taken in automatically: the interface's report becomes a
report in the register, once.

The police registration number is the key. A report that is sent again (a retry, a rerun of an
import after an interruption) creates nothing and answers the report that exists; two copies
arriving at the same moment create one report, because `Report.police_reference` is unique in
the database: the loser's transaction is rolled back whole and it answers the winner's report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from meldpunt import clock
from meldpunt.errors import DomainError
from meldpunt.reference.models import Municipality, ReporterType, ViolenceForm
from meldpunt.registry.models import Report, ReportSource
from meldpunt.registry.services import PersonData, ReportData, ReporterData, register_report

CREATED = "created"
EXISTING = "existing"


@dataclass
class IncidentPlace:
    municipality: Municipality
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""

    def text(self) -> str:
        street = " ".join(p for p in (self.street, self.house_number) if p)
        town = " ".join(p for p in (self.postcode, self.city or self.municipality.name) if p)
        return ", ".join(p for p in (street, town) if p)


@dataclass
class PoliceReport:
    """What a police report holds (the JSON format is in docs/police-intake.md)."""

    police_reference: str
    incident_date: dt.date
    place: IncidentPlace
    people: Sequence[PersonData]
    assessment: str
    incident_time: dt.time | None = None
    sent_at: dt.datetime | None = None
    violence_forms: Sequence[ViolenceForm] = field(default_factory=list)
    acute: bool = False
    officer_name: str = ""
    officer_unit: str = ""
    officer_phone: str = ""


@dataclass(frozen=True)
class Intake:
    result: str  # CREATED or EXISTING
    report: Report


def description(item: PoliceReport) -> str:
    when = f"{item.incident_date:%d-%m-%Y}"
    if item.incident_time is not None:
        when += f" {item.incident_time:%H:%M}"
    return (
        f"Politiemelding {item.police_reference}. Incident op {when}, {item.place.text()}.\n\n"
        f"Beoordeling politie:\n{item.assessment.strip()}"
    )


def existing(police_reference: str) -> Report | None:
    return Report.objects.filter(police_reference=police_reference).first()


def take_in(*, by, item: PoliceReport) -> Intake:
    """Register the police report unless it is already in the register. Raises DomainError
    (nothing stored) when the report breaks a rule of the register."""
    found = existing(item.police_reference)
    if found is not None:
        return Intake(EXISTING, found)
    now = clock.now()
    received_at = min(item.sent_at, now) if item.sent_at else now
    if item.incident_date > clock.local_date(received_at):
        raise DomainError("De incidentdatum ligt na de ontvangst.", field="incident.date")
    data = ReportData(
        received_at=received_at,
        municipality=item.place.municipality,
        reporter=ReporterData(
            reporter_type=ReporterType.objects.get(code="politie"),
            name=item.officer_name,
            organisation=item.officer_unit or "Politie",
            phone=item.officer_phone,
        ),
        people=item.people,
        violence_forms=item.violence_forms,
        description=description(item),
        acute=item.acute,
        police_reference=item.police_reference,
        source=ReportSource.POLICE,
    )
    try:
        with transaction.atomic():
            report = register_report(by=by, data=data)
    except IntegrityError:
        # Another copy of this report won the race; its transaction is committed.
        found = existing(item.police_reference)
        if found is None:
            raise
        return Intake(EXISTING, found)
    except DomainError as err:
        found = existing(item.police_reference) if err.field == "police_reference" else None
        if found is None:
            raise
        return Intake(EXISTING, found)
    return Intake(CREATED, report)
