"""Forecast of monthly counts (reports or advice requests) with an 80% prediction interval.

Pure Python plus numpy/pandas/statsmodels, no Django (docs/policy.md):

- 24 months or more: Holt-Winters as a state-space ETS model (statsmodels `ETSModel`):
  additive error, additive trend, additive seasonality of 12 months; the initial level, trend
  and season come from a classical decomposition of the first years (the "heuristic"
  initialisation), the smoothing parameters are estimated by maximum likelihood. The interval is
  the model's analytic prediction interval.
- 6 to 23 months: too short to estimate a season (two full years are needed); a damped
  additive trend model without seasonality is used, and the result says so.
- fewer than 6 months: refused with an error.

The back-test is a rolling origin: for each of the last `backtest_origins` months the model is
fitted on the months before it and forecasts up to `horizon` months ahead where actual figures
exist; MAPE (over months with a count above 0), MAE and the share of actual figures inside the
80% interval are reported.

Calibration: the analytic interval assumes the estimated parameters are the true ones, so it is
too narrow out of sample (about 70% coverage instead of 80% on synthetic seasonal series). When
the back-test has at least `MIN_CALIBRATION_POINTS` forecast months, the interval is widened by
the factor that makes 80% of the back-test's errors fall inside it (never narrowed): the
half-width times the 80th percentile of |error| / half-width. The factor is in the output
(`interval_scale`) with the back-test's coverage before and after.

Forecasts and interval bounds are clipped at 0: a count cannot be negative.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import warnings
from dataclasses import dataclass, field

from meldpunt.insight.csvtables import InputError, parse_number, raise_if, read_table

SEASON = 12
MIN_SEASONAL = 2 * SEASON
MIN_MONTHS = 6
MAX_HORIZON = 36
LEVEL = 0.8
MIN_CALIBRATION_POINTS = 20
SEASONAL_MODEL = "holt_winters_additive"
TREND_MODEL = "damped_trend_no_season"
MODEL_LABELS = {
    SEASONAL_MODEL: "Holt-Winters (ETS: additieve fout, trend en seizoen van 12 maanden)",
    TREND_MODEL: "Gedempte trend zonder seizoen (reeks korter dan 24 maanden)",
}
METRIC_LABELS = {"reports": "Meldingen", "advices": "Adviesvragen"}
MONTH = re.compile(r"^(\d{4})-(\d{2})(?:-01)?$")


@dataclass(frozen=True)
class Series:
    """Counts per calendar month, consecutive, oldest first; months are first days."""

    months: list[dt.date]
    counts: list[float]

    def __post_init__(self) -> None:
        if len(self.months) != len(self.counts):
            raise ValueError("months and counts differ in length")


def add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parse_series(text: str, *, name: str = "Het bestand met maandcijfers") -> Series:
    """month (YYYY-MM), count: consecutive months, each once, counts 0 or more."""
    rows = read_table(text, required={"month", "count"}, name=name)
    errors: list[str] = []
    seen: dict[dt.date, float] = {}
    for row in rows:
        match = MONTH.match(row.text("month"))
        if not match or not 1 <= int(match.group(2)) <= 12:
            errors.append(f"regel {row.line}: maand '{row.text('month')}' is niet JJJJ-MM")
            continue
        month = dt.date(int(match.group(1)), int(match.group(2)), 1)
        value = parse_number(row.text("count"), where=f"regel {row.line} (count)", errors=errors)
        if month in seen:
            errors.append(f"regel {row.line}: de maand {month_key(month)} staat er twee keer in")
        elif value is None:
            if row.text("count") == "":
                errors.append(f"regel {row.line}: aantal ontbreekt")
        elif value < 0:
            errors.append(f"regel {row.line}: een aantal kan niet negatief zijn")
        else:
            seen[month] = value
    raise_if(errors, name=name)
    if not seen:
        raise InputError(f"{name} bevat geen maanden.")
    months = sorted(seen)
    gaps = []
    for before, after in zip(months, months[1:], strict=False):
        if add_months(before, 1) != after:
            gaps.append(
                f"{month_key(add_months(before, 1))} t/m {month_key(add_months(after, -1))}"
            )
    if gaps:
        raise InputError(
            f"{name}: de maanden moeten aaneensluiten; er ontbreken: {', '.join(gaps)} "
            "(geef een 0 voor een maand zonder aantallen)."
        )
    return Series(months=months, counts=[seen[m] for m in months])


@dataclass(frozen=True)
class Point:
    month: dt.date
    forecast: float
    lower: float
    upper: float

    def as_dict(self) -> dict:
        return {
            "month": month_key(self.month),
            "forecast": round(self.forecast, 1),
            "lower_80": round(self.lower, 1),
            "upper_80": round(self.upper, 1),
        }


@dataclass(frozen=True)
class Backtest:
    origins: int
    points: int
    mape: float | None
    mae: float
    coverage_80: float  # of the model's own (analytic) interval
    scale: float = 1.0  # the widening of the interval it calibrates (1: not widened)
    calibrated_coverage_80: float | None = None  # with the widened interval

    def as_dict(self) -> dict:
        return {
            "origins": self.origins,
            "points": self.points,
            "mape_percent": None if self.mape is None else round(self.mape, 1),
            "mae": round(self.mae, 1),
            "coverage_80_percent": round(self.coverage_80, 1),
            "interval_scale": round(self.scale, 3),
            "calibrated_coverage_80_percent": None
            if self.calibrated_coverage_80 is None
            else round(self.calibrated_coverage_80, 1),
        }

    def sentence(self) -> str:
        mape = "n.v.t." if self.mape is None else f"{self.mape:.1f}%"
        text = (
            f"Terugtoets ({self.origins} startmaanden, {self.points} voorspelde maanden): "
            f"MAPE {mape}, MAE {self.mae:.1f}, {self.coverage_80:.0f}% van de werkelijke "
            "aantallen binnen het 80%-interval van het model."
        )
        if self.scale > 1:
            text += (
                f" Het interval is daarom {self.scale:.2f} keer zo breed gemaakt "
                f"({self.calibrated_coverage_80:.0f}% binnen het verbrede interval)."
            )
        return text


@dataclass
class Forecast:
    metric: str
    model: str
    history: Series
    points: list[Point]
    backtest: Backtest | None
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(p.forecast for p in self.points)

    def as_dict(self) -> dict:
        return {
            "metric": self.metric,
            "model": self.model,
            "model_label": MODEL_LABELS[self.model],
            "level": LEVEL,
            "history": [
                {"month": month_key(m), "count": c}
                for m, c in zip(self.history.months, self.history.counts, strict=True)
            ],
            "forecast": [p.as_dict() for p in self.points],
            "forecast_total": round(self.total, 1),
            "backtest": None if self.backtest is None else self.backtest.as_dict(),
            "warnings": self.warnings,
        }


def _model_for(n: int) -> str:
    if n < MIN_MONTHS:
        raise InputError(
            f"Te weinig maanden voor een voorspelling: {n}; er zijn er minstens {MIN_MONTHS} nodig "
            f"(en {MIN_SEASONAL} voor een model met seizoen)."
        )
    return SEASONAL_MODEL if n >= MIN_SEASONAL else TREND_MODEL


def _fit_predict(counts: list[float], start: dt.date, model: str, steps: int):
    """(mean, lower, upper) arrays for the `steps` months after `counts`."""
    import numpy as np
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    index = pd.date_range(start, periods=len(counts), freq="MS")
    y = pd.Series(np.asarray(counts, dtype=float), index=index)
    if model == SEASONAL_MODEL:
        spec = ETSModel(
            y,
            error="add",
            trend="add",
            seasonal="add",
            seasonal_periods=SEASON,
            initialization_method="heuristic",  # Hyndman's decomposition: 30x faster, robust
        )
    else:
        spec = ETSModel(y, error="add", trend="add", damped_trend=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter; the back-test shows the quality
        result = spec.fit(disp=False)
        frame = result.get_prediction(start=len(y), end=len(y) + steps - 1).summary_frame(
            alpha=1 - LEVEL
        )
    clip = np.maximum
    return (
        clip(frame["mean"].to_numpy(), 0),
        clip(frame["pi_lower"].to_numpy(), 0),
        clip(frame["pi_upper"].to_numpy(), 0),
    )


def forecast(
    series: Series, *, metric: str = "reports", horizon: int = 12, backtest_origins: int = 12
) -> Forecast:
    if metric not in METRIC_LABELS:
        raise InputError(f"Onbekende maatstaf '{metric}': kies reports of advices.")
    if not 1 <= horizon <= MAX_HORIZON:
        raise InputError(f"De horizon is 1 tot en met {MAX_HORIZON} maanden.")
    if backtest_origins < 0:
        raise InputError("Het aantal startmaanden voor de terugtoets kan niet negatief zijn.")
    n = len(series.counts)
    model = _model_for(n)
    notes = []
    if model == TREND_MODEL:
        notes.append(
            f"De reeks telt {n} maanden; voor een seizoenspatroon zijn er {MIN_SEASONAL} nodig. "
            "Voorspeld met een gedempte trend zonder seizoen."
        )
    if series.counts and all(c == 0 for c in series.counts):
        notes.append("Alle maanden hebben 0: de voorspelling is 0.")
    mean, lower, upper = _fit_predict(series.counts, series.months[0], model, horizon)
    test = _backtest(series, model=model, horizon=horizon, origins=backtest_origins, notes=notes)
    if test is not None and test.scale > 1:
        lower = [max(0.0, m - test.scale * (m - lo)) for m, lo in zip(mean, lower, strict=True)]
        upper = [m + test.scale * (hi - m) for m, hi in zip(mean, upper, strict=True)]
    elif test is not None and test.points < MIN_CALIBRATION_POINTS:
        notes.append(
            f"De terugtoets telt {test.points} voorspelde maanden; voor het ijken van het "
            f"interval zijn er {MIN_CALIBRATION_POINTS} nodig. Het interval is dat van het model "
            "en is meestal te smal."
        )
    points = [
        Point(add_months(series.months[-1], i + 1), float(m), float(lo), float(hi))
        for i, (m, lo, hi) in enumerate(zip(mean, lower, upper, strict=True))
    ]
    return Forecast(
        metric=metric, model=model, history=series, points=points, backtest=test, warnings=notes
    )


def _backtest(
    series: Series, *, model: str, horizon: int, origins: int, notes: list[str]
) -> Backtest | None:
    n = len(series.counts)
    minimum = MIN_SEASONAL if model == SEASONAL_MODEL else MIN_MONTHS
    usable = min(origins, n - minimum)
    if usable < 1:
        if origins:
            notes.append("Te weinig maanden voor een terugtoets: de fout is niet bekend.")
        return None
    errors, relative, inside, ratios = [], [], 0, []
    for origin in range(n - usable, n):
        steps = min(horizon, n - origin)
        mean, lower, upper = _fit_predict(series.counts[:origin], series.months[0], model, steps)
        for i in range(steps):
            actual = series.counts[origin + i]
            errors.append(abs(actual - mean[i]))
            if actual > 0:
                relative.append(abs(actual - mean[i]) / actual)
            inside += lower[i] <= actual <= upper[i]
            half = upper[i] - mean[i]  # the upper bound is not clipped
            ratios.append(abs(actual - mean[i]) / half if half > 0 else 0.0)
    scale, calibrated = 1.0, None
    if len(ratios) >= MIN_CALIBRATION_POINTS:
        ordered = sorted(ratios)
        scale = max(1.0, ordered[min(len(ordered) - 1, math.ceil(LEVEL * len(ordered)) - 1)])
        calibrated = 100 * sum(r <= scale for r in ratios) / len(ratios)
    return Backtest(
        origins=usable,
        points=len(errors),
        mape=100 * sum(relative) / len(relative) if relative else None,
        mae=float(sum(errors) / len(errors)),
        coverage_80=100 * inside / len(errors),
        scale=float(scale),
        calibrated_coverage_80=calibrated,
    )


def chart(result: Forecast, *, fmt: str = "svg") -> bytes:
    """The history, the forecast and its 80% band as an SVG or PNG image."""
    if fmt not in ("svg", "png"):
        raise InputError("Een grafiek is svg of png.")
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 3.6), dpi=100)
    ax = figure.subplots()
    label = METRIC_LABELS[result.metric]
    ax.plot(result.history.months, result.history.counts, color="#1f4e79", label=label)
    months = [p.month for p in result.points]
    ax.fill_between(
        months,
        [p.lower for p in result.points],
        [p.upper for p in result.points],
        color="#f4a261",
        alpha=0.35,
        label="80%-interval",
    )
    ax.plot(months, [p.forecast for p in result.points], color="#e76f51", label="Voorspelling")
    ax.set_ylabel(f"{label} per maand")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", frameon=False)
    ax.set_title(MODEL_LABELS[result.model], fontsize=9)
    figure.tight_layout()
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {}
    figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()
