"""The rights of the people in the files (AVG): access (inzage), correction, annotation of
disputed information, and restriction of processing. Handled by the privacy officer.

The access report holds everything about one person, as JSON and PDF, but never the identity of
a reporter who asked to stay anonymous and never other people's data: the others appear only by
their role, and their names, BSNs, streets and phone numbers (and an anonymous reporter's name
and contact details) are blanked out of every free text.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.models import (
    AnnotationKind,
    PersonAnnotation,
    PersonCorrection,
    ProcessingRestriction,
)
from meldpunt.access.roles import Right
from meldpunt.errors import DomainError, NotAllowed

BLANK = "[weggelaten]"
CORRECTABLE = {
    "given_names": "voornamen",
    "surname_prefix": "tussenvoegsel",
    "surname": "achternaam",
    "date_of_birth": "geboortedatum",
    "street": "straat",
    "house_number": "huisnummer",
    "postcode": "postcode",
    "city": "woonplaats",
}


def _require(by) -> None:
    if not by.can(Right.HANDLE_ACCESS_REQUESTS):
        raise NotAllowed("Alleen de privacy officer handelt verzoeken van betrokkenen af.")


def people_for(by):
    """The people the privacy officer handles requests for: anyone in the register, shielded
    files included (the request comes from the person; no case work is done here)."""
    from meldpunt.registry.models import Person

    _require(by)
    return Person.objects.all()


def find_people(*, by, bsn: str = "", surname: str = "", date_of_birth=None) -> list:
    """The person who asks, as they identified themselves: by BSN, or by surname and date of
    birth (both exact, so no one else is listed). Recorded in the audit trail."""
    qs = people_for(by)
    if bsn:
        qs = qs.filter(bsn=bsn)
    elif surname.strip() and date_of_birth:
        qs = qs.filter(surname__iexact=surname.strip(), date_of_birth=date_of_birth)
    else:
        raise DomainError("Zoek op BSN, of op achternaam én geboortedatum.")
    found = list(qs.order_by("surname", "given_names", "pk")[:20])
    audit.record(
        "rights.person_searched",
        actor=by,
        criteria=["bsn"] if bsn else ["surname", "date_of_birth"],
        person_ids=[p.pk for p in found],
    )
    return found


class Redactor:
    """Blanks known words of other people out of free text (case-insensitive, whole words)."""

    def __init__(self, words: set[str]):
        usable = sorted({w.strip() for w in words if w and len(w.strip()) >= 3}, key=len)
        self._pattern = (
            re.compile(
                r"(?<!\w)(" + "|".join(re.escape(w) for w in reversed(usable)) + r")(?!\w)",
                re.IGNORECASE,
            )
            if usable
            else None
        )

    def __call__(self, text: str | None) -> str:
        if not text or self._pattern is None:
            return text or ""
        return self._pattern.sub(BLANK, text)


def _person_words(person) -> set[str]:
    words = {person.full_name, person.surname, person.bsn, person.street}
    words |= set(person.given_names.split())
    if person.surname_prefix and person.surname:
        words.add(f"{person.surname_prefix} {person.surname}")
    return words


def _reporter_words(reporter) -> set[str]:
    return {reporter.name, reporter.organisation, reporter.phone, reporter.email} | set(
        reporter.name.split()
    )


def access_report(*, by, person) -> dict[str, Any]:
    """Everything about `person`, ready for JSON or PDF. Recorded in the audit trail."""
    from meldpunt.process.models import Finding, TriageDecision
    from meldpunt.registry.models import Involvement, Report

    _require(by)
    report_ids = list(Involvement.objects.filter(person=person).values_list("report_id", flat=True))
    reports = (
        Report.objects.filter(pk__in=report_ids)
        .select_related("municipality", "reporter__reporter_type", "case")
        .prefetch_related("violence_forms", "involvements__person")
        .order_by("received_at")
    )
    own_role = dict(Involvement.objects.filter(person=person).values_list("report_id", "role"))
    others: set[str] = set()
    for report in reports:
        for involvement in report.involvements.all():
            if involvement.person_id != person.pk:
                others |= _person_words(involvement.person)
        reporter = getattr(report, "reporter", None)
        if reporter is not None and reporter.anonymous:
            others |= _reporter_words(reporter)
    others -= _person_words(person)
    blank = Redactor(others)

    out_reports = []
    for report in reports:
        reporter = getattr(report, "reporter", None)
        decisions = TriageDecision.objects.filter(report=report, status="approved")
        assessment = getattr(report, "safety_assessment", None)
        out_reports.append(
            {
                "melding": report.number,
                "ontvangen": clock.local_date(report.received_at).isoformat(),
                "status": report.get_status_display(),
                "gemeente": report.municipality.name,
                "uw_rol": dict(_roles())[own_role[report.pk]],
                "geweldsvormen": sorted(f.name for f in report.violence_forms.all()),
                "omschrijving": blank(report.description),
                "melder": _reporter_view(reporter),
                "andere_betrokkenen": sorted(
                    dict(_roles())[i.role]
                    for i in report.involvements.all()
                    if i.person_id != person.pk
                ),
                "veiligheidsbeoordeling": None
                if assessment is None
                else {
                    "acute_onveiligheid": assessment.acute_unsafety,
                    "structurele_onveiligheid": assessment.structural_unsafety,
                    "onderbouwing": blank(assessment.rationale),
                },
                "besluiten": [
                    {
                        "besluit": d.get_outcome_display(),
                        "datum": clock.local_date(d.decided_at).isoformat()
                        if d.decided_at
                        else None,
                        "onderbouwing": blank(d.rationale),
                    }
                    for d in decisions
                ],
                "diensten": [
                    {
                        "dienst": s.get_kind_display(),
                        "gestart": s.started_on.isoformat(),
                        "afgesloten": s.closed_on.isoformat() if s.closed_on else None,
                        "conclusie": blank(s.conclusion),
                        "uitkomsten": [
                            {
                                "geweldsvorm": f.violence_form.name,
                                "uitkomst": f.get_finding_display(),
                            }
                            for f in Finding.objects.filter(service=s).select_related(
                                "violence_form"
                            )
                        ],
                    }
                    for s in report.services.order_by("started_on", "pk")
                ],
                "overdrachten": [
                    {"naar": h.destination.name, "datum": h.handed_over_on.isoformat()}
                    for h in report.handovers.select_related("destination")
                ],
                "journaal": [
                    {
                        "datum": clock.local_date(j.occurred_at).isoformat(),
                        "kanaal": j.get_channel_display(),
                        "deelnemers": blank(j.participants),
                        "verslag": blank(j.note),
                    }
                    for j in report.journal.order_by("occurred_at", "pk")
                ],
            }
        )
    result = {
        "opgesteld_op": clock.today().isoformat(),
        "persoon": {
            "naam": person.full_name,
            "geboortedatum": person.date_of_birth.isoformat() if person.date_of_birth else None,
            "bsn": person.bsn,
            "adres": " ".join(
                p for p in (person.street, person.house_number, person.postcode, person.city) if p
            ),
        },
        "meldingen": out_reports,
        "aantekeningen": [
            {
                "soort": a.get_kind_display(),
                "betreft": a.concerns,
                "tekst": a.text,
                "datum": clock.local_date(a.recorded_at).isoformat(),
            }
            for a in PersonAnnotation.objects.filter(person=person)
        ],
        "correcties": [
            {
                "gegeven": CORRECTABLE.get(c.field, c.field),
                "nieuwe_waarde": c.new_value,
                "datum": clock.local_date(c.corrected_at).isoformat(),
            }
            for c in PersonCorrection.objects.filter(person=person)
        ],
        "verwerking_beperkt": ProcessingRestriction.objects.filter(person=person).exists(),
    }
    audit.record(
        "rights.access_report",
        actor=by,
        subject=person,
        cases=list(reports.values_list("case_id", flat=True)),
        report_ids=[r.pk for r in reports],
    )
    return result


def _roles():
    from meldpunt.registry.models import InvolvementRole

    return InvolvementRole.choices


def _reporter_view(reporter) -> dict[str, Any] | None:
    if reporter is None:
        return None
    view: dict[str, Any] = {"soort": reporter.reporter_type.name}
    if reporter.anonymous:
        view["identiteit"] = "De melder wil anoniem blijven."
    else:
        view["naam"] = reporter.name
        view["organisatie"] = reporter.organisation
    return view


def access_report_pdf(report: dict[str, Any]) -> bytes:
    from meldpunt.access import pdf

    html = render_to_string("access/access_report.html", {"r": report})
    return pdf.render(html)


@transaction.atomic
def correct(*, by, person, field: str, value: str, reason: str):
    """Correct one of a person's details at their request; the replaced value is kept."""
    import datetime as dt

    from django.core.exceptions import ValidationError

    from meldpunt.registry.validators import normalise_postcode

    _require(by)
    if field not in CORRECTABLE:
        raise DomainError(f"'{field}' kan niet op deze manier worden gecorrigeerd.", field="field")
    if not reason.strip():
        raise DomainError("Geef de reden van de correctie.", field="reason")
    old = getattr(person, field)
    new: Any = value.strip()
    if field == "date_of_birth":
        try:
            new = dt.date.fromisoformat(new) if new else None
        except ValueError as err:
            raise DomainError(
                "Ongeldige waarde: geef de geboortedatum als 2015-03-31.", field="value"
            ) from err
    try:
        if field == "postcode":
            new = normalise_postcode(new)
        setattr(person, field, new)
        person.full_clean(exclude=["household", "municipality"])
    except (ValueError, ValidationError) as err:
        message = " ".join(err.messages) if isinstance(err, ValidationError) else str(err)
        raise DomainError(f"Ongeldige waarde: {message}", field="value") from err
    person.save(update_fields=[field])
    from meldpunt.radar import services as radar

    radar.index_person(person)
    correction = PersonCorrection.objects.create(
        person=person,
        field=field,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        reason=reason.strip(),
        corrected_by=by,
        corrected_at=clock.now(),
    )
    audit.record("rights.corrected", actor=by, subject=person, field=field)
    return correction


@transaction.atomic
def annotate(*, by, person, kind: str, concerns: str, text: str, report=None) -> PersonAnnotation:
    """Record that a person disputes information in the file, or their own statement."""
    _require(by)
    if kind not in AnnotationKind.values:
        raise DomainError("Onbekende soort aantekening.", field="kind")
    if not concerns.strip() or not text.strip():
        raise DomainError("Geef aan wat betwist wordt en wat de betrokkene zegt.")
    if report is not None and not report.involvements.filter(person=person).exists():
        raise DomainError("Deze persoon is geen betrokkene bij deze melding.", field="report")
    annotation = PersonAnnotation.objects.create(
        person=person,
        report=report,
        kind=kind,
        concerns=concerns.strip()[:200],
        text=text.strip(),
        recorded_by=by,
        recorded_at=clock.now(),
    )
    audit.record(
        "rights.annotated",
        actor=by,
        subject=person,
        kind=kind,
        report_id=getattr(report, "pk", None),
    )
    return annotation


@transaction.atomic
def restrict(*, by, person, reason: str) -> ProcessingRestriction:
    _require(by)
    if not reason.strip():
        raise DomainError("Geef de reden van de beperking.", field="reason")
    restriction, created = ProcessingRestriction.objects.get_or_create(
        person=person, defaults={"reason": reason.strip(), "since": clock.now(), "by": by}
    )
    if not created:
        raise DomainError("De verwerking van deze persoon is al beperkt.")
    audit.record("rights.restricted", actor=by, subject=person)
    return restriction


@transaction.atomic
def lift_restriction(*, by, person) -> None:
    _require(by)
    if not ProcessingRestriction.objects.filter(person=person).delete()[0]:
        raise DomainError("De verwerking van deze persoon is niet beperkt.")
    audit.record("rights.restriction_lifted", actor=by, subject=person)


def is_restricted(person) -> bool:
    return ProcessingRestriction.objects.filter(person=person).exists()


def shown_with_the_file(person) -> dict[str, Any]:
    """What the professionals see next to a person's details: whether processing is restricted
    (since when) and the person's annotations (disputed information, own statements). The
    reasons of a restriction and of corrections stay with the privacy officer."""
    restriction = ProcessingRestriction.objects.filter(person=person).first()
    return {
        "restricted_since": restriction.since if restriction else None,
        "annotations": list(PersonAnnotation.objects.filter(person=person)),
    }
