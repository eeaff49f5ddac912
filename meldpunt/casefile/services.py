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
