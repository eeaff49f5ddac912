"""Writes to the file: journal, documents, safety conditions. Audited in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.db import transaction

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.roles import Right
from meldpunt.casefile import documents
from meldpunt.casefile.models import (
    Channel,
    ConditionScore,
    Document,
    JournalEntry,
    JournalRevision,
    SafetyCondition,
)
from meldpunt.errors import ConcurrentChange, DomainError, NotAllowed
from meldpunt.process.models import Evaluation, Service, ServiceKind
from meldpunt.registry.models import Case, Report


def _require_case_work(by) -> None:
    if not by.can(Right.VIEW_CASES):
        raise NotAllowed("U heeft geen recht om in dit dossier te schrijven.")


@transaction.atomic
def add_journal_entry(
    *,
    case: Case,
    by,
    occurred_at: dt.datetime,
    channel: str,
    participants: str,
    note: str,
    report: Report | None = None,
) -> JournalEntry:
    _require_case_work(by)
    if channel not in Channel.values:
        raise DomainError("Kies een kanaal.", field="channel")
    if occurred_at > clock.now():
        raise DomainError("Het contact ligt in de toekomst.", field="occurred_at")
    if not note.strip():
        raise DomainError("Schrijf een verslag van het contact.", field="note")
    if report is not None and report.case_id != case.pk:
        raise DomainError("Deze melding hoort niet bij dit dossier.")
    entry = JournalEntry.objects.create(
        case=case,
        report=report,
        occurred_at=occurred_at,
        channel=channel,
        participants=participants.strip(),
        note=note,
        by=by,
        created_at=clock.now(),
    )
    audit.record("journal.added", actor=by, subject=entry, case_id=case.pk)
    return entry


@transaction.atomic
def correct_journal_entry(
    *,
    entry: JournalEntry,
    by,
    note: str,
    participants: str | None = None,
    reason: str,
    version: int,
) -> JournalEntry:
    """Correct a journal entry; the earlier text stays as a revision."""
    _require_case_work(by)
    if not reason.strip():
        raise DomainError("Geef de reden van de correctie.", field="reason")
    if not note.strip():
        raise DomainError("Het verslag mag niet leeg zijn.", field="note")
    claimed = JournalEntry.objects.filter(pk=entry.pk, version=version).update(
        note=note,
        participants=(participants if participants is not None else entry.participants),
        version=version + 1,
    )
    if claimed != 1:
        raise ConcurrentChange()
    JournalRevision.objects.create(
        entry=entry,
        participants=entry.participants,
        note=entry.note,
        corrected_by=by,
        corrected_at=clock.now(),
        reason=reason,
    )
    entry.refresh_from_db()
    audit.record("journal.corrected", actor=by, subject=entry, case_id=entry.case_id)
    return entry


@transaction.atomic
def upload_document(
    *, case: Case, by, title: str, filename: str, content: bytes, report: Report | None = None
) -> Document:
    _require_case_work(by)
    if not title.strip():
        raise DomainError("Geef het document een titel.", field="title")
    documents.check_size(len(content))
    mime = documents.sniff(content, filename)
    if report is not None and report.case_id != case.pk:
        raise DomainError("Deze melding hoort niet bij dit dossier.")
    storage_name, digest = documents.store(content)
    try:
        doc = Document.objects.create(
            case=case,
            report=report,
            title=title.strip(),
            filename=filename[-200:],
            content_type=mime,
            size=len(content),
            sha256=digest,
            storage_name=storage_name,
            uploaded_by=by,
            uploaded_at=clock.now(),
        )
        audit.record("document.uploaded", actor=by, subject=doc, case_id=case.pk)
    except Exception:
        documents.delete(storage_name)
        raise
    return doc


def open_document(*, document: Document, by, remote_addr: str | None = None) -> bytes:
    """The bytes of a document the caller already fetched through the visibility filter."""
    audit.record(
        "document.viewed",
        actor=by,
        subject=document,
        case_id=document.case_id,
        remote_addr=remote_addr,
    )
    return documents.read(document.storage_name)


@transaction.atomic
def agree_safety_condition(
    *, service: Service, by, description: str, responsible: str, agreed_on: dt.date
) -> SafetyCondition:
    if not by.can(Right.WORK_SERVICE):
        raise NotAllowed("U heeft geen recht om veiligheidsvoorwaarden vast te leggen.")
    if service.kind not in (ServiceKind.SUPPORT, ServiceKind.INVESTIGATION):
        raise DomainError("Veiligheidsvoorwaarden horen bij Voorwaarden & Vervolg of Onderzoek.")
    if service.status == "closed":
        raise DomainError("Deze dienst is al afgesloten.")
    if not description.strip() or not responsible.strip():
        raise DomainError("Beschrijf de voorwaarde en wie ervoor verantwoordelijk is.")
    if agreed_on > clock.today() or agreed_on < service.started_on:
        raise DomainError("De datum ligt buiten de looptijd van de dienst.", field="agreed_on")
    condition = SafetyCondition.objects.create(
        service=service,
        description=description.strip(),
        responsible=responsible.strip(),
        agreed_on=agreed_on,
        by=by,
    )
    audit.record("condition.agreed", actor=by, subject=condition, service_id=service.pk)
    return condition


def conditions_for_monitoring(monitoring: Service):
    """The conditions a monitoring service evaluates: those of the service it follows."""
    return SafetyCondition.objects.filter(service_id=monitoring.previous_id)


@transaction.atomic
def score_conditions(
    *, evaluation: Evaluation, by, scores: Mapping[int, int]
) -> list[ConditionScore]:
    """Score each safety condition at a monitoring evaluation (1-10)."""
    if not by.can(Right.WORK_SERVICE):
        raise NotAllowed("U heeft geen recht om een evaluatie vast te leggen.")
    allowed = set(conditions_for_monitoring(evaluation.service).values_list("pk", flat=True))
    if set(scores) - allowed:
        raise DomainError("Een voorwaarde hoort niet bij deze monitoring.")
    if allowed - set(scores):
        raise DomainError("Geef voor iedere veiligheidsvoorwaarde een cijfer.")
    rows = []
    for condition_id, score in scores.items():
        if not isinstance(score, int) or not 1 <= score <= 10:
            raise DomainError("Een cijfer loopt van 1 tot en met 10.")
        rows.append(ConditionScore(evaluation=evaluation, condition_id=condition_id, score=score))
    ConditionScore.objects.filter(evaluation=evaluation).delete()
    created = ConditionScore.objects.bulk_create(rows)
    audit.record(
        "conditions.scored", actor=by, subject=evaluation, service_id=evaluation.service_id
    )
    return created


LETTER_TERM = {
    "feedback_reporter": "terugkoppeling_melder",
    "inform_involved": "informeren_betrokkenen",
    "investigation_outcome": "terugkoppeling_onderzoek",
}


def _letter_values(*, report: Report, kind: str, addressee, by) -> dict[str, str]:
    from meldpunt.process.models import Handover, TriageDecision
    from meldpunt.reference.services import organisation_settings

    decision = TriageDecision.objects.filter(report=report, status="approved").first()
    handover = Handover.objects.filter(report=report).order_by("-handed_over_on").first()
    findings = []
    for service in report.services.filter(kind=ServiceKind.INVESTIGATION):
        findings += [
            f"- {f.violence_form.name}: {f.get_finding_display().lower()}"
            for f in service.findings.select_related("violence_form")
        ]
    address = ""
    if hasattr(addressee, "confidential_address") and not addressee.confidential_address:
        parts = [
            f"{addressee.street} {addressee.house_number}".strip(),
            f"{addressee.postcode} {addressee.city}".strip(),
        ]
        address = ", ".join(p for p in parts if p)
    return {
        "organisatie": organisation_settings().name,
        "aan": str(addressee),
        "adres": address,
        "meldingnummer": report.number,
        "ontvangen": f"{report.received_at:%d-%m-%Y}",
        "besluit": decision.get_outcome_display() if decision else "nog niet genomen",
        "besluitdatum": f"{decision.decided_at:%d-%m-%Y}" if decision else "",
        "overdracht_aan": handover.destination.name if handover else "",
        "uitkomsten": "\n".join(findings),
        "medewerker": str(by),
    }


def _addressee(*, report: Report, kind: str, person=None):
    from meldpunt.casefile.models import LetterKind

    if kind not in LetterKind.values:
        raise DomainError("Onbekende soort brief.", field="kind")
    if kind == LetterKind.FEEDBACK_REPORTER:
        reporter = getattr(report, "reporter", None)
        if reporter is None or not reporter.name:
            raise DomainError("Van de melder zijn geen gegevens bekend voor een brief.")
        return reporter.name
    if person is None or not report.involvements.filter(person=person).exists():
        raise DomainError("Kies een betrokkene van deze melding als geadresseerde.", field="person")
    return person


def preview_letter(*, report: Report, kind: str, by, person=None) -> tuple[str, str, str]:
    """The letter as it would be made: (addressee, subject, text). Nothing is stored."""
    from meldpunt.casefile import letters
    from meldpunt.casefile.models import LetterKind

    _require_case_work(by)
    reporter = getattr(report, "reporter", None)
    if (
        kind == LetterKind.FEEDBACK_REPORTER
        and reporter is not None
        and reporter.anonymous
        and not by.can(Right.VIEW_ANONYMOUS_REPORTER)
    ):
        raise NotAllowed(
            "De melder is anoniem: alleen wie de identiteit van de melder mag zien, maakt deze "
            "brief."
        )
    addressee = _addressee(report=report, kind=kind, person=person)
    values = _letter_values(report=report, kind=kind, addressee=addressee, by=by)
    subject_tpl, body_tpl = letters.template_for(kind)
    return (
        str(addressee),
        letters.render(subject_tpl, values),
        letters.render(body_tpl, values),
    )


@transaction.atomic
def make_letter(*, report: Report, kind: str, by, person=None):
    """Fill a letter from the file, store its PDF in the file. Letters to the reporter go to the
    reporter; letters to people involved never name an anonymous reporter (the templates have no
    placeholder for the reporter) and never show a confidential address."""
    from meldpunt.casefile import letters
    from meldpunt.casefile.models import Letter
    from meldpunt.reference.services import organisation_settings

    addressee, subject, text = preview_letter(report=report, kind=kind, by=by, person=person)
    pdf = letters.to_pdf(subject=subject, text=text, organisation=organisation_settings().name)
    document = upload_document(
        case=report.case,
        by=by,
        title=subject,
        filename=f"brief-{report.number}-{kind}.pdf",
        content=pdf,
        report=report,
    )
    letter = Letter.objects.create(
        case=report.case,
        report=report,
        kind=kind,
        addressee=addressee,
        subject=subject,
        text=text,
        document=document,
        created_by=by,
        created_at=clock.now(),
    )
    audit.record("letter.made", actor=by, subject=letter, report_id=report.pk, kind=kind)
    return letter


@transaction.atomic
def mark_letter_sent(*, letter, by, sent_on: dt.date):
    """Record the date a letter went out; the feedback or informing it stands for is then met."""
    from meldpunt.process import services as process_services

    if not by.can(Right.INFORM):
        raise NotAllowed("U heeft geen recht om het verzenden van brieven vast te leggen.")
    if letter.sent_on is not None:
        raise DomainError(f"Deze brief is al verzonden op {letter.sent_on:%d-%m-%Y}.")
    if sent_on > clock.today() or sent_on < clock.local_date(letter.created_at):
        raise DomainError(
            "De verzenddatum ligt in de toekomst of vóór het maken van de brief.", field="sent_on"
        )
    letter.sent_on = sent_on
    letter.save(update_fields=["sent_on"])
    term_kind = LETTER_TERM.get(letter.kind)
    if term_kind and letter.report.terms.filter(kind=term_kind, met_on__isnull=True).exists():
        process_services.inform(
            report=letter.report, by=by, kind=term_kind, on=sent_on, note=f"Brief {letter.pk}"
        )
    audit.record("letter.sent", actor=by, subject=letter, report_id=letter.report_id)
    return letter
