"""Fellegi–Sunter scoring in pure Python from a trained model's parameters.

The model file is the JSON Splink writes (`save_model_to_json`), with the comparisons of
comparisons.py. This module reads its m and u probabilities and scores one pair the way Splink
does: prior odds times the Bayes factor m/u of the level each comparison falls in, the null
level counting 1, and the surname's exact level adjusted by how common the name is
(term frequency: log2(u) − log2(max(tf_a, tf_b)), as Splink does).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meldpunt.radar.linkage.comparisons import AGREEMENT, COMPARISONS, Comparison, level_for
from meldpunt.radar.linkage.normalise import Prepared

DEFAULT_MODEL = Path(__file__).with_name("default_model.json")


@dataclass(frozen=True)
class LevelParams:
    m: float
    u: float
    tf_column: str | None
    tf_minimum_u: float

    @property
    def weight(self) -> float:
        return math.log2(self.m / self.u)


@dataclass(frozen=True)
class Evidence:
    field: str
    label: str
    level: str
    agreement: str  # agree / partial / disagree / missing
    weight: float


@dataclass(frozen=True)
class Score:
    probability: float
    weight: float
    evidence: tuple[Evidence, ...]


class Model:
    """A trained model: prior and m/u per (comparison, level code)."""

    def __init__(self, settings: dict[str, Any], *, version: str = "") -> None:
        self.settings = settings
        self.version = version or str(settings.get("meldpunt_model_version", ""))
        self.prior = float(settings["probability_two_random_records_match"])
        self.params: dict[tuple[str, str], LevelParams] = {}
        by_name = {c["output_column_name"]: c for c in settings["comparisons"]}
        for comparison in COMPARISONS:
            spec = by_name.get(comparison.name)
            if spec is None:
                raise ValueError(f"Het model mist de vergelijking '{comparison.name}'.")
            for level in spec["comparison_levels"]:
                if level.get("is_null_level"):
                    continue
                self.params[(comparison.name, level["label_for_charts"])] = LevelParams(
                    m=float(level["m_probability"]),
                    u=float(level["u_probability"]),
                    tf_column=level.get("tf_adjustment_column"),
                    tf_minimum_u=float(level.get("tf_minimum_u_value", 0.0)),
                )

    @classmethod
    def load(cls, path: Path | None = None) -> Model:
        path = path or DEFAULT_MODEL
        settings = json.loads(path.read_text(encoding="utf-8"))
        return cls(settings, version=str(settings.get("meldpunt_model_version", path.stem)))

    def _comparison_weight(
        self, comparison: Comparison, a: Prepared, b: Prepared, tf: dict[str, float]
    ) -> Evidence:
        level = level_for(comparison, a, b)
        if level.is_null:
            weight = 0.0
        else:
            # A level added since the model was trained scores as that model's "else" did.
            params = (
                self.params.get((comparison.name, level.code))
                or self.params[(comparison.name, "else")]
            )
            weight = params.weight
            if params.tf_column:
                freq = max(
                    tf.get(f"{params.tf_column}_a", 0.0), tf.get(f"{params.tf_column}_b", 0.0)
                )
                if freq > 0:
                    weight += math.log2(params.u) - math.log2(max(freq, params.tf_minimum_u))
        return Evidence(
            field=comparison.name,
            label=comparison.label,
            level=level.code,
            agreement=AGREEMENT[level.code],
            weight=round(weight, 3),
        )

    def score(self, a: Prepared, b: Prepared, *, tf: dict[str, float] | None = None) -> Score:
        """Score a pair. `tf` holds relative term frequencies, e.g. {"surname_a": 0.004}."""
        evidence = tuple(self._comparison_weight(c, a, b, tf or {}) for c in COMPARISONS)
        weight = math.log2(self.prior / (1 - self.prior)) + sum(e.weight for e in evidence)
        return Score(probability=probability(weight), weight=weight, evidence=evidence)


def probability(weight: float) -> float:
    if weight > 60:
        return 1.0
    odds = 2.0**weight
    return odds / (1 + odds)
