"""Plain renderings of the policy-analysis results: JSON, CSV and Markdown tables."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence


def as_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


LABELS = {
    "high": "hoog",
    "average": "gemiddeld",
    "low": "laag",
    "fewer_than_expected": "minder dan verwacht",
    "more_than_expected": "meer dan verwacht",
    "none": "",
}


def _cell(value, digits: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float):
        if digits is not None:
            return str(int(value)) if value.is_integer() else f"{value + 0.0:.{digits}f}"
        return f"{value:g}" if abs(value) >= 1e-4 or value == 0 else f"{value:.6f}"
    return str(value)


def as_csv(rows: Sequence[dict], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def as_markdown(
    rows: Sequence[dict],
    columns: Sequence[str],
    *,
    headers: Sequence[str] | None = None,
    title: str = "",
    notes: Sequence[str] = (),
) -> str:
    headers = list(headers or columns)
    lines = [f"# {title}", ""] if title else []
    lines.append("| " + " | ".join(headers) + " |")
    lines.append("|" + "|".join("---" for _ in headers) + "|")
    for row in rows:
        cells = [
            LABELS.get(str(row.get(c)), _cell(row.get(c), 2)).replace("|", "\\|") or "–"
            for c in columns
        ]
        lines.append("| " + " | ".join(cells) + " |")
    if notes:
        lines.append("")
        lines.extend(f"- {note}" for note in notes)
    return "\n".join(lines) + "\n"
