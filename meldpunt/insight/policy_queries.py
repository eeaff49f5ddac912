"""What the API and the pages ask of the policy analysis: each analysis from plain query
parameters (strings), validated with Dutch errors that name the field, computed for the asking
user. Only users with the right to see aggregates (team lead, manager, analyst) get figures;
they count the files their audience may count (`insight.scope.audience_for`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from meldpunt.access.roles import Right
from meldpunt.errors import NotAllowed
from meldpunt.insight import capacity, forecast, policy_selectors, risk
from meldpunt.insight.csvtables import InputError
from meldpunt.insight.scope import Audience, audience_for

DATA = Path(__file__).resolve().parents[1] / "reference" / "data"
REPORT_SOURCES = {
    "register": "het register",
    "document": "de regiovisie (bijlage 2)",
}
UPLOADED = "het geüploade bestand"
_CODE = re.compile(r"[A-Za-z0-9_.:+/-]{0,40}")


def audit_params(params: Mapping[str, str]) -> dict[str, str]:
    """The parameters as asked, for the audit trail: codes and numbers only (free text and
    unknown keys with odd names are left out; the trail takes no free text)."""
    return {
        key: value
        for key, value in params.items()
        if re.fullmatch(r"[a-z_]{1,30}", key) and _CODE.fullmatch(value)
    }


def _uploaded(parse, text: str, *, field: str, name: str):
    """Parse an uploaded CSV text; its errors name the upload field."""
    try:
        return parse(text, name=name)
    except InputError as err:
        raise InputError(err.message, field=field) from None


def audience_of(user) -> Audience:
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotAllowed("Log in om de beleidsanalyse te zien.")
    if not user.can(Right.VIEW_AGGREGATES):
        raise NotAllowed("U heeft geen recht om de beleidsanalyse in te zien.")
    return audience_for(user)


def _number(params: Mapping[str, str], name: str, default: float | None, *, minimum=0.0):
    raw = (params.get(name) or "").strip()
    if raw == "":
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise InputError(f"'{raw}' is geen getal.", field=name) from None
    if value != value or value in (float("inf"), float("-inf")) or value < minimum:
        raise InputError(f"Geef een getal van {minimum:g} of meer.", field=name)
    return value


def _integer(params: Mapping[str, str], name: str, default: int, *, low: int, high: int) -> int:
    raw = (params.get(name) or "").strip()
    if raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise InputError(f"Geef een geheel getal van {low} tot en met {high}.", field=name)
    return int(raw)


def _choice(params: Mapping[str, str], name: str, choices, default: str) -> str:
    value = (params.get(name) or "").strip() or default
    if value not in choices:
        raise InputError(f"Kies een van: {', '.join(choices)}.", field=name)
    return value


@dataclass
class RiskAnswer:
    analysis: risk.RiskAnalysis
    source: str  # where the reports per 1,000 come from, in words
    year: int | None

    def as_dict(self) -> dict:
        return {
            "method": self.analysis.method(),
            "reports_source": self.source,
            "year": self.year,
            "warnings": self.analysis.warnings,
            "results": [s.as_dict() for s in self.analysis.scores],
        }


def risk_scores(
    user,
    params: Mapping[str, str],
    *,
    factors_csv: str | None = None,
    reports_csv: str | None = None,
) -> RiskAnswer:
    """The regional vision's factors scored (or an uploaded factors CSV); reports per 1,000
    from the register (a year), from the document's own table (source=document) or from an
    uploaded CSV."""
    audience = audience_of(user)
    source = _choice(params, "source", list(REPORT_SOURCES), "register")
    sd = _choice(params, "sd", list(risk.SD_KINDS), "population")
    tier_cut = _number(params, "tier_cut", 0.5)
    threshold = _number(params, "flag_threshold", 1.5)
    if factors_csv is not None:
        table = _uploaded(
            risk.parse_factors,
            factors_csv,
            field="factors",
            name="Het geüploade risicofactorenbestand",
        )
    else:
        table = risk.parse_factors((DATA / "risk_factors.csv").read_text(encoding="utf-8"))
    if reports_csv is not None:
        year = None
        reports = _uploaded(
            risk.parse_reports,
            reports_csv,
            field="reports",
            name="Het geüploade bestand met meldingen per 1.000 inwoners",
        )
        label = UPLOADED
    elif source == "document":
        year = None
        reports = risk.parse_reports((DATA / "reports_per_1000.csv").read_text(encoding="utf-8"))
        label = REPORT_SOURCES["document"]
    else:
        last = policy_selectors.last_complete_year()
        year = _integer(params, "year", last, low=1990, high=last + 1)
        reports = policy_selectors.reports_per_1000(year=year, audience=audience)
        label = f"het register, {year}"
    analysis = risk.analyse(
        table, reports=reports, sd=sd, tier_cut=tier_cut, flag_threshold=threshold
    )
    return RiskAnswer(analysis=analysis, source=label, year=year)


def register_forecast(
    user, params: Mapping[str, str], *, series_csv: str | None = None
) -> forecast.Forecast:
    """The forecast of the register's monthly counts, or of an uploaded month,count CSV."""
    audience = audience_of(user)
    metric = _choice(params, "metric", list(forecast.METRIC_LABELS), "reports")
    horizon = _integer(params, "horizon", 12, low=1, high=forecast.MAX_HORIZON)
    origins = _integer(params, "backtest", 6, low=0, high=24)
    if series_csv is not None:
        series = _uploaded(
            forecast.parse_series,
            series_csv,
            field="series",
            name="Het geüploade bestand met maandcijfers",
        )
        return forecast.forecast(series, metric=metric, horizon=horizon, backtest_origins=origins)
    series = policy_selectors.monthly_counts(metric=metric, audience=audience)
    if not series.months:
        raise InputError(
            f"Het register bevat nog geen volledige maand met "
            f"{forecast.METRIC_LABELS[metric].lower()}.",
            field="metric",
        )
    return forecast.forecast(series, metric=metric, horizon=horizon, backtest_origins=origins)


def forecast_volumes(*, audience: Audience) -> dict[str, float]:
    """Next 12 months' volumes from the forecast: reports and advice requests forecast from the
    register's monthly counts; V&V, Onderzoek and monitoring in last year's proportion to the
    reports (0 when last year had no reports)."""
    out: dict[str, float] = {}
    for metric in ("reports", "advices"):
        series = policy_selectors.monthly_counts(metric=metric, audience=audience)
        if not series.months:
            raise InputError(
                f"Het register bevat nog geen volledige maand met "
                f"{forecast.METRIC_LABELS[metric].lower()}: geen voorspelling mogelijk.",
                field="from_forecast",
            )
        result = forecast.forecast(series, metric=metric, horizon=12, backtest_origins=0)
        out[metric] = float(round(result.total))
    last = policy_selectors.yearly_volumes(
        year=policy_selectors.last_complete_year(), audience=audience
    )
    for key in ("support", "investigations", "monitoring"):
        share = last[key] / last["reports"] if last["reports"] else 0.0
        out[key] = float(round(out["reports"] * share))
    return out


def capacity_plan(user, params: Mapping[str, str]) -> capacity.CapacityResult:
    """Typed-in yearly volumes; `year` fills the volumes not typed in from the register,
    `from_forecast` from the forecast of the next 12 months."""
    audience = audience_of(user)
    norms = capacity.parse_norms((DATA / "capacity_norms.csv").read_text(encoding="utf-8"))
    volumes: dict[str, float] = {}
    from_forecast = (params.get("from_forecast") or "").strip().lower() in ("1", "on", "true", "ja")
    if from_forecast and (params.get("year") or "").strip():
        raise InputError("Kies een jaar uit het register óf de voorspelling.", field="year")
    if from_forecast:
        volumes.update(forecast_volumes(audience=audience))
    elif (params.get("year") or "").strip():
        last = policy_selectors.last_complete_year()
        year = _integer(params, "year", last, low=1990, high=last + 1)
        volumes.update(policy_selectors.yearly_volumes(year=year, audience=audience))
    for key in capacity.ACTIVITIES:
        value = _number(params, key, None)
        if value is not None:
            volumes[key] = value
    return capacity.compute(
        volumes=volumes,
        norms=norms,
        norm_set=_choice(params, "norms", list(capacity.NORM_SETS), "regional"),
        hours_per_fte=_number(params, "hours_per_fte", capacity.DEFAULT_HOURS_PER_FTE, minimum=1),
        available_fte=_number(params, "available_fte", None),
    )
