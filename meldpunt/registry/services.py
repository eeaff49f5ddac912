"""Writes to the register: registering reports and advice requests. Every write is audited in
the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection, transaction

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.roles import Right
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.reference.models import District, Municipality, ReporterType, ViolenceForm
from meldpunt.reference.selectors import work_area_for
from meldpunt.registry.models import (
    Advice,
    AdviceStatus,
    Case,
    Household,
    Involvement,
    InvolvementRole,
    Person,
    Report,
    Reporter,
    ReportSource,
)
from meldpunt.registry.validators import normalise_postcode


@dataclass
class PersonData:
    """A person named in a report: either an existing person (`person_id`) or new details."""

    role: str
    person_id: int | None = None
    given_names: str = ""
    surname_prefix: str = ""
    surname: str = ""
    date_of_birth: dt.date | None = None
    sex: str = "x"
    bsn: str = ""
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    city: str = ""
    confidential_address: bool = False


@dataclass
class ReporterData:
    reporter_type: ReporterType
    name: str = ""
    organisation: str = ""
    phone: str = ""
    email: str = ""
    anonymous: bool = False
    wants_feedback: bool = True


@dataclass
class ReportData:
    received_at: dt.datetime
    municipality: Municipality
    reporter: ReporterData
    people: Sequence[PersonData]
    district: District | None = None
    violence_forms: Iterable[ViolenceForm] = field(default_factory=list)
    description: str = ""
    acute: bool = False
    police_reference: str | None = None
    source: str = ReportSource.WEB


def _require(user, right: Right, what: str) -> None:
    if not user.can(right):
        raise NotAllowed(f"U heeft geen recht om {what}.")


def _validate_person(data: PersonData, *, municipality: Municipality) -> Person:
    if data.role not in InvolvementRole.values:
        raise DomainError(f"Onbekende rol '{data.role}'.", field="role")
    person = Person(
        given_names=data.given_names.strip(),
        surname_prefix=data.surname_prefix.strip(),
        surname=data.surname.strip(),
        date_of_birth=data.date_of_birth,
        sex=data.sex,
        bsn=data.bsn.strip(),
        street=data.street.strip(),
        house_number=data.house_number.strip(),
        city=data.city.strip(),
        municipality=municipality,
        confidential_address=data.confidential_address,
    )
    try:
        person.postcode = normalise_postcode(data.postcode)
        person.full_clean(exclude=["household", "municipality"])
    except ValidationError as err:
        raise DomainError(" ".join(err.messages)) from err
    if not (person.surname or person.given_names or person.bsn):
        raise DomainError("Geef van iedere betrokkene ten minste een naam of een BSN op.")
    return person


def _household_for(people: list[Person]) -> Household:
    for person in people:
        if person.pk and person.household_id:
            return person.household
    return Household.objects.create()


def _case_for(household: Household, received_at: dt.datetime) -> Case:
    case = household.cases.filter(closed_at__isnull=True).order_by("-opened_at").first()
    return case or Case.objects.create(household=household, opened_at=received_at)


@transaction.atomic
def register_report(*, by, data: ReportData) -> Report:
    """Register a report with its reporter and the people involved; the triage term starts at
    receipt. Every report is accepted and gets its own triage decision."""
    from meldpunt.process import terms
    from meldpunt.process.models import TermKind
    from meldpunt.radar import services as radar

    if not (
        by.can(Right.REGISTER_REPORT)
        or (data.source == ReportSource.POLICE and by.can(Right.POLICE_INTAKE))
    ):
        raise NotAllowed("U heeft geen recht om een melding te registreren.")
    if data.received_at > clock.now():
        raise DomainError("De ontvangstdatum ligt in de toekomst.", field="received_at")
    if not data.people:
        raise DomainError("Een melding noemt ten minste één betrokkene.", field="people")
    if (
        data.police_reference
        and Report.objects.filter(police_reference=data.police_reference).exists()
    ):
        raise DomainError(
            f"Er is al een melding met politienummer {data.police_reference}.",
            field="police_reference",
        )
    if data.district is not None and data.district.municipality_id != data.municipality.pk:
        raise DomainError("Deze wijk hoort niet bij de gekozen gemeente.", field="district")

    people: list[tuple[Person, str]] = []
    for item in data.people:
        if item.person_id is not None:
            person = Person.objects.filter(pk=item.person_id).first()
            if person is None:
                raise DomainError(f"Persoon {item.person_id} bestaat niet.")
            if item.role not in InvolvementRole.values:
                raise DomainError(f"Onbekende rol '{item.role}'.", field="role")
        else:
            person = _validate_person(item, municipality=data.municipality)
        people.append((person, item.role))
    if len({p.pk for p, _ in people if p.pk}) != len([p for p, _ in people if p.pk]):
        raise DomainError("Dezelfde persoon staat twee keer bij deze melding.")

    household = _household_for([p for p, _ in people])
    for person, _ in people:
        if person.pk is None:
            person.household = household
            person.save()
            radar.index_person(person)
        elif person.household_id is None:
            person.household = household
            person.save(update_fields=["household"])
    case = _case_for(household, data.received_at)
    report = Report.objects.create(
        case=case,
        received_at=data.received_at,
        source=data.source,
        municipality=data.municipality,
        district=data.district,
        work_area=work_area_for(data.municipality, data.district),
        team=getattr(by, "team", None),
        acute=data.acute,
        description=data.description,
        police_reference=data.police_reference or None,
        registered_by=by,
    )
    report.violence_forms.set(list(data.violence_forms))
    r = data.reporter
    Reporter.objects.create(
        report=report,
        reporter_type=r.reporter_type,
        name=r.name,
        organisation=r.organisation,
        phone=r.phone,
        email=r.email,
        anonymous=r.anonymous,
        wants_feedback=r.wants_feedback,
    )
    Involvement.objects.bulk_create(
        [Involvement(report=report, person=p, role=role) for p, role in people]
    )
    refresh_previous_reports([household.pk])
    report.refresh_from_db(fields=["household_previous_at"])
    terms.open_term(TermKind.TRIAGE, report=report, started_on=clock.local_date(data.received_at))
    audit.record(
        "report.registered",
        actor=by,
        subject=report,
        case_id=case.pk,
        person_ids=[p.pk for p, _ in people],
    )
    if report.police_reference:
        from meldpunt.acute import services as acute

        acute.link_orders_to_police_report(report=report, by=by)
    return report


def previous_reports_sql(*, vendor: str, some: bool) -> str:
    """The statement that sets `Report.household_previous_at` (the latest earlier report of the
    household of the report's file; NULL when none) for every report, or with `some` for the
    reports of the households in its one parameter: an array on PostgreSQL, a JSON list on
    SQLite. Only rows whose value changes are written. `household_previous_at` is strictly
    earlier: reports received at the same moment are not each other's previous report."""
    among = ""
    if some:
        among = (
            "WHERE c.household_id = ANY(%s::bigint[])"
            if vendor == "postgresql"
            else "WHERE c.household_id IN (SELECT value FROM json_each(%s))"
        )
    changed = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return (
        "UPDATE registry_report SET household_previous_at = p.prev FROM ("
        "SELECT r.id, max(r.received_at) OVER (PARTITION BY c.household_id "
        "ORDER BY r.received_at RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW "
        "EXCLUDE GROUP) AS prev "
        f"FROM registry_report r JOIN registry_case c ON c.id = r.case_id {among}) p "
        f"WHERE p.id = registry_report.id AND registry_report.household_previous_at {changed} "
        "p.prev"
    )


def previous_reports_param(household_ids: Iterable[int], *, vendor: str):
    """The parameter of `previous_reports_sql(some=True)` for these households."""
    ids = sorted({int(h) for h in household_ids})
    if vendor == "postgresql":
        return ids
    import json

    return json.dumps(ids)


def refresh_previous_reports(household_ids: Iterable[int] | None = None) -> int:
    """Keep the stored fact `Report.household_previous_at` for the reports of these households
    (all households with None). Every path that adds, moves or deletes reports calls this for the
    households it touched: intake, the legacy import, the generator, retention."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if household_ids is None:
            cursor.execute(previous_reports_sql(vendor=vendor, some=False))
        else:
            param = previous_reports_param(household_ids, vendor=vendor)
            if not param or param == "[]":
                return 0
            cursor.execute(previous_reports_sql(vendor=vendor, some=True), [param])
        return cursor.rowcount


@transaction.atomic
def register_advice(
    *,
    by,
    received_at: dt.datetime,
    asker_type: ReporterType,
    question: str,
    anonymous: bool = False,
    consent: bool = False,
    asker_name: str = "",
    asker_organisation: str = "",
    asker_phone: str = "",
    municipality: Municipality | None = None,
    violence_forms: Iterable[ViolenceForm] = (),
    advice_given: str = "",
) -> Advice:
    """An advice request: the asker (only with consent) and the advice, never the family."""
    _require(by, Right.REGISTER_ADVICE, "een adviesvraag te registreren")
    if received_at > clock.now():
        raise DomainError("De ontvangstdatum ligt in de toekomst.", field="received_at")
    if not question.strip():
        raise DomainError("Beschrijf de vraag.", field="question")
    keep_identity = consent and not anonymous
    if (asker_name or asker_phone) and not keep_identity:
        raise DomainError(
            "Naam en telefoon van de vrager worden alleen vastgelegd met toestemming en "
            "wanneer de vrager niet anoniem is.",
            field="asker_name",
        )
    advice = Advice.objects.create(
        received_at=received_at,
        asker_type=asker_type,
        anonymous=anonymous,
        consent=consent,
        asker_name=asker_name if keep_identity else "",
        asker_organisation=asker_organisation,
        asker_phone=asker_phone if keep_identity else "",
        municipality=municipality,
        question=question,
        advice_given=advice_given,
        status=AdviceStatus.GIVEN if advice_given.strip() else AdviceStatus.OPEN,
        handled_by=by,
    )
    advice.violence_forms.set(list(violence_forms))
    audit.record("advice.registered", actor=by, subject=advice)
    return advice


@transaction.atomic
def give_advice(*, advice: Advice, by, advice_given: str) -> Advice:
    _require(by, Right.REGISTER_ADVICE, "advies vast te leggen")
    if advice.status == AdviceStatus.CONVERTED:
        raise DomainError("Deze adviesvraag is al omgezet in een melding.")
    if not advice_given.strip():
        raise DomainError("Beschrijf het gegeven advies.", field="advice_given")
    advice.advice_given = advice_given
    advice.status = AdviceStatus.GIVEN
    advice.handled_by = by
    advice.save(update_fields=["advice_given", "status", "handled_by"])
    audit.record("advice.given", actor=by, subject=advice)
    return advice


@transaction.atomic
def convert_advice_to_report(*, advice: Advice, by, data: ReportData) -> Report:
    """Turn an advice request into a report: the report is registered now (its own receipt and
    triage term) and remembers the advice it came from."""
    if advice.status == AdviceStatus.CONVERTED:
        raise DomainError("Deze adviesvraag is al omgezet in een melding.")
    data.source = ReportSource.ADVICE
    report = register_report(by=by, data=data)
    report.from_advice = advice
    report.save(update_fields=["from_advice"])
    claimed = (
        Advice.objects.filter(pk=advice.pk)
        .exclude(status=AdviceStatus.CONVERTED)
        .update(status=AdviceStatus.CONVERTED)
    )
    if claimed != 1:
        from meldpunt.errors import ConcurrentChange

        raise ConcurrentChange()
    advice.status = AdviceStatus.CONVERTED
    audit.record("advice.converted", actor=by, subject=advice, report_id=report.pk)
    return report
