"""Police reports from a file: the same intake as POST /api/v1/intake/police/, report by report.

The file is JSON Lines (one report per line) or one JSON document: an array of reports or
`{"reports": [...]}`. Every report is taken in on its own transaction, so an interruption loses
at most the report in hand; running the same file again skips what is already in the register
(the police registration number is the key) and continues with the rest.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from meldpunt.api.problems import body
from meldpunt.api.v1.intake import INVALID, take_in_item


@dataclass
class Summary:
    counts: Counter = field(default_factory=Counter)
    rejected: list[dict] = field(default_factory=list)  # results of invalid items, with line

    @property
    def read(self) -> int:
        return sum(self.counts.values())

    def text(self) -> str:
        return (
            f"{self.read} gelezen: {self.counts['created']} nieuw, "
            f"{self.counts['existing']} al aanwezig, {self.counts[INVALID]} afgewezen."
        )


def _looks_like_one_document(path: Path) -> bool:
    with path.open("rb") as fh:
        for line in fh:
            stripped = line.strip()
            if stripped:
                return stripped.startswith(b"[") or (
                    stripped.startswith(b"{") and b'"reports"' in stripped[:200]
                )
    return False


def read_items(path: Path) -> Iterator[tuple[int, Any]]:
    """(position, parsed report) pairs: the line number for JSON Lines, the index (from 1) in
    an array. A line that is not JSON yields its parse error as a problem body."""
    if _looks_like_one_document(path):
        document = json.loads(path.read_text(encoding="utf-8"))
        items = document.get("reports") if isinstance(document, dict) else document
        if not isinstance(items, list):
            raise ValueError('Verwacht een lijst van meldingen of {"reports": [...]}.')
        yield from enumerate(items, start=1)
        return
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except ValueError as err:
                yield number, body(400, f"Regel {number} is geen geldige JSON: {err}.")


def count_items(path: Path) -> int | None:
    if _looks_like_one_document(path):
        return None
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def import_file(path: Path, *, by, on_item: Callable[[int, dict], None] | None = None) -> Summary:
    """Take in every report of the file; `on_item(position, result)` after each one."""
    summary = Summary()
    for position, raw in read_items(path):
        if isinstance(raw, dict) and raw.get("type") == "about:blank" and "status" in raw:
            result = {"index": position, "police_reference": None, "result": INVALID,
                      "report": None, "problem": raw}  # fmt: skip
        else:
            result = take_in_item(by, raw, index=position)
        summary.counts[result["result"]] += 1
        if result["result"] == INVALID:
            summary.rejected.append(result)
        if on_item is not None:
            on_item(position, result)
    return summary
