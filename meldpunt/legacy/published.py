"""Compare the figures an organisation published for past years with the same KPIs recomputed
from the migrated register: published figures in (CSV), differences out. After a migration this
shows whether the history came over whole (a count that is short names what is missing) and
where the old system counted differently."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from meldpunt.errors import DomainError

# Column names, English or Dutch.
COLUMNS = {
    "period": ("period", "periode"),
    "indicator": ("indicator", "kpi", "code"),
    "value": ("value", "waarde", "gepubliceerd"),
    "area": ("area", "werkgebied"),
    "municipality": ("municipality", "gemeente"),
}


@dataclass(frozen=True)
class Published:
    line: int
    period: str
    indicator: str
    value: float
    area: str = ""
    municipality: str = ""

    @property
    def scope(self) -> str:
        return self.municipality or self.area or "organisatie"


@dataclass(frozen=True)
class Comparison:
    published: Published
    recomputed: float | None
    status: str  # gelijk | verschil | onbekende indicator | fout
    note: str = ""

    @property
    def difference(self) -> float | None:
        if self.recomputed is None:
            return None
        return round(self.recomputed - self.published.value, 2)

    @property
    def difference_pct(self) -> float | None:
        if self.difference is None or not self.published.value:
            return None
        return round(100 * self.difference / self.published.value, 1)


def parse_number(text: str) -> float:
    """12965, 12.965 or 12,965.0, 72,5 or 72.5 and 72,5% as published in Dutch reports."""
    value = text.strip().replace("%", "").replace(" ", "").replace("\u00a0", "")
    if "," in value and "." in value:
        value = (
            value.replace(".", "").replace(",", ".")
            if value.rfind(",") > value.rfind(".")
            else value.replace(",", "")
        )
    elif "," in value:
        value = value.replace(",", ".")
    elif value.count(".") == 1 and len(value.split(".")[1]) == 3 and len(value.split(".")[0]) <= 3:
        value = value.replace(".", "")  # 12.965: a Dutch thousands separator
    return float(value)


def read(text: str) -> tuple[list[Published], list[str]]:
    """The published figures and the problems per line (in Dutch)."""
    sample = text[:2048]
    dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = {(h or "").strip().lower(): h for h in reader.fieldnames or []}
    names = {}
    for field, aliases in COLUMNS.items():
        names[field] = next((header[a] for a in aliases if a in header), None)
    missing = [f for f in ("period", "indicator", "value") if names[f] is None]
    if missing:
        raise DomainError(
            "De kolommen 'period', 'indicator' en 'value' (of 'periode', 'indicator', "
            f"'waarde') zijn nodig; ontbreekt: {', '.join(missing)}."
        )
    rows, problems = [], []
    for number, raw in enumerate(reader, start=2):
        cell = {f: (raw.get(name) or "").strip() if name else "" for f, name in names.items()}
        if not any(cell.values()):
            continue
        try:
            value = parse_number(cell["value"])
        except ValueError:
            problems.append(f"regel {number}: '{cell['value']}' is geen getal.")
            continue
        rows.append(
            Published(
                number,
                cell["period"],
                cell["indicator"],
                value,
                cell["area"],
                cell["municipality"],
            )
        )
    return rows, problems


def compare(rows: list[Published], *, tolerance: float = 0.0) -> list[Comparison]:
    """Each published figure against the KPI recomputed from the register (whole register, as
    the organisation's own official figures are)."""
    from meldpunt.insight import kpis
    from meldpunt.insight.periods import Period, PeriodError
    from meldpunt.insight.scope import resolve

    cache: dict[tuple[str, str, str], dict] = {}
    out = []
    for row in rows:
        try:
            period = Period.parse(row.period)
            key = (period.label, row.area, row.municipality)
            if key not in cache:
                scope = resolve(area=row.area or None, municipality=row.municipality or None)
                data = kpis.compute(period=period, scope=scope).as_dict()
                cache[key] = {i["code"]: i for i in data["indicators"]}
        except (PeriodError, DomainError) as err:
            out.append(Comparison(row, None, "fout", str(getattr(err, "message", err))))
            continue
        indicator = cache[key].get(row.indicator)
        if indicator is None:
            known = ", ".join(sorted(cache[key]))
            out.append(
                Comparison(row, None, "onbekende indicator", f"bekende indicatoren: {known}")
            )
            continue
        value = indicator["value"]
        if value is None:
            out.append(Comparison(row, None, "fout", "niet te berekenen voor deze periode"))
            continue
        value = float(value)
        same = abs(value - row.value) <= tolerance
        out.append(Comparison(row, value, "gelijk" if same else "verschil"))
    return out


def write(path: Path, comparisons: list[Comparison]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            [
                "regel",
                "periode",
                "indicator",
                "bereik",
                "gepubliceerd",
                "herberekend",
                "verschil",
                "verschil_pct",
                "uitkomst",
                "toelichting",
            ]
        )
        for c in comparisons:
            p = c.published
            writer.writerow(
                [
                    p.line,
                    p.period,
                    p.indicator,
                    p.scope,
                    _number(p.value),
                    _number(c.recomputed),
                    _number(c.difference),
                    _number(c.difference_pct),
                    c.status,
                    c.note,
                ]
            )


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)
