"""The privacy officer's view of the audit trail: search and export. Reading the trail is itself
recorded in it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

from django.db.models import QuerySet

from meldpunt.access import audit
from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Right
from meldpunt.errors import NotAllowed

COLUMNS = [
    "id",
    "at",
    "actor_id",
    "event",
    "subject_type",
    "subject_id",
    "case_ids",
    "person_ids",
    "remote_addr",
    "channel",
    "details",
]


@dataclass(frozen=True)
class TrailQuery:
    actor_id: int | None = None
    person_id: int | None = None
    case_id: int | None = None
    event: str = ""  # an exact code, or a prefix ending in "." ("report.")
    since: dt.datetime | None = None
    until: dt.datetime | None = None

    def as_details(self) -> dict:
        return {
            "actor_id": self.actor_id,
            "person_id": self.person_id,
            "case_id_sought": self.case_id,
            "event_code": self.event or None,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
        }


def _require(by) -> None:
    if not by.can(Right.VIEW_AUDIT):
        raise NotAllowed("Alleen de privacy officer doorzoekt de audittrail.")


def _filter(query: TrailQuery) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.all()
    if query.actor_id is not None:
        qs = qs.filter(actor_id=query.actor_id)
    if query.person_id is not None:
        qs = qs.filter(person_ids__contains=f",{int(query.person_id)},")
    if query.case_id is not None:
        qs = qs.filter(case_ids__contains=f",{int(query.case_id)},")
    if query.event:
        qs = (
            qs.filter(event__startswith=query.event)
            if query.event.endswith(".")
            else qs.filter(event=query.event)
        )
    if query.since is not None:
        qs = qs.filter(at__gte=query.since)
    if query.until is not None:
        qs = qs.filter(at__lt=query.until)
    return qs.order_by("at", "id")


def search(*, by, query: TrailQuery, limit: int = 500) -> list[AuditEntry]:
    _require(by)
    rows = list(_filter(query)[:limit])
    audit.record("audit.searched", actor=by, found=len(rows), **query.as_details())
    return rows


def _row(entry: AuditEntry) -> dict:
    return {
        "id": entry.pk,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "event": entry.event,
        "subject_type": entry.subject_type,
        "subject_id": entry.subject_id,
        "case_ids": AuditEntry.ids(entry.case_ids),
        "person_ids": AuditEntry.ids(entry.person_ids),
        "remote_addr": entry.remote_addr,
        "channel": entry.channel,
        "details": entry.details,
    }


def export(*, by, query: TrailQuery, fmt: str = "csv") -> str:
    """The whole selection as CSV or JSON (no limit), recorded as an export."""
    _require(by)
    if fmt not in ("csv", "json"):
        raise ValueError(f"unknown format {fmt!r}")
    rows = [_row(e) for e in _filter(query).iterator()]
    audit.record("audit.exported", actor=by, rows=len(rows), fmt=fmt, **query.as_details())
    if fmt == "json":
        return json.dumps(rows, indent=1, ensure_ascii=False)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        row = dict(row)
        row["case_ids"] = " ".join(str(i) for i in row["case_ids"])
        row["person_ids"] = " ".join(str(i) for i in row["person_ids"])
        row["details"] = json.dumps(row["details"], sort_keys=True)
        writer.writerow(row)
    return out.getvalue()
