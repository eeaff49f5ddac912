"""Batch linkage with Splink 5: train a model by EM, deduplicate a list, cluster.

Pure Python plus Splink (no Django). Records arrive prepared (normalise.prepare) with an
integer `unique_id`. The same settings run on DuckDB (default) or Spark: pass a database API.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meldpunt.radar.linkage.cluster import constrained_clusters
from meldpunt.radar.linkage.comparisons import COMPARISONS, blocking_rule_sql
from meldpunt.radar.linkage.normalise import Prepared
from meldpunt.radar.linkage.scoring import Model

#: The default match probability at which two records are the same person. Chosen on the
#: synthetic benchmark (bench/REPORT.md): precision ≥ 0.99 with recall ≥ 0.98 there.
DEFAULT_THRESHOLD = 0.9

#: Caps on the pairs each training step looks at (PITFALLS: uncapped EM explodes).
U_MAX_PAIRS = 1.5e6
EM_MAX_PAIRS = 2e6

COLUMNS = tuple(Prepared.__dataclass_fields__)

#: Blocking in batch, two or three columns each (the union sets the recall ceiling;
#: bench_radar_quality prints it). Not the same list as the real-time keys
#: (comparisons.BLOCKING_RULES): an indexed key lookup for one person is cheap whatever the key,
#: but a batch join on a key shared by many (given-name sound + surname sound: every "Mohamed
#: Yilmaz") grows with the square of the register. So the batch joins names exactly or within a
#: birth year, and adds cross-column rules only a join can use: the surname sound with day and
#: month of the birth date swapped on one side (both directions: Splink compares each pair once,
#: lower id left). On the synthetic lists this halves the pairs of the real-time key set at
#: 300,000 records for 0.6 % recall.
BATCH_BLOCKING_RULES: tuple[str, ...] = (
    "l.bsn = r.bsn",
    "l.dob = r.dob AND l.surname_key = r.surname_key",
    "l.dob = r.dob AND l.given_key = r.given_key",
    "l.address = r.address AND l.given_key = r.given_key",
    "l.address = r.address AND l.birth_year = r.birth_year",
    "l.address = r.address AND l.surname_key = r.surname_key",
    "l.given_name = r.given_name AND l.surname = r.surname",
    "l.given_key = r.given_key AND l.surname_key = r.surname_key AND l.birth_year = r.birth_year",
    "l.surname_key = r.surname_key AND l.dob = r.dob_swapped",
    "l.surname_key = r.surname_key AND l.dob_swapped = r.dob",
)


def settings_dict(model: dict[str, Any] | None = None) -> dict[str, Any]:
    """Splink settings for the comparisons; with m/u from `model` when given."""
    trained: dict[tuple[str, str], dict[str, Any]] = {}
    if model:
        for comp in model["comparisons"]:
            for level in comp["comparison_levels"]:
                trained[(comp["output_column_name"], level.get("label_for_charts", ""))] = level
    comparisons = []
    for comparison in COMPARISONS:
        levels = []
        for level in comparison.levels:
            spec: dict[str, Any] = {"sql_condition": level.sql, "label_for_charts": level.code}
            if level.is_null:
                spec["is_null_level"] = True
            if level.tf_column:
                spec["tf_adjustment_column"] = level.tf_column
                spec["tf_adjustment_weight"] = 1.0
                spec["tf_minimum_u_value"] = 0.0001
            old = trained.get((comparison.name, level.code), {})
            for key in ("m_probability", "u_probability"):
                if key in old and not level.is_null:
                    spec[key] = old[key]
            levels.append(spec)
        comparisons.append(
            {
                "output_column_name": comparison.name,
                "comparison_description": comparison.label,
                "comparison_levels": levels,
            }
        )
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": (
            model["probability_two_random_records_match"] if model else 1e-5
        ),
        "comparisons": comparisons,
        "blocking_rules_to_generate_predictions": list(BATCH_BLOCKING_RULES),
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
        "max_iterations": 20,
    }


def records_table(records: Sequence[tuple[int, Prepared]]) -> Any:
    """The prepared records as an Arrow table (unique_id + the Prepared fields, "" as NULL).
    Build it once and pass it to train() and score_pairs() on a big list."""
    import pyarrow as pa

    schema = pa.schema([("unique_id", pa.int64())] + [(c, pa.string()) for c in COLUMNS])
    columns: dict[str, list[Any]] = {"unique_id": [uid for uid, _ in records]}
    for name in COLUMNS:
        columns[name] = [getattr(p, name) or None for _, p in records]
    return pa.table(columns, schema=schema)


def _duckdb_api(connection: Any = None) -> Any:
    from splink import DuckDBAPI

    return DuckDBAPI(connection) if connection is not None else DuckDBAPI()


def _register(db_api: Any, records: Sequence[tuple[int, Prepared]] | Any, name: str) -> Any:
    if isinstance(records, list | tuple):
        records = records_table(records)
    return db_api.register(records)


def _linker(db_api: Any, records: Any, settings: dict[str, Any]) -> Any:
    from splink import Linker

    logging.getLogger("splink").setLevel(logging.WARNING)
    table = _register(db_api, records, "people")
    return Linker(table, settings, log_level=logging.WARNING)


def train(
    records: Sequence[tuple[int, Prepared]] | Any,
    *,
    version: str,
    db_api: Any = None,
    seed: int = 1,
    u_max_pairs: float = U_MAX_PAIRS,
    em_max_pairs: float = EM_MAX_PAIRS,
) -> dict[str, Any]:
    """Estimate a model on (unlabelled) records by EM: u by random sampling, m by two capped EM
    sessions on two-column blocks that together leave every comparison free once."""
    db_api = db_api or _duckdb_api()
    linker = _linker(db_api, records, settings_dict())
    linker.training.estimate_probability_two_random_records_match(
        [
            "l.bsn = r.bsn",
            "l.dob = r.dob AND l.surname = r.surname AND l.given_name = r.given_name",
        ],
        recall=0.8,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_max_pairs, seed=seed)
    for rule in (("dob", "surname_key"), ("address", "given_key")):
        linker.training.estimate_parameters_using_expectation_maximisation(
            blocking_rule_sql(rule), max_pairs=em_max_pairs
        )
    model: dict[str, Any] = linker.misc.save_model_to_json()
    model["meldpunt_model_version"] = version
    return apply_guards(model)


#: Ceilings on how often the same person disagrees outright on these fields (the m probability
#: of their "else" level). EM on a register full of households learns that twins and namesake
#: fathers and sons are "matches" that disagree on given name or birth date, which softens
#: exactly the evidence that tells them apart. A recording error that changes a given name,
#: birth date or sex completely is rare; the ceilings keep such a disagreement heavy.
GUARDS = {"given_name": 0.0005, "dob": 0.0005, "sex": 0.005, "bsn": 0.001}

#: Sharing a home is what family members do: an address agreeing is weak evidence that two
#: records are one person, whatever EM learns from random pairs. Its weight is capped (bits).
ADDRESS_MAX_WEIGHT = 5.0


def apply_guards(model: dict[str, Any]) -> dict[str, Any]:
    for comparison in model["comparisons"]:
        cap = GUARDS.get(comparison["output_column_name"])
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        for level in levels:
            # A level the training data never showed gets a neutral weight, not log(0).
            level["m_probability"] = max(float(level.get("m_probability") or 0), 1e-6)
            level["u_probability"] = max(float(level.get("u_probability") or 0), 1e-6)
        if comparison["output_column_name"] == "address":
            for level in levels:
                floor = level["m_probability"] / 2**ADDRESS_MAX_WEIGHT
                level["u_probability"] = max(level["u_probability"], floor)
        if cap is None:
            continue
        other = [lv for lv in levels if lv["label_for_charts"] != "else"]
        last = next(lv for lv in levels if lv["label_for_charts"] == "else")
        if last["m_probability"] > cap:
            total = sum(lv["m_probability"] for lv in other)
            for level in other:
                level["m_probability"] *= (1 - cap) / total
            last["m_probability"] = cap
    return model


def save(model: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model, indent=2, sort_keys=True) + "\n", encoding="utf-8")


@dataclass
class DedupeResult:
    clusters: dict[int, int]  # unique_id → cluster id (the smallest unique_id in the cluster)
    pairs: list[tuple[int, int, float]]  # scored pairs at or above the threshold


def term_frequencies(records: Sequence[tuple[int, Prepared]]) -> dict[str, float]:
    """Relative frequency of each surname among records that have one, as Splink counts it."""
    counts = Counter(p.surname for _, p in records if p.surname)
    total = sum(counts.values()) or 1
    return {name: n / total for name, n in counts.items()}


def score_pairs(
    records: Sequence[tuple[int, Prepared]] | Any,
    *,
    model: dict[str, Any],
    threshold: float = DEFAULT_THRESHOLD,
    db_api: Any = None,
) -> list[tuple[int, int, float]]:
    """Every blocked pair whose match probability reaches `threshold` (Splink's predict)."""
    db_api = db_api or _duckdb_api()
    linker = _linker(db_api, records, settings_dict(model))
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    table = predictions.as_pyarrow_table()
    predictions.drop_table_from_database_and_remove_from_cache()
    return list(
        zip(
            table.column("unique_id_l").to_pylist(),
            table.column("unique_id_r").to_pylist(),
            table.column("match_probability").to_pylist(),
            strict=True,
        )
    )


def cluster(
    records: Sequence[tuple[int, Prepared]],
    pairs: Iterable[tuple[int, int, float]],
    *,
    model: dict[str, Any],
    threshold: float = DEFAULT_THRESHOLD,
) -> dict[int, int]:
    """Constrained clustering (cluster.py) of the scored pairs at `threshold`."""
    scorer = Model(model)
    prepared = dict(records)
    tf = term_frequencies(records)

    def pair_probability(a: int, b: int) -> float:
        pa, pb = prepared[a], prepared[b]
        freqs = {"surname_a": tf.get(pa.surname, 0.0), "surname_b": tf.get(pb.surname, 0.0)}
        return scorer.score(pa, pb, tf=freqs).probability

    links = [pair for pair in pairs if pair[2] >= threshold]
    return constrained_clusters(prepared.keys(), links, pair_probability)


def dedupe(
    records: Sequence[tuple[int, Prepared]],
    *,
    model: dict[str, Any],
    threshold: float = DEFAULT_THRESHOLD,
    db_api: Any = None,
    constrained: bool = True,
) -> DedupeResult:
    """Score every blocked pair with the trained model (Splink), then cluster at `threshold`:
    constrained (cluster.py: no chaining of people who clearly differ) or, with
    `constrained=False`, Splink's connected components."""
    if not constrained:
        db_api = db_api or _duckdb_api()
        linker = _linker(db_api, records, settings_dict(model))
        predictions = linker.inference.predict(threshold_match_probability=threshold)
        clusters_df = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=threshold
        )
        return DedupeResult(clusters=_cluster_ids(clusters_df), pairs=[])
    pairs = score_pairs(records, model=model, threshold=threshold, db_api=db_api)
    clusters = cluster(records, pairs, model=model, threshold=threshold)
    return DedupeResult(clusters=clusters, pairs=pairs)


def _cluster_ids(clusters_df: Any) -> dict[int, int]:
    table = clusters_df.as_pandas_dataframe()
    groups: dict[Any, int] = {}
    for uid, cluster in zip(table["unique_id"], table["cluster_id"], strict=True):
        groups[cluster] = min(groups.get(cluster, int(uid)), int(uid))
    return {
        int(uid): groups[cluster]
        for uid, cluster in zip(table["unique_id"], table["cluster_id"], strict=True)
    }
