"""Capacity planning: hours per activity from yearly volumes and norms, FTE and the gap.

Pure Python, no Django. The rekentool of Veilig Thuis Zuid-Holland-Zuid (appendix 1 of its 2025
budget): hours = volume x norm per activity; FTE = total hours / productive hours per FTE.

`DEFAULT_HOURS_PER_FTE` = 1,350 productive hours a year per full-time job: with it, and the
triage norm applied to the reports handed over directly ("Overdragen"), the computed FTE equal
every "Benodigd" figure of vt_zhz_volumes.csv to the hundredth (docs/policy.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from meldpunt.insight.csvtables import InputError, parse_number, raise_if, read_table

DEFAULT_HOURS_PER_FTE = 1350.0

# The volumes a user gives, in the order of the rekentool, with the norm's activity name.
ACTIVITIES: dict[str, str] = {
    "advices": "Advies",
    "reports": "Triage",
    "support": "Dienst overdracht + ondersteuning",
    "investigations": "Onderzoek",
    "monitoring": "Monitoring",
}
ACTIVITY_LABELS = {
    "advices": "Adviezen",
    "reports": "Meldingen (triage)",
    "support": "Voorwaarden & Vervolg (overdracht met ondersteuning)",
    "investigations": "Onderzoeken",
    "monitoring": "Monitoring",
}
NORM_SETS = ("regional", "national")


@dataclass(frozen=True)
class Norms:
    """Hours per unit of each activity, regional (applied) and national (not applied)."""

    regional: dict[str, float]
    national: dict[str, float]

    def hours(self, norm_set: str) -> dict[str, float]:
        if norm_set not in NORM_SETS:
            raise InputError(f"Onbekende normen '{norm_set}': kies regional of national.")
        return self.regional if norm_set == "regional" else self.national


def parse_norms(text: str, *, name: str = "Het normenbestand") -> Norms:
    """activity, hours_regional, hours_national (per may follow), one row per activity."""
    rows = read_table(text, required={"activity", "hours_regional", "hours_national"}, name=name)
    errors: list[str] = []
    regional: dict[str, float] = {}
    national: dict[str, float] = {}
    by_name = {v: k for k, v in ACTIVITIES.items()}
    for row in rows:
        activity = row.text("activity")
        key = by_name.get(activity)
        if key is None:
            errors.append(
                f"regel {row.line}: onbekende activiteit '{activity}' "
                f"(bekend: {', '.join(ACTIVITIES.values())})"
            )
            continue
        if key in regional:
            errors.append(f"regel {row.line}: de activiteit '{activity}' staat er twee keer in")
            continue
        for column, target in (("hours_regional", regional), ("hours_national", national)):
            where = f"regel {row.line} ({column})"
            value = parse_number(row.text(column), where=where, errors=errors)
            if value is None:
                errors.append(f"{where}: een norm is verplicht")
            elif value < 0:
                errors.append(f"{where}: een norm kan niet negatief zijn")
            else:
                target[key] = value
    missing = [ACTIVITIES[k] for k in ACTIVITIES if k not in regional and k not in national]
    if missing and not errors:
        errors.append("activiteiten ontbreken: " + ", ".join(missing))
    raise_if(errors, name=name)
    return Norms(regional=regional, national=national)


@dataclass(frozen=True)
class CapacityResult:
    volumes: dict[str, float]
    norm_set: str
    norms: dict[str, float]
    hours_per_fte: float
    hours_by_activity: dict[str, float]
    total_hours: float
    total_fte: float
    available_fte: float | None
    gap_fte: float | None

    def as_dict(self) -> dict:
        out = {
            "volumes": self.volumes,
            "norms": self.norm_set,
            "hours_per_unit": self.norms,
            "hours_per_fte": self.hours_per_fte,
            "hours_by_activity": self.hours_by_activity,
            "total_hours": round(self.total_hours, 2),
            "total_fte": round(self.total_fte, 2),
        }
        if self.available_fte is not None:
            out["available_fte"] = self.available_fte
            out["gap_fte"] = round(self.gap_fte, 2)
        return out


def compute(
    *,
    volumes: Mapping[str, float],
    norms: Norms,
    norm_set: str = "regional",
    hours_per_fte: float = DEFAULT_HOURS_PER_FTE,
    available_fte: float | None = None,
) -> CapacityResult:
    """Hours, FTE and (with `available_fte`) the gap: available minus needed, negative = short."""
    hours = norms.hours(norm_set)
    unknown = sorted(set(volumes) - set(ACTIVITIES))
    if unknown:
        raise InputError("Onbekende activiteiten: " + ", ".join(unknown) + ".")
    for key, value in volumes.items():
        if value < 0:
            raise InputError(f"Het volume voor {ACTIVITY_LABELS[key]} kan niet negatief zijn.")
    if hours_per_fte <= 0:
        raise InputError("Het aantal productieve uren per fte moet groter dan 0 zijn.")
    if available_fte is not None and available_fte < 0:
        raise InputError("Het aantal beschikbare fte kan niet negatief zijn.")
    full = {key: float(volumes.get(key, 0)) for key in ACTIVITIES}
    by_activity = {key: round(full[key] * hours.get(key, 0.0), 2) for key in ACTIVITIES}
    total = sum(by_activity.values())
    fte = total / hours_per_fte
    return CapacityResult(
        volumes=full,
        norm_set=norm_set,
        norms={key: hours.get(key, 0.0) for key in ACTIVITIES},
        hours_per_fte=hours_per_fte,
        hours_by_activity=by_activity,
        total_hours=total,
        total_fte=fte,
        available_fte=available_fte,
        gap_fte=None if available_fte is None else available_fte - fte,
    )


# -- the VT Zuid-Holland-Zuid volume table (vt_zhz_volumes.csv) --------------------------------

VOLUME_METRICS = {
    "advices": "Adviezen",
    "support": "Overdracht ondersteuning",
    "investigations": "Onderzoek",
    "monitoring": "Monitoring",
}
TRIAGE_LINES = ("Overdragen", "Meldingen")
NEEDED = {"national": "Benodigd obv landelijke norm VT", "regional": "Benodigd obv rekentool ZHZ"}


def parse_volume_table(
    text: str, *, name: str = "De volumetabel"
) -> dict[str, dict[str, float | None]]:
    """period, metric, value (note, unit may follow) -> {period: {metric: value}}."""
    rows = read_table(text, required={"period", "metric", "value"}, name=name)
    errors: list[str] = []
    out: dict[str, dict[str, float | None]] = {}
    for row in rows:
        period, metric = row.text("period"), row.text("metric")
        per = out.setdefault(period, {})
        if metric in per:
            errors.append(f"regel {row.line}: {period} / {metric} staat er twee keer in")
            continue
        per[metric] = parse_number(row.text("value"), where=f"regel {row.line}", errors=errors)
    raise_if(errors, name=name)
    return out


def compare_with_table(
    table: Mapping[str, Mapping[str, float | None]],
    *,
    norms: Norms,
    hours_per_fte: float = DEFAULT_HOURS_PER_FTE,
    triage_line: str = "Overdragen",
) -> list[dict]:
    """Per period and norm set: the FTE computed from the table's volumes against its own
    "Benodigd" figure. `triage_line` is the volume the triage norm is applied to."""
    if triage_line not in TRIAGE_LINES:
        raise InputError(f"Kies voor de triage {' of '.join(TRIAGE_LINES)}.")
    out = []
    for period, metrics in table.items():
        wanted = [*VOLUME_METRICS.values(), triage_line]
        absent = [m for m in wanted if metrics.get(m) is None]
        if absent:
            raise InputError(f"{period}: waarden ontbreken voor {', '.join(absent)}.")
        volumes = {key: metrics[metric] for key, metric in VOLUME_METRICS.items()}
        volumes["reports"] = metrics[triage_line]
        for norm_set, needed_metric in NEEDED.items():
            result = compute(
                volumes=volumes, norms=norms, norm_set=norm_set, hours_per_fte=hours_per_fte
            )
            table_fte = metrics.get(needed_metric)
            out.append(
                {
                    "period": period,
                    "norms": norm_set,
                    "total_hours": result.total_hours,
                    "computed_fte": round(result.total_fte, 2),
                    "table_fte": table_fte,
                    "difference_fte": (
                        None if table_fte is None else round(result.total_fte - table_fte, 2) + 0.0
                    ),
                    "implied_hours_per_fte": (
                        round(result.total_hours / table_fte, 1) if table_fte else None
                    ),
                }
            )
    return out
