"""Indicators and the grouped counts they are computed from.

Every figure is computed by one or two aggregate queries grouped by (month, municipality, work
area[, category]); the rows (at most a few thousand, whatever the size of the register) are then
rolled up here into the total, the months, the work areas and the municipalities.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import DateField, F
from django.db.models.functions import TruncMonth

from meldpunt.insight import suppression
from meldpunt.insight.norms import Norm

PERCENT, COUNT, DAYS, PER_1000 = "percentage", "aantal", "dagen", "per 1.000 inwoners"
HOURS = "uren"


@dataclass
class Cell:
    key: str
    label: str
    value: float | int | None
    numerator: int | None = None
    denominator: int | None = None
    basis: int | None = None  # the count a rate or a duration rests on
    suppressed: bool = False


@dataclass
class Indicator:
    code: str
    name: str
    unit: str
    value: float | int | None
    norm: Norm | None = None
    numerator: int | None = None
    denominator: int | None = None
    basis: int | None = None
    breakdown: dict[str, list[Cell]] = field(default_factory=dict)
    definition: str = ""

    @property
    def status(self) -> str | None:
        """on_track / off_track against the norm, missing without a value; None without a norm."""
        if self.norm is None:
            return None
        if self.value is None:
            return "missing"
        return "on_track" if self.norm.met_by(float(self.value)) else "off_track"

    def shown(self, *, suppress: bool) -> Indicator:
        """The indicator as it may be shown: with small numbers suppressed when `suppress`."""
        if not suppress:
            return self
        value, numerator, denominator = _suppressed(
            self.unit, self.value, self.numerator, self.denominator, self.basis
        )
        breakdown = {}
        for dim, cells in self.breakdown.items():
            counts = [_cell_count(self.unit, c) for c in cells]
            hidden = suppression.cells_to_suppress(counts)
            out = []
            for i, c in enumerate(cells):
                if i in hidden and not suppression.is_small(counts[i]):
                    # Secondary suppression: not small itself, hidden to protect a small cell.
                    out.append(Cell(c.key, c.label, None, suppressed=True))
                    continue
                v, n, d = _suppressed(self.unit, c.value, c.numerator, c.denominator, c.basis)
                hid = v == suppression.SMALL or (v is None and c.value is not None)
                out.append(Cell(c.key, c.label, v, n, d, suppressed=hid))
            breakdown[dim] = out
        return Indicator(
            code=self.code,
            name=self.name,
            unit=self.unit,
            value=value,
            norm=self.norm,
            numerator=numerator,
            denominator=denominator,
            breakdown=breakdown,
            definition=self.definition,
        )

    def as_dict(self, *, suppress: bool = False) -> dict:
        shown = self.shown(suppress=suppress)
        out = {
            "code": self.code,
            "name": self.name,
            "unit": self.unit,
            "norm": None if self.norm is None else self.norm.low,
            "norm_text": None if self.norm is None else self.norm.text,
            "value": shown.value,
            "status": shown.status if shown.value != suppression.SMALL else None,
        }
        if self.numerator is not None:
            out["numerator"] = shown.numerator
            out["denominator"] = shown.denominator
        if suppress and shown.value is None and self.value is not None:
            out["suppressed"] = True
        if self.definition:
            out["definition"] = self.definition
        out["breakdown"] = {
            dim: [_cell_dict(c) for c in cells] for dim, cells in shown.breakdown.items()
        }
        return out


def _cell_dict(c: Cell) -> dict:
    out = {"key": c.key, "label": c.label, "value": c.value}
    if c.numerator is not None or c.denominator is not None:
        out["numerator"] = c.numerator
        out["denominator"] = c.denominator
    if c.suppressed:
        out["suppressed"] = True
    return out


def _cell_count(unit: str, c: Cell) -> int:
    if unit == COUNT:
        return int(c.value or 0)
    if unit == PERCENT:
        return int(c.numerator or 0)
    return int(c.basis or 0)


def _suppressed(unit, value, numerator, denominator, basis):
    if unit == COUNT:
        return suppression.count(value), None, None
    if unit == PERCENT:
        shown_num = suppression.count(numerator)
        shown_den = suppression.count(denominator)
        if not suppression.share_is_safe(numerator, denominator):
            return None, shown_num, shown_den
        return value, shown_num, shown_den
    if suppression.is_small(basis):
        return None, None, None
    return value, None, None


def pct(numerator: int, denominator: int) -> float | None:
    return round(100.0 * numerator / denominator, 1) if denominator else None


# -- grouped queries ---------------------------------------------------------------------------


def month_of(value) -> dt.date:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return dt.date(value.year, value.month, 1)


def grouped(
    qs,
    *,
    date: str,
    report: str = "",
    measures: Mapping,
    keys: Mapping | None = None,
    municipality: str | None = None,
    area: str | None = None,
):
    """Rows of `measures` grouped by month (of `date`), municipality and work area (of the report
    at path `report`, or the given paths) and any extra `keys`."""
    values = {
        "g_month": TruncMonth(date, output_field=DateField()),
        "g_municipality": F(municipality or f"{report}municipality_id"),
        "g_area": F(area or f"{report}work_area_id"),
        **(keys or {}),
    }
    return Cube(list(qs.values(**values).annotate(**measures).order_by()))


class Cube:
    def __init__(self, rows: Iterable[dict]):
        self.rows = []
        for row in rows:
            if row.get("g_month") is not None:
                row["g_month"] = month_of(row["g_month"])
            self.rows.append(row)

    def where(self, **conditions) -> Cube:
        return Cube(r for r in self.rows if all(r.get(k) == v for k, v in conditions.items()))

    def total(self, measure: str) -> int:
        return sum(r[measure] or 0 for r in self.rows)

    def by(self, key: str, measure: str) -> dict:
        out: dict = defaultdict(int)
        for r in self.rows:
            out[r.get(key)] += r[measure] or 0
        return out
