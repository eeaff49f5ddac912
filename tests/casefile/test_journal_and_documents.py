import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone

from meldpunt.access.roles import Role
from meldpunt.casefile import services
from meldpunt.casefile.models import Document, JournalEntry
from meldpunt.errors import ConcurrentChange, DomainError, NotAllowed
from meldpunt.registry.models import Case
from tests.process import flow

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def case(intake, reference):
    return flow.register(intake).case


def test_a_journal_correction_keeps_the_earlier_text(case, triage, make_user):
    entry = services.add_journal_entry(
        case=case,
        by=triage,
        occurred_at=timezone.now(),
        channel="phone",
        participants="moeder",
        note="Moeder gebeld, zij was rustig",
    )
    services.correct_journal_entry(
        entry=entry,
        by=triage,
        note="Moeder gebeld, zij was angstig",
        reason="Verkeerd genoteerd",
        version=entry.version,
    )
    entry.refresh_from_db()
    assert entry.note == "Moeder gebeld, zij was angstig"
    assert [r.note for r in entry.revisions.all()] == ["Moeder gebeld, zij was rustig"]
    with pytest.raises(ConcurrentChange):  # a correction from a stale page
        services.correct_journal_entry(
            entry=entry, by=make_user(Role.TRIAGE), note="x", reason="y", version=0
        )


def test_a_journal_entry_in_the_future_is_refused(case, triage):
    with pytest.raises(DomainError, match="toekomst"):
        services.add_journal_entry(
            case=case,
            by=triage,
            occurred_at=timezone.now() + dt.timedelta(days=2),
            channel="phone",
            participants="",
            note="x",
        )
    assert not JournalEntry.objects.exists()


def test_a_document_is_stored_and_read_back(case, triage, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    doc = services.upload_document(
        case=case, by=triage, title="Proces-verbaal", filename="pv.pdf", content=PDF
    )
    assert doc.content_type == "application/pdf"
    assert services.open_document(document=doc, by=triage) == PDF


def test_a_document_with_a_forged_extension_is_refused(case, triage):
    with pytest.raises(DomainError, match="inhoud"):
        services.upload_document(
            case=case, by=triage, title="Foto", filename="foto.pdf", content=PNG
        )
    with pytest.raises(DomainError, match="niet toegestaan"):
        services.upload_document(
            case=case, by=triage, title="Script", filename="x.pdf", content=b"#!/bin/sh\nrm -rf /\n"
        )
    assert not Document.objects.exists()


def test_a_word_document_is_recognised_by_its_content(case, triage, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    doc = services.upload_document(
        case=case, by=triage, title="Brief school", filename="brief.docx", content=buffer.getvalue()
    )
    assert doc.content_type.endswith("wordprocessingml.document")


def test_an_oversized_or_empty_document_is_refused(case, triage, settings):
    settings.DOCUMENT_MAX_BYTES = 100
    with pytest.raises(DomainError, match="te groot"):
        services.upload_document(case=case, by=triage, title="x", filename="x.png", content=PNG * 3)
    with pytest.raises(DomainError, match="leeg"):
        services.upload_document(case=case, by=triage, title="x", filename="x.png", content=b"")


def test_documents_of_a_file_are_invisible_to_those_without_access(
    case, triage, make_user, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    doc = services.upload_document(case=case, by=triage, title="x", filename="x.png", content=PNG)
    assert list(Document.objects.visible_to(triage)) == [doc]
    assert not Document.objects.visible_to(make_user(Role.ANALYST)).exists()
    Case.objects.filter(pk=case.pk).update(shielded=True)
    assert not Document.objects.visible_to(triage).exists()
    with pytest.raises(NotAllowed):
        services.upload_document(
            case=case, by=make_user(Role.MUNICIPALITY), title="x", filename="x.png", content=PNG
        )
