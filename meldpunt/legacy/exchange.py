"""The exchange format: one JSON Lines file per entity, in the order they are imported, with the
fields each line holds. Pure: no Django imports. Documented in docs/migration.md."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# file → (required fields, optional fields). Order matters: later files refer to earlier ones.
FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "persons.jsonl": (
        ("key",),
        (
            "given_names",
            "surname_prefix",
            "surname",
            "date_of_birth",
            "sex",
            "bsn",
            "street",
            "house_number",
            "postcode",
            "city",
            "household",
        ),
    ),
    "advices.jsonl": (
        ("key", "received_at", "asker_type", "question"),
        ("anonymous", "advice", "municipality"),
    ),
    "reports.jsonl": (
        ("key", "received_at", "municipality", "reporter", "people"),
        ("violence_forms", "description", "acute", "police_reference", "closed_on", "district"),
    ),
    "decisions.jsonl": (
        ("key", "report", "outcome", "decided_at"),
        ("acute_unsafety", "structural_unsafety", "rationale", "crisis_intervention"),
    ),
    "services.jsonl": (
        ("key", "report", "kind", "started_on"),
        ("closed_on", "findings", "previous"),
    ),
    "evaluations.jsonl": (
        ("key", "service", "moment", "done_on"),
        ("score_family", "score_professionals"),
    ),
    "handovers.jsonl": (
        ("key", "report", "destination", "handed_over_on"),
        ("service", "warm"),
    ),
    "journal.jsonl": (
        ("key", "report", "occurred_at", "channel", "note"),
        ("participants",),
    ),
    # Documents as files beside the export: `file` is a path inside the export's directory.
    "documents.jsonl": (
        ("key", "report", "title", "file"),
        ("uploaded_at",),
    ),
}
ORDER = list(FILES)

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")

# Categories an organisation maps from its own codes in mapping.csv.
CATEGORIES = (
    "municipality",
    "reporter_type",
    "violence_form",
    "triage_outcome",
    "service_kind",
    "finding",
    "role",
    "sex",
    "destination",
    "channel",
)


@dataclass(frozen=True)
class Line:
    file: str
    number: int
    data: dict


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, regel {self.line}" if self.line else self.file
        return f"{where}: {self.message}"


def read_lines(directory: Path, name: str) -> Iterator[Line | Problem]:
    path = directory / name
    if not path.exists():
        return
    with path.open(encoding="utf-8-sig") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as err:
                yield Problem(name, number, f"geen geldige JSON ({err.msg}).")
                continue
            if not isinstance(data, dict):
                yield Problem(name, number, "een regel moet één JSON-object zijn.")
                continue
            yield Line(name, number, data)


def shape_problems(line: Line) -> list[str]:
    required, optional = FILES[line.file]
    problems = [f"veld '{f}' ontbreekt." for f in required if line.data.get(f) in (None, "")]
    unknown = set(line.data) - set(required) - set(optional)
    problems += [f"onbekend veld '{f}'." for f in sorted(unknown)]
    return problems


def parse_date(value, *, today: dt.date) -> tuple[dt.date | None, str | None]:
    if value in (None, ""):
        return None, None
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None, f"'{value}' is geen datum (JJJJ-MM-DD)."
    if day > today:
        return None, f"de datum {day:%d-%m-%Y} ligt in de toekomst."
    return day, None


def parse_moment(value, *, now: dt.datetime) -> tuple[dt.datetime | None, str | None]:
    """An ISO date-time; without a time zone it is Amsterdam time."""
    if value in (None, ""):
        return None, None
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None, f"'{value}' is geen datum en tijd (JJJJ-MM-DDTHH:MM)."
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    if moment > now:
        return None, f"het tijdstip {moment:%d-%m-%Y %H:%M} ligt in de toekomst."
    return moment, None
