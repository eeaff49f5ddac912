"""Reporting periods by label: 2025-03 (month), 2025-Q1, 2025-H1, 2025. Pure."""

from __future__ import annotations

import datetime as dt
import re

_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-H([12])$"), "half_year"),
    (re.compile(r"^(\d{4})$"), "year"),
)


def bounds(label: str) -> tuple[dt.date, dt.date]:
    """First and last day of the period."""
    for pattern, kind in _PATTERNS:
        if m := pattern.match(label):
            year = int(m.group(1))
            if kind == "year":
                return dt.date(year, 1, 1), dt.date(year, 12, 31)
            n = int(m.group(2))
            months = {"month": 1, "quarter": 3, "half_year": 6}[kind]
            first_month = (n - 1) * months + 1 if kind != "month" else n
            if not 1 <= first_month <= 12:
                break
            start = dt.date(year, first_month, 1)
            end_month = first_month + months
            end = dt.date(year + (end_month > 12), (end_month - 1) % 12 + 1, 1) - dt.timedelta(
                days=1
            )
            return start, end
    raise ValueError(f"'{label}' is geen periode (gebruik 2025-03, 2025-Q1, 2025-H1 of 2025).")


def labels_for(year: int, frequency: str) -> list[str]:
    if frequency == "monthly":
        return [f"{year}-{m:02d}" for m in range(1, 13)]
    if frequency == "quarterly":
        return [f"{year}-Q{q}" for q in range(1, 5)]
    if frequency == "half_yearly":
        return [f"{year}-H1", f"{year}-H2"]
    return [str(year)]
