"""Document storage: a size limit, types checked by content (not by name), private storage."""

from __future__ import annotations

import hashlib
import uuid

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from meldpunt.errors import DomainError

# Allowed types, recognised by their content (magic numbers).
ALLOWED = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
ZIP_CONTAINER = "application/zip"


def sniff(content: bytes, filename: str) -> str:
    """The content type recognised from the bytes; refuses anything not allowed."""
    kind = filetype.guess(content[:8192])
    mime = kind.mime if kind else None
    if mime == ZIP_CONTAINER and filename.lower().endswith(".docx") and b"word/" in content[:65536]:
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if mime not in ALLOWED:
        raise DomainError(
            "Dit bestandstype is niet toegestaan. Toegestaan zijn PDF, PNG, JPEG en Word (docx); "
            "het type wordt aan de inhoud herkend, niet aan de naam.",
            field="file",
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    expected = ALLOWED[mime]
    if extension not in {expected, "jpeg" if expected == "jpg" else expected}:
        raise DomainError(
            f"De bestandsnaam eindigt op '.{extension}', maar de inhoud is {expected.upper()}.",
            field="file",
        )
    return mime


def check_size(size: int) -> None:
    limit = settings.DOCUMENT_MAX_BYTES
    if size == 0:
        raise DomainError("Het bestand is leeg.", field="file")
    if size > limit:
        raise DomainError(
            f"Het bestand is te groot ({size // 1024} kB); "
            f"het maximum is {limit // (1024 * 1024)} MB.",
            field="file",
        )


def store(content: bytes) -> tuple[str, str]:
    """Save under a random name; returns (storage name, sha256)."""
    name = f"{uuid.uuid4().hex}.bin"
    storage = storages["documents"]
    saved = storage.save(name, ContentFile(content))
    return saved, hashlib.sha256(content).hexdigest()


def store_as(name: str, content: bytes) -> str:
    """Save under `name` (a name the caller derives, e.g. from a migration's source key),
    replacing a file of that name; returns the sha256. A file left under that name by an
    interrupted run is overwritten, not duplicated."""
    storage = storages["documents"]
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # the storage chose another name: the file would be unreferenced
        storage.delete(saved)
        raise RuntimeError(f"document storage saved {name!r} as {saved!r}")
    return hashlib.sha256(content).hexdigest()


def stored_in(folder: str) -> list[str]:
    """The names of the files in a folder of the document storage (not below it)."""
    storage = storages["documents"]
    try:
        _, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    return [f"{folder}/{name}" for name in files]


def read(storage_name: str) -> bytes:
    with storages["documents"].open(storage_name, "rb") as fh:
        return fh.read()


def delete(storage_name: str) -> None:
    storages["documents"].delete(storage_name)
