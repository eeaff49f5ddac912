"""The norms the KPIs are held against: the organisation's settings (default), or one of the two
plans in `reference/data/kpi_norms.csv` (Rotterdam-Rijnmond 2020, Zuid-Holland-Zuid 2025)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "reference" / "data" / "kpi_norms.csv"

# Which plan row sets which norm: (organisation starts with, KPI text contains).
PLANS: dict[str, dict[str, tuple[str, str]]] = {
    "vtrr": {
        "triage_on_time": ("Veilig Thuis Rotterdam", "beoordeelde meldingen"),
        "support_on_time": ("Veilig Thuis Rotterdam", "Voorwaarden & Vervolg"),
        "investigation_on_time": ("Veilig Thuis Rotterdam", "Onderzoeken binnen"),
        "safety_score": ("Veilig Thuis Rotterdam", "Veiligheidsscore"),
    },
    "vtzhz": {
        "triage_on_time": ("Veilig Thuis Zuid-Holland", "Triage: binnen 5 werkdagen"),
        "investigation_on_time": ("Veilig Thuis Zuid-Holland", "Onderzoek: binnen 10 weken"),
    },
}
PLAN_LABELS = {
    "settings": "instellingen van de organisatie",
    "vtrr": "Activiteitenplan Veilig Thuis Rotterdam-Rijnmond 2020",
    "vtzhz": "Begroting Veilig Thuis Zuid-Holland-Zuid 2025",
}


class NormError(ValueError):
    pass


@dataclass(frozen=True)
class Norm:
    """A lower bound in percent, with the upper end of a range where the plan gives one."""

    low: float
    high: float | None = None

    @property
    def text(self) -> str:
        low = f"{self.low:g}"
        return f"{low}–{self.high:g}%" if self.high is not None else f"≥ {low}%"

    def met_by(self, value: float) -> bool:
        return value >= self.low


@dataclass(frozen=True)
class Norms:
    source: str
    triage_on_time: Norm | None
    support_on_time: Norm | None
    investigation_on_time: Norm | None
    safety_score: Norm | None
    safety_score_threshold: int = 6

    def for_code(self, code: str) -> Norm | None:
        return getattr(self, code, None) if code in self.__dataclass_fields__ else None

    @property
    def label(self) -> str:
        return PLAN_LABELS[self.source]


def _parse(text: str) -> Norm:
    text = text.strip().replace(",", ".")
    if "-" in text:
        low, high = text.split("-", 1)
        return Norm(float(low), float(high))
    return Norm(float(text.lstrip("<>=")))


def from_plan(plan: str) -> Norms:
    if plan not in PLANS:
        raise NormError(f"Onbekende normenset '{plan}'; kies uit {', '.join(PLAN_LABELS)}.")
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    found: dict[str, Norm | None] = dict.fromkeys(
        ("triage_on_time", "support_on_time", "investigation_on_time", "safety_score")
    )
    for code, (organisation, words) in PLANS[plan].items():
        for row in rows:
            if row["organisation"].startswith(organisation) and words in row["kpi"]:
                found[code] = _parse(row["norm"])
                break
    return Norms(source=plan, **found)


def from_settings(settings) -> Norms:
    return Norms(
        source="settings",
        triage_on_time=Norm(float(settings.norm_triage_pct)),
        support_on_time=Norm(float(settings.norm_support_pct)),
        investigation_on_time=Norm(float(settings.norm_investigation_pct)),
        safety_score=Norm(float(settings.norm_safety_score_pct)),
        safety_score_threshold=settings.safety_score_threshold,
    )


def load(source: str = "settings") -> Norms:
    if source == "settings":
        from meldpunt.reference.services import organisation_settings

        return from_settings(organisation_settings())
    return from_plan(source)
