"""Risk score per municipality and the signalling structure (regional vision, appendix 2).

Pure Python, no Django: the method a policy adviser can check by hand (docs/policy.md).

1. Per factor, the z-score of each municipality against the mean and the standard deviation of
   that factor over the municipalities that have a value for it (population SD by default: the
   municipalities of the region are the whole group compared, not a sample of it).
2. Each z-score is multiplied by the factor's direction: +1 when a higher value means more risk,
   -1 when it means less risk (WOZ-waarde), 0 to leave the factor out.
3. mean_z is the mean of a municipality's directed z-scores over the factors it has; the score is
   mean_z x the number of factors in use. For a municipality with every factor this is exactly
   the sum of its z-scores; one with missing factors is scored as if its missing factors sat at
   its own average, so it stays on the same scale and is not pulled towards the middle.
4. Rank 1 is the highest score. Tier: the scores are standardised over the municipalities;
   `high` at or above +tier_cut standard deviations, `low` at or below -tier_cut, else `average`.
5. Signalling structure: reports per 1,000 inhabitants fitted against the score by ordinary
   least squares; expected value, residual, and a flag when the standardised residual (residual /
   (s * sqrt(1 - leverage))) lies beyond +/- flag_threshold.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field

from meldpunt.insight.csvtables import InputError, parse_number, raise_if, read_table

MORE_RISK, LESS_RISK, LEFT_OUT = 1, -1, 0

# A higher value of every factor in the regional vision's list means more risk, except these.
DEFAULT_DIRECTIONS: dict[str, int] = {
    # A higher property value means a wealthier population: less risk (the regional vision).
    "WOZ-waarde": LESS_RISK,
    # Printed for 5 of 16 municipalities only, with the very values of "Bijstand(sgerelateerde)
    # uitkering(en)" (SOURCES.md caveat 2): counting it would count benefits twice for those five.
    "Aandeel bijstandsgerechtigde alleenstaande ouders": LEFT_OUT,
}
DIRECTION_WORDS = {
    "1": MORE_RISK,
    "+1": MORE_RISK,
    "meer_risico": MORE_RISK,
    "-1": LESS_RISK,
    "minder_risico": LESS_RISK,
    "0": LEFT_OUT,
    "weglaten": LEFT_OUT,
}
SD_KINDS = ("population", "sample")
FLAGS = ("fewer_than_expected", "more_than_expected", "none")


@dataclass
class FactorTable:
    """Values per municipality and factor (None = missing), in the order of the file."""

    values: dict[str, dict[str, float | None]]
    factors: list[str]

    @property
    def municipalities(self) -> list[str]:
        return list(self.values)


def parse_factors(text: str, *, name: str = "Het risicofactorenbestand") -> FactorTable:
    """The factors CSV (municipality, factor, value; category, unit and source may follow)."""
    rows = read_table(text, required={"municipality", "factor", "value"}, name=name)
    errors: list[str] = []
    values: dict[str, dict[str, float | None]] = {}
    factors: dict[str, None] = {}
    for row in rows:
        muni, factor = row.text("municipality"), row.text("factor")
        if not muni or not factor:
            errors.append(f"regel {row.line}: gemeente en factor zijn verplicht")
            continue
        value = parse_number(row.text("value"), where=f"regel {row.line} (value)", errors=errors)
        per_muni = values.setdefault(muni, {})
        if factor in per_muni:
            errors.append(f"regel {row.line}: {muni} heeft de factor '{factor}' twee keer")
            continue
        per_muni[factor] = value
        factors[factor] = None
    raise_if(errors, name=name)
    if not values:
        raise InputError(f"{name} bevat geen gegevens.")
    return FactorTable(values=values, factors=list(factors))


def parse_reports(
    text: str, *, name: str = "Het bestand met meldingen per 1.000 inwoners"
) -> dict[str, float | None]:
    """municipality, reports_per_1000 (an empty cell is missing)."""
    rows = read_table(text, required={"municipality", "reports_per_1000"}, name=name)
    errors: list[str] = []
    out: dict[str, float | None] = {}
    for row in rows:
        muni = row.text("municipality")
        if not muni:
            errors.append(f"regel {row.line}: gemeente is verplicht")
            continue
        if muni in out:
            errors.append(f"regel {row.line}: {muni} staat er twee keer in")
            continue
        where = f"regel {row.line} (reports_per_1000)"
        value = parse_number(row.text("reports_per_1000"), where=where, errors=errors)
        if value is not None and value < 0:
            errors.append(f"{where}: een aantal per 1.000 inwoners kan niet negatief zijn")
        out[muni] = value
    raise_if(errors, name=name)
    return out


def parse_directions(text: str, *, name: str = "Het richtingenbestand") -> dict[str, int]:
    """factor, direction: 1 (higher = more risk), -1 (higher = less risk) or 0 (leave out)."""
    rows = read_table(text, required={"factor", "direction"}, name=name)
    errors: list[str] = []
    out: dict[str, int] = {}
    for row in rows:
        factor, word = row.text("factor"), row.text("direction").lower()
        if factor in out:
            errors.append(f"regel {row.line}: de factor '{factor}' staat er twee keer in")
        elif word not in DIRECTION_WORDS:
            errors.append(
                f"regel {row.line}: richting '{row.text('direction')}' is onbekend "
                "(gebruik 1 = hoger is meer risico, -1 = hoger is minder risico, 0 = weglaten)"
            )
        else:
            out[factor] = DIRECTION_WORDS[word]
    raise_if(errors, name=name)
    return out


@dataclass
class MunicipalityScore:
    municipality: str
    score: float
    mean_z: float
    factors_used: int
    factors_missing: list[str]
    z_scores: dict[str, float]
    rank: int = 0
    tier: str = "average"
    reports_per_1000: float | None = None
    expected_reports_per_1000: float | None = None
    residual: float | None = None
    standardised_residual: float | None = None
    flag: str = "none"

    def as_dict(self, *, with_z: bool = True) -> dict:
        out = {
            "municipality": self.municipality,
            "score": _round(self.score),
            "mean_z": _round(self.mean_z),
            "factors_used": self.factors_used,
            "factors_missing": self.factors_missing,
            "rank": self.rank,
            "tier": self.tier,
            "reports_per_1000": self.reports_per_1000,
            "expected_reports_per_1000": _round(self.expected_reports_per_1000),
            "residual": _round(self.residual),
            "standardised_residual": _round(self.standardised_residual),
            "flag": self.flag,
        }
        if with_z:
            out["z_scores"] = {k: _round(v) for k, v in self.z_scores.items()}
        return out


@dataclass
class Fit:
    """reports_per_1000 = intercept + slope x score, over the municipalities with both values."""

    n: int
    intercept: float | None = None
    slope: float | None = None
    r_squared: float | None = None
    residual_se: float | None = None

    def expected(self, score: float) -> float | None:
        if self.intercept is None or self.slope is None:
            return None
        return self.intercept + self.slope * score

    def as_dict(self) -> dict:
        return {
            "n": self.n,
            "intercept": _round(self.intercept),
            "slope": _round(self.slope),
            "r_squared": _round(self.r_squared),
            "residual_se": _round(self.residual_se),
        }


@dataclass
class RiskAnalysis:
    scores: list[MunicipalityScore]  # ordered by rank
    factors_in_use: list[str]
    factors_left_out: dict[str, str]  # factor -> reason (Dutch)
    fit: Fit
    sd: str
    tier_cut: float
    flag_threshold: float
    warnings: list[str] = field(default_factory=list)

    def method(self) -> dict:
        return {
            "sd": self.sd,
            "factors_in_use": len(self.factors_in_use),
            "factors_left_out": self.factors_left_out,
            "tier_cut": self.tier_cut,
            "flag_threshold": self.flag_threshold,
            "fit": self.fit.as_dict(),
        }


def _round(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(x, digits)


def _sd(values: list[float], kind: str) -> float:
    return statistics.pstdev(values) if kind == "population" else statistics.stdev(values)


def analyse(
    table: FactorTable,
    *,
    reports: Mapping[str, float | None] | None = None,
    directions: Mapping[str, int] | None = None,
    sd: str = "population",
    min_coverage: float = 0.5,
    tier_cut: float = 0.5,
    flag_threshold: float = 1.5,
) -> RiskAnalysis:
    """Score, rank and tier every municipality of `table`, and fit the signalling structure.

    `directions` overrides DEFAULT_DIRECTIONS per factor; a factor named in neither counts as
    "higher = more risk". A factor with values for fewer than `min_coverage` of the
    municipalities, or with the same value everywhere, is left out (and said so).
    """
    if sd not in SD_KINDS:
        raise InputError(f"Onbekende standaarddeviatie '{sd}': kies population of sample.")
    if not 0 <= min_coverage <= 1:
        raise InputError("De minimale dekking van een factor ligt tussen 0 en 1.")
    if tier_cut < 0 or flag_threshold < 0:
        raise InputError("De grenzen voor de klassen en de signalering mogen niet negatief zijn.")
    given = dict(directions or {})
    unknown = sorted(set(given) - set(table.factors))
    warnings: list[str] = []
    if unknown:
        warnings.append(
            "Richting opgegeven voor factoren die niet in het bestand staan: " + ", ".join(unknown)
        )
    direction = {f: given.get(f, DEFAULT_DIRECTIONS.get(f, MORE_RISK)) for f in table.factors}
    munis = table.municipalities
    left_out: dict[str, str] = {}
    stats: dict[str, tuple[float, float]] = {}
    for factor in table.factors:
        present = [
            table.values[m][factor] for m in munis if table.values[m].get(factor) is not None
        ]
        if direction[factor] == LEFT_OUT:
            left_out[factor] = "weggelaten (richting 0)"
        elif len(present) < max(2 if sd == "population" else 3, min_coverage * len(munis)):
            left_out[factor] = (
                f"te weinig gemeenten met een waarde ({len(present)} van {len(munis)})"
            )
        elif _sd(present, sd) == 0:
            left_out[factor] = "overal dezelfde waarde"
        else:
            stats[factor] = (statistics.fmean(present), _sd(present, sd))
    in_use = [f for f in table.factors if f in stats]
    if not in_use:
        raise InputError("Geen enkele factor is bruikbaar: er valt geen risicoscore te berekenen.")

    scores: list[MunicipalityScore] = []
    for muni in munis:
        z: dict[str, float] = {}
        missing = []
        for factor in in_use:
            value = table.values[muni].get(factor)
            if value is None:
                missing.append(factor)
                continue
            mean, spread = stats[factor]
            z[factor] = direction[factor] * (value - mean) / spread
        if not z:
            warnings.append(f"{muni}: geen enkele bruikbare factor; niet gescoord.")
            continue
        mean_z = statistics.fmean(z.values())
        if len(z) < len(in_use) / 2:
            warnings.append(
                f"{muni}: score op {len(z)} van {len(in_use)} factoren; "
                "vergelijk met voorzichtigheid."
            )
        scores.append(
            MunicipalityScore(
                municipality=muni,
                score=mean_z * len(in_use),
                mean_z=mean_z,
                factors_used=len(z),
                factors_missing=missing,
                z_scores=z,
            )
        )
    _rank_and_tier(scores, tier_cut)
    fit = _signal(scores, reports, flag_threshold, warnings)
    return RiskAnalysis(
        scores=scores,
        factors_in_use=in_use,
        factors_left_out=left_out,
        fit=fit,
        sd=sd,
        tier_cut=tier_cut,
        flag_threshold=flag_threshold,
        warnings=warnings,
    )


def _rank_and_tier(scores: list[MunicipalityScore], cut: float) -> None:
    scores.sort(key=lambda s: (-s.score, s.municipality))
    values = [s.score for s in scores]
    centre = statistics.fmean(values)
    spread = statistics.pstdev(values) if len(values) > 1 else 0.0
    for rank, s in enumerate(scores, start=1):
        s.rank = rank
        standard = (s.score - centre) / spread if spread else 0.0
        s.tier = "high" if standard >= cut else "low" if standard <= -cut else "average"


def _signal(
    scores: list[MunicipalityScore],
    reports: Mapping[str, float | None] | None,
    threshold: float,
    warnings: list[str],
) -> Fit:
    reports = reports or {}
    scored = {s.municipality for s in scores}
    extra = sorted(m for m, v in reports.items() if m not in scored and v is not None)
    if extra:
        warnings.append(
            "Meldingen per 1.000 voor gemeenten zonder risicoscore: " + ", ".join(extra)
        )
    points = []
    for s in scores:
        s.reports_per_1000 = reports.get(s.municipality)
        if s.reports_per_1000 is not None:
            points.append(s)
    n = len(points)
    if n < 3:
        warnings.append(
            f"Te weinig gemeenten met meldingen per 1.000 inwoners ({n}) om een lijn te passen."
        )
        return Fit(n=n)
    xs = [p.score for p in points]
    ys = [p.reports_per_1000 for p in points]
    x_mean, y_mean = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - x_mean) ** 2 for x in xs)
    if sxx == 0:
        warnings.append("Alle gemeenten hebben dezelfde risicoscore: geen lijn te passen.")
        return Fit(n=n)
    slope = sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True)) / sxx
    intercept = y_mean - slope * x_mean
    ssr = sum((y - intercept - slope * x) ** 2 for x, y in zip(xs, ys, strict=True))
    sst = sum((y - y_mean) ** 2 for y in ys)
    residual_se = math.sqrt(ssr / (n - 2))
    fit = Fit(
        n=n,
        intercept=intercept,
        slope=slope,
        r_squared=1 - ssr / sst if sst else None,
        residual_se=residual_se,
    )
    for s in scores:
        s.expected_reports_per_1000 = fit.expected(s.score)
        if s.reports_per_1000 is None:
            continue
        s.residual = s.reports_per_1000 - s.expected_reports_per_1000
        leverage = 1 / n + (s.score - x_mean) ** 2 / sxx
        denominator = residual_se * math.sqrt(max(1 - leverage, 0.0))
        if denominator > 1e-12:
            s.standardised_residual = s.residual / denominator
            if s.standardised_residual <= -threshold:
                s.flag = "fewer_than_expected"
            elif s.standardised_residual >= threshold:
                s.flag = "more_than_expected"
    return fit
