"""Reads of the file: every query starts from the visibility filter of the file it belongs to,
so a journal entry, document or letter of a file one may not see does not exist for them."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from meldpunt.casefile.models import (
    Document,
    JournalEntry,
    JournalRevision,
    Letter,
    LetterKind,
    SafetyCondition,
)


def journal_entries_for(user) -> QuerySet[JournalEntry]:
    return JournalEntry.objects.visible_to(user)


def journal_for(user, *, case) -> QuerySet[JournalEntry]:
    """A file's journal, newest contact first, with the earlier texts of corrected entries."""
    return (
        journal_entries_for(user)
        .filter(case=case)
        .select_related("by", "report")
        .prefetch_related(
            Prefetch(
                "revisions",
                queryset=JournalRevision.objects.select_related("corrected_by"),
            )
        )
    )


def _hides_reporter(user) -> bool:
    from meldpunt.access.roles import Right

    return not user.can(Right.VIEW_ANONYMOUS_REPORTER)


# A letter to an anonymous reporter names them: only roles that may know the reporter see it.
_TO_ANONYMOUS_REPORTER = {"kind": LetterKind.FEEDBACK_REPORTER, "report__reporter__anonymous": True}


def documents_for(user, *, case=None) -> QuerySet[Document]:
    qs = Document.objects.visible_to(user).select_related("uploaded_by", "report")
    if _hides_reporter(user):
        qs = qs.exclude(
            letter__kind=LetterKind.FEEDBACK_REPORTER, letter__report__reporter__anonymous=True
        )
    return qs.filter(case=case) if case is not None else qs


def letters_for(user, *, report=None) -> QuerySet[Letter]:
    qs = Letter.objects.visible_to(user).select_related("created_by", "document")
    if _hides_reporter(user):
        qs = qs.exclude(**_TO_ANONYMOUS_REPORTER)
    return qs.filter(report=report) if report is not None else qs


def conditions_for(service) -> QuerySet[SafetyCondition]:
    """The safety conditions agreed in a V&V or Onderzoek, with their scores."""
    return SafetyCondition.objects.filter(service=service).select_related("by")
