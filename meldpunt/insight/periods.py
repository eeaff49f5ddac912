"""Reporting periods: month, quarter, half-year, year, or any run of days. Pure: no Django.

A period is a closed range of local (Europe/Amsterdam) dates: `start` and `end` both count.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS_NL = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
MONTHS_NL_SHORT = [
    "jan",
    "feb",
    "mrt",
    "apr",
    "mei",
    "jun",
    "jul",
    "aug",
    "sep",
    "okt",
    "nov",
    "dec",
]


class PeriodError(ValueError):
    """A period that cannot be read; the message is Dutch."""


def _month_end(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(
                f"De einddatum ({self.end:%d-%m-%Y}) ligt vóór de begindatum "
                f"({self.start:%d-%m-%Y})."
            )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(dt.date(year, month, 1), _month_end(year, month))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        return cls(dt.date(year, first, 1), _month_end(year, first + 2))

    @classmethod
    def half(cls, year: int, half: int) -> Period:
        first = 6 * (half - 1) + 1
        return cls(dt.date(year, first, 1), _month_end(year, first + 5))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def parse(cls, text: str) -> Period:
        """`2025-03` (month), `2025Q1`, `2025H1`, `2025` (year)."""
        text = text.strip().upper()
        patterns = (
            (r"(\d{4})-(\d{1,2})", lambda y, n: cls.month(y, n), 12, "maand"),
            (r"(\d{4})-?Q(\d)", lambda y, n: cls.quarter(y, n), 4, "kwartaal"),
            (r"(\d{4})-?H(\d)", lambda y, n: cls.half(y, n), 2, "halfjaar"),
        )
        for pattern, make, top, what in patterns:
            match = re.fullmatch(pattern, text)
            if match:
                year, number = int(match.group(1)), int(match.group(2))
                if not 1 <= number <= top:
                    raise PeriodError(f"'{text}' is geen geldige {what}.")
                return make(year, number)
        if re.fullmatch(r"\d{4}", text):
            return cls.year(int(text))
        raise PeriodError(
            f"'{text}' is geen periode. Gebruik bijvoorbeeld 2025-03 (maand), 2025Q1 (kwartaal), "
            "2025H1 (halfjaar) of 2025 (jaar)."
        )

    @property
    def kind(self) -> str:
        """month, quarter, half-year, year, or days (any other range)."""
        if self.start.day == 1 and self.end == _month_end(self.end.year, self.end.month):
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            aligned = (self.start.month - 1) % months == 0 if months <= 12 else False
            if months == 1:
                return "month"
            if months == 3 and aligned:
                return "quarter"
            if months == 6 and aligned:
                return "half-year"
            if months == 12 and aligned:
                return "year"
        return "days"

    @property
    def label(self) -> str:
        kind = self.kind
        if kind == "month":
            return f"{MONTHS_NL[self.start.month - 1]} {self.start.year}"
        if kind == "quarter":
            return f"{(self.start.month - 1) // 3 + 1}e kwartaal {self.start.year}"
        if kind == "half-year":
            return f"{(self.start.month - 1) // 6 + 1}e halfjaar {self.start.year}"
        if kind == "year":
            return str(self.start.year)
        return f"{self.start:%d-%m-%Y} t/m {self.end:%d-%m-%Y}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[dt.date]:
        """The first day of every month the period touches."""
        out = []
        day = dt.date(self.start.year, self.start.month, 1)
        while day <= self.end:
            out.append(day)
            day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return out

    def as_dict(self) -> dict[str, str]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "kind": self.kind,
            "label": self.label,
        }


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def month_label(day: dt.date) -> str:
    return f"{MONTHS_NL_SHORT[day.month - 1]} {day.year}"


def trailing_months(end_month: dt.date, count: int = 13) -> Period:
    """The `count` months ending with the month of `end_month` (the dashboard's trend)."""
    index = end_month.year * 12 + end_month.month - 1 - (count - 1)
    start = dt.date(index // 12, index % 12 + 1, 1)
    return Period(start, _month_end(end_month.year, end_month.month))


def parse_date(text: str, *, what: str = "De datum") -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(f"{what} '{text}' is geen datum; gebruik JJJJ-MM-DD.") from None
