"""Reading the policy-analysis CSV files with errors a policy adviser can act on.

Pure Python, no Django. Every problem names the file, the line and the column, and all problems
of a file are reported together, so one round of corrections is enough.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

from meldpunt.errors import DomainError


class InputError(DomainError):
    """A CSV file (or a typed-in value) cannot be used as it is; nothing was computed."""


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()


def read_table(text: str, *, required: set[str], name: str) -> list[Row]:
    """The rows of a comma-separated table with at least the `required` columns."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InputError(f"{name} is leeg.")
    reader = csv.DictReader(io.StringIO(text))
    try:
        fieldnames = reader.fieldnames
    except csv.Error as err:
        raise InputError(f"{name}: de kopregel is geen leesbare CSV ({err}).") from None
    header = [h.strip() for h in fieldnames or []]
    reader.fieldnames = header
    missing = required - set(header)
    if missing:
        hint = ""
        if len(header) == 1 and ";" in header[0]:
            hint = " Het scheidingsteken moet een komma zijn, geen puntkomma."
        raise InputError(
            f"{name}: kolommen ontbreken: {', '.join(sorted(missing))} "
            f"(gevonden: {', '.join(header) or 'geen'}).{hint}"
        )
    rows = []
    try:
        for index, values in enumerate(reader, start=2):
            if None in values:
                raise InputError(f"{name}, regel {index}: meer cellen dan kolommen in de kop.")
            if not any((v or "").strip() for v in values.values()):
                continue
            rows.append(Row(index, values))
    except csv.Error as err:  # a NUL byte, an unclosed quote at the end
        raise InputError(f"{name}, regel {reader.line_num}: geen leesbare CSV ({err}).") from None
    return rows


def parse_number(raw: str, *, where: str, errors: list[str]) -> float | None:
    """A number with a decimal point; an empty cell is None (missing). Problems go to `errors`."""
    raw = raw.strip()
    if raw == "":
        return None
    try:
        value = float(raw)
    except ValueError:
        hint = " (gebruik een decimale punt, geen komma)" if "," in raw else ""
        errors.append(f"{where}: '{raw}' is geen getal{hint}")
        return None
    if not math.isfinite(value):
        errors.append(f"{where}: '{raw}' is geen eindig getal")
        return None
    return value


def raise_if(errors: list[str], *, name: str, limit: int = 10) -> None:
    if not errors:
        return
    more = f" (en nog {len(errors) - limit} fouten)" if len(errors) > limit else ""
    raise InputError(f"{name} bevat fouten: " + "; ".join(errors[:limit]) + more + ".")
