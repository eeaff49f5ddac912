"""The audit trail (NEN 7513-style): one function, called inside services (same transaction) and
wherever personal data is shown. Entries hold ids and event codes, never names or free text.

Tamper evidence without serialising requests: entries are appended freely and sealed afterwards
in blocks (`meldpunt audit seal`, e.g. from cron every few minutes). Each seal is an HMAC over
its block's entries and the previous seal, with a key kept outside the database
(`AUDIT_SEAL_KEY`, or a key file in the data directory). The latest seal is also written to an
anchor file outside the database, so removing the last blocks is detected as well.
`meldpunt audit verify` recomputes the chain.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction

from meldpunt import clock
from meldpunt.access.models import AuditEntry, AuditSeal

GENESIS = "0" * 64
# Codes, ids, dates: no spaces, so no sentences (free text) can land in the trail.
_CODE = re.compile(r"^[\w.:+\-/]{0,80}$")


@dataclass(frozen=True)
class Origin:
    """Where a request came from: set by the middleware for web and API requests."""

    remote_addr: str | None = None
    channel: str = ""


_NOWHERE = Origin()
_origin: contextvars.ContextVar[Origin | None] = contextvars.ContextVar(
    "audit_origin", default=None
)


@contextmanager
def origin(remote_addr: str | None, channel: str) -> Iterator[None]:
    token = _origin.set(Origin(remote_addr=remote_addr or None, channel=channel))
    try:
        yield
    finally:
        _origin.reset(token)


def _check_value(key: str, value: Any) -> None:
    if value is None or isinstance(value, bool | int):
        return
    if isinstance(value, str) and _CODE.match(value):
        return
    if isinstance(value, list | tuple):
        for item in value:
            _check_value(key, item)
        return
    if isinstance(value, dict):
        for sub_key, item in value.items():
            _check_value(key, sub_key)
            _check_value(f"{key}.{sub_key}", item)
        return
    raise ValueError(
        f"Audit detail '{key}' must be an id, a code or a date, never free text: {value!r:.40}"
    )


def id_text(ids: Iterable[int | None]) -> str:
    unique = sorted({int(i) for i in ids if i is not None})
    return f",{','.join(str(i) for i in unique)}," if unique else ""


def _subject_ref(subject: Any) -> tuple[str, int | None]:
    if subject is None:
        return "", None
    if isinstance(subject, models.Model):
        return subject._meta.label_lower, subject.pk
    if isinstance(subject, tuple):
        return str(subject[0]), int(subject[1]) if subject[1] is not None else None
    return str(subject), None


def _case_of(subject: Any) -> int | None:
    """The file an object belongs to, following case, report and service (the objects are
    usually loaded already)."""
    for _ in range(3):
        if not isinstance(subject, models.Model):
            return None
        if subject._meta.label_lower == "registry.case":
            return subject.pk
        if getattr(subject, "case_id", None) is not None:
            return subject.case_id
        for parent in ("report", "service"):
            if getattr(subject, f"{parent}_id", None) is not None:
                subject = getattr(subject, parent)
                break
        else:
            return None
    return None


def record(
    event: str,
    *,
    actor: Any,
    subject: Any = None,
    remote_addr: str | None = None,
    cases: Iterable[int] = (),
    persons: Iterable[int] = (),
    **details: Any,
) -> AuditEntry:
    """Append one entry. `cases` and `persons` name the files and people shown or changed;
    `details` hold ids and codes only (a ValueError otherwise)."""
    for key, value in details.items():
        _check_value(key, value)
    subject_type, subject_id = _subject_ref(subject)
    case_ids = [*cases, _case_of(subject), details.get("case_id")]
    person_ids = [*persons, *(details.get("person_ids") or [])]
    if subject_type == "registry.person":
        person_ids.append(subject_id)
    here = _origin.get() or _NOWHERE
    return AuditEntry.objects.create(
        at=clock.now(),
        actor_id=getattr(actor, "pk", None),
        event=event,
        subject_type=subject_type,
        subject_id=subject_id,
        case_ids=id_text(case_ids),
        person_ids=id_text(person_ids),
        details=details,
        remote_addr=remote_addr or here.remote_addr,
        channel=here.channel,
    )


# --- Sealing ---------------------------------------------------------------------------------


def seal_key() -> bytes:
    """The sealing key: `AUDIT_SEAL_KEY`, else a key file in the data directory (created once,
    readable by the owner only). Never stored in the database."""
    configured = getattr(settings, "AUDIT_SEAL_KEY", "")
    if configured:
        return configured.encode()
    path = Path(settings.AUDIT_SEAL_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def _canonical(entry: AuditEntry) -> bytes:
    at = entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    fields = [
        entry.pk,
        at,
        entry.actor_id,
        entry.event,
        entry.subject_type,
        entry.subject_id,
        entry.case_ids,
        entry.person_ids,
        entry.details,
        entry.remote_addr,
        entry.channel,
    ]
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _mac(key: bytes, previous: str, entries: Iterable[AuditEntry]) -> str:
    digest = hmac.new(key, previous.encode(), hashlib.sha256)
    for entry in entries:
        digest.update(b"\n")
        digest.update(_canonical(entry))
    return digest.hexdigest()


def _anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR_FILE)


def _write_anchor(seal: AuditSeal) -> None:
    path = _anchor_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"number": seal.number, "mac": seal.mac}))
    tmp.replace(path)


def seal(*, block_size: int | None = None, delay: dt.timedelta | None = None) -> list[AuditSeal]:
    """Seal every entry older than `delay` (so transactions still open are not overtaken) in
    blocks of `block_size`. Safe to run concurrently and to rerun."""
    block_size = block_size or settings.AUDIT_SEAL_BLOCK
    delay = dt.timedelta(seconds=settings.AUDIT_SEAL_DELAY_SECONDS) if delay is None else delay
    key = seal_key()
    cutoff = clock.now() - delay
    made: list[AuditSeal] = []
    while True:
        last = AuditSeal.objects.order_by("-number").first()
        after = last.last_entry_id if last else 0
        batch = list(AuditEntry.objects.filter(pk__gt=after).order_by("pk")[:block_size])
        # Seal a prefix only: stop at the first entry that may still have company in flight.
        young = next((i for i, e in enumerate(batch) if e.at > cutoff), None)
        if young is not None:
            batch = batch[:young]
        if not batch:
            break
        previous = last.mac if last else GENESIS
        try:
            with transaction.atomic():
                made_seal = AuditSeal.objects.create(
                    number=(last.number + 1) if last else 1,
                    first_entry_id=batch[0].pk,
                    last_entry_id=batch[-1].pk,
                    entry_count=len(batch),
                    previous_mac=previous,
                    mac=_mac(key, previous, batch),
                    sealed_at=clock.now(),
                )
        except IntegrityError:
            continue  # another sealer took this block number: start again from its seal
        made.append(made_seal)
        _write_anchor(made_seal)
        if young is not None:
            break
    return made


@dataclass
class Verification:
    seals: int = 0
    sealed_entries: int = 0
    unsealed_entries: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify() -> Verification:
    """Recompute the chain. Every changed, removed or inserted entry or seal is a problem."""
    key = seal_key()
    result = Verification()
    previous_mac, previous_last, expected = GENESIS, 0, 1
    for s in AuditSeal.objects.order_by("number").iterator():
        result.seals += 1
        if s.number != expected:
            result.problems.append(f"zegel {expected} ontbreekt (volgende is {s.number})")
        expected = s.number + 1
        between = AuditEntry.objects.filter(pk__gt=previous_last, pk__lt=s.first_entry_id)
        if between.exists():
            ids = list(between.values_list("pk", flat=True)[:10])
            result.problems.append(f"regels {ids} zijn tussen verzegelde blokken ingevoegd")
        if s.previous_mac != previous_mac:
            result.problems.append(f"zegel {s.number}: vorige zegel klopt niet")
        entries = list(
            AuditEntry.objects.filter(pk__gte=s.first_entry_id, pk__lte=s.last_entry_id).order_by(
                "pk"
            )
        )
        if len(entries) != s.entry_count:
            result.problems.append(
                f"zegel {s.number}: {len(entries)} regels, verzegeld waren er {s.entry_count}"
            )
        if not hmac.compare_digest(_mac(key, s.previous_mac, entries), s.mac):
            result.problems.append(
                f"zegel {s.number}: regels {s.first_entry_id}-{s.last_entry_id} zijn gewijzigd"
            )
        result.sealed_entries += len(entries)
        previous_mac, previous_last = s.mac, s.last_entry_id
    result.unsealed_entries = AuditEntry.objects.filter(pk__gt=previous_last).count()
    path = _anchor_path()
    if path.exists():
        anchor = json.loads(path.read_text())
        found = AuditSeal.objects.filter(number=anchor["number"]).first()
        if found is None:
            result.problems.append(
                f"zegel {anchor['number']} (laatst verzegeld volgens het ankerbestand) ontbreekt"
            )
        elif not hmac.compare_digest(found.mac, anchor["mac"]):
            result.problems.append(f"zegel {anchor['number']} wijkt af van het ankerbestand")
    elif result.seals:
        result.problems.append("het ankerbestand met de laatste zegel ontbreekt")
    return result
