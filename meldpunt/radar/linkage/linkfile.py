"""Read and write the lists `meldpunt link-file` deduplicates. Pure Python, Dutch errors.

Input: a CSV with `record_id` and any of given_name, surname, date_of_birth, sex, street,
house_number, postcode, city, bsn; comma- or semicolon-separated (Dutch spreadsheets write `;`),
UTF-8 with or without BOM. Only a missing `record_id` column or a date of birth that is neither
ISO (YYYY-MM-DD, a real date) nor empty is an error; postcodes and addresses are compared as
given, foreign formats included. An empty or repeated record id is read too, with a warning.
Output: record_id, cluster_id, one row per input record, in input order; the cluster_id is the
record_id of the cluster's first record, or "regel-N" (its line) when record ids repeat.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from meldpunt.radar.linkage.normalise import Prepared, parse_iso_date, prepare

OPTIONAL = (
    "given_name",
    "surname",
    "date_of_birth",
    "sex",
    "street",
    "house_number",
    "postcode",
    "city",
    "bsn",
)


class ListError(ValueError):
    """A problem with the input list, in Dutch, naming the line and column."""


@dataclass(frozen=True)
class Row:
    record_id: str
    prepared: Prepared
    line: int = 0


def _dialect(sample: str) -> str:
    header = sample.splitlines()[0] if sample else ""
    return ";" if header.count(";") > header.count(",") else ","


def read(path: Path, warnings: list[str] | None = None) -> list[Row]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise ListError(f"Bestand {path} bestaat niet.") from err
    except UnicodeDecodeError as err:
        raise ListError(f"{path}: het bestand is geen UTF-8-tekst.") from err
    return parse(text, name=str(path), warnings=warnings)


def parse(text: str, *, name: str = "invoer", warnings: list[str] | None = None) -> list[Row]:
    """The rows of a list. Problems that do not stop the linking (empty or repeated record ids)
    are appended to `warnings`, in Dutch."""
    warnings = warnings if warnings is not None else []
    reader = csv.DictReader(io.StringIO(text), delimiter=_dialect(text))
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    if "record_id" not in columns:
        raise ListError(
            f"{name}, regel 1: de kolom 'record_id' ontbreekt "
            f"(gevonden: {', '.join(columns) or 'geen kolommen'})."
        )
    reader.fieldnames = columns
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        values = {k: (v or "").strip() for k, v in record.items() if k is not None}
        record_id = values.get("record_id", "")
        if not record_id:
            warnings.append(f"{name}, regel {line}, kolom record_id: de waarde is leeg.")
        elif record_id in seen:
            warnings.append(
                f"{name}, regel {line}, kolom record_id: '{record_id}' staat ook op regel "
                f"{seen[record_id]}."
            )
        else:
            seen[record_id] = line
        raw_date = values.get("date_of_birth", "")
        try:
            dob = parse_iso_date(raw_date)
        except ValueError:
            raise ListError(
                f"{name}, regel {line}, kolom date_of_birth: '{raw_date}' is geen datum in de "
                "vorm JJJJ-MM-DD (bijvoorbeeld 2015-03-28)."
            ) from None
        rows.append(Row(record_id=record_id, prepared=prepare_row(values, dob=dob), line=line))
    return rows


def prepare_row(values: dict[str, str], *, dob: dt.date | None = None) -> Prepared:
    """Prepare one row of the list format (the date already parsed, or parsed here)."""
    if dob is None and values.get("date_of_birth"):
        dob = parse_iso_date(values["date_of_birth"])
    return prepare(
        given_names=values.get("given_name"),
        surname=values.get("surname"),
        date_of_birth=dob,
        sex=values.get("sex"),
        bsn=values.get("bsn"),
        street=values.get("street"),
        house_number=values.get("house_number"),
        postcode=values.get("postcode"),
        city=values.get("city"),
    )


def write(path: Path, rows: Sequence[Row], clusters: dict[int, int]) -> None:
    """One line per input record, in input order; cluster_id is the record_id of the cluster's
    first record, or "regel-N" (that record's line) when record ids are empty or repeat."""
    ids = [row.record_id for row in rows]
    unique = all(ids) and len(set(ids)) == len(ids)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["record_id", "cluster_id"])
        for index, row in enumerate(rows):
            first = rows[clusters.get(index, index)]
            writer.writerow([row.record_id, first.record_id if unique else f"regel-{first.line}"])
