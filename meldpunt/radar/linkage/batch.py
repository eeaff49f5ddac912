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
from meldpunt.radar.linkage.comparisons import (
    COMPARISONS,
    blocking_rule_sql,
    contradiction_sql,
    contradicts,
    level_sql,
)
from meldpunt.radar.linkage.normalise import Prepared

#: The default match probability at which two records are the same person: more likely one
#: person than two. Chosen on the synthetic benchmark's tuning seed (bench/REPORT.md):
#: precision stays ≥ 0.99 down to 0.3, because clustering never joins records that contradict
#: each other (cluster.py), and recall gains 2–4 points over 0.9.
DEFAULT_THRESHOLD = 0.5

#: Caps on the pairs each training step looks at (PITFALLS: uncapped EM explodes).
U_MAX_PAIRS = 1.5e6
EM_MAX_PAIRS = 2e6

COLUMNS = tuple(Prepared.__dataclass_fields__)


def _initial(column: str) -> str:
    """SQL: the first letter of `column` on both sides agrees (a typo keeps the first letter,
    an initial is one)."""
    return f"substr(l.{column}, 1, 1) = substr(r.{column}, 1, 1)"


def _part(column: str, start: int, length: int) -> str:
    return f"substr(l.{column}, {start}, {length}) = substr(r.{column}, {start}, {length})"


#: Blocking in batch (the union sets the recall ceiling; bench_radar_quality prints it). Not
#: the same list as the real-time keys (comparisons.BLOCKING_RULES): an indexed key lookup for
#: one person is cheap whatever the key, but a batch join on a key shared by many (a common
#: surname, given name + surname: every "Mohamed Yilmaz") grows with the square of the
#: register. So every rule joins on a birth date, a birth year, an address or a BSN, and pairs
#: each flaw a record can have with what stays intact beside it:
#: - a typo or an initial in a name keeps its first letter: the birth date with the first
#:   letter of either name;
#: - a typo in the birth date changes the year, the month or the day, not all three: the
#:   surname with the given name's first letter and the month + day, the year + month, or the
#:   year + day; the given name with the surname's first letter and the birth year, or the
#:   month + day;
#: - day and month swapped on one side, with the surname's first letter (swapping is its own
#:   inverse, so one direction finds both);
#: - a typo in the BSN (one digit): the four digits before it and the four after;
#: - a record without a birth date: the given name and the surname's sound; without a given
#:   name: the address; each asked for the missing field on one side only, so the join starts
#:   from those few records;
#: - a move changes the address, a household shares it: the address only with a name or the
#:   birth year.
#: Measured on the synthetic lists (tuning seed 5, 200,000 records): these 17 rules find 97.5 %
#: of the true pairs with 0.47 million pairs; the fourteen rules before them 97.4 % with 0.61
#: million (and recall after clustering 0.966 against 0.973 now). Of the true pairs they miss,
#: two thirds share no birth date, BSN or address at all (names only). Rules tried and dropped
#: because they cost more pairs than the matches they add after scoring and clustering: the
#: sounds of both names with the birth year (92,000 pairs at 200,000 records, 2 matches no
#: other rule finds); the given name's first letter with the swapped date; a missing given
#: name with the surname and month + day, or with the birth year; a missing surname with the
#: given name and birth year (together 0.07 million pairs for 0.04 % recall); a missing birth
#: date with the surname's first letter instead of its sound (0.15 million pairs more, not
#: one more match); the first letters of both names with parts of the birth date, the address
#: with the surname, given name + surname exactly.
BATCH_BLOCKING_RULES: tuple[str, ...] = (
    "l.bsn = r.bsn",
    f"l.dob = r.dob AND {_initial('given_name')}",
    f"l.dob = r.dob AND {_initial('surname')}",
    "l.address = r.address AND l.given_key = r.given_key",
    "l.address = r.address AND l.birth_year = r.birth_year",
    f"l.address = r.address AND {_initial('given_name')} AND {_initial('surname')}",
    f"l.given_name = r.given_name AND {_initial('surname')} AND l.birth_year = r.birth_year",
    f"l.given_name = r.given_name AND {_initial('surname')} AND {_part('dob', 6, 5)}",
    f"l.surname = r.surname AND {_initial('given_name')} AND {_part('dob', 6, 5)}",
    f"l.surname = r.surname AND {_initial('given_name')} AND {_part('dob', 1, 7)}",
    f"{_initial('surname')} AND l.dob = r.dob_swapped",
    "l.dob IS NULL AND l.given_name = r.given_name AND l.surname_key = r.surname_key",
    "r.dob IS NULL AND l.given_name = r.given_name AND l.surname_key = r.surname_key",
    f"l.surname = r.surname AND {_initial('given_name')} AND {_part('dob', 1, 4)} "
    f"AND {_part('dob', 9, 2)}",
    f"{_part('bsn', 1, 4)} AND {_part('bsn', 6, 4)}",
    "l.given_name IS NULL AND l.address = r.address",
    "r.given_name IS NULL AND l.address = r.address",
)


def settings_dict(model: dict[str, Any] | None = None, *, duckdb: bool = True) -> dict[str, Any]:
    """Splink settings for the comparisons; with m/u from `model` when given. `duckdb=False`
    writes the conditions in their portable form (Spark: no hamming()); both give the same
    levels (tested)."""
    trained: dict[tuple[str, str], dict[str, Any]] = {}
    if model:
        for comp in model["comparisons"]:
            for level in comp["comparison_levels"]:
                trained[(comp["output_column_name"], level.get("label_for_charts", ""))] = level
    comparisons = []
    for comparison in COMPARISONS:
        levels = []
        for level in comparison.levels:
            spec: dict[str, Any] = {
                "sql_condition": level_sql(level, duckdb),
                "label_for_charts": level.code,
            }
            if level.is_null:
                spec["is_null_level"] = True
            if level.tf_column:
                spec["tf_adjustment_column"] = level.tf_column
                spec["tf_adjustment_weight"] = 1.0
                spec["tf_minimum_u_value"] = 0.0001
            # A level the model was trained without (added to comparisons.py since) scores as
            # that model's "else" did: pairs in it fell there when it was trained.
            old = trained.get((comparison.name, level.code)) or trained.get(
                (comparison.name, "else"), {}
            )
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


def _map_distinct(values: Any, function: Any) -> Any:
    """Apply `function` to each distinct value of an Arrow string array (None as "") and
    spread the results back: a register repeats its names, dates and postcodes, so a million
    records need only some ten thousand calls per column."""
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(pc.fill_null(values, ""))
    mapped = pa.array([function(v) for v in encoded.dictionary.to_pylist()], pa.string())
    return mapped.take(encoded.indices)


def prepare_table(columns: dict[str, Any], ids: Sequence[int] | None = None) -> Any:
    """The records_table of raw lists, prepared column by column: the same values as
    normalise.prepare() gives record by record (tested), in a fraction of the time. `columns`
    holds the link-file fields (given_name, surname, date_of_birth as ISO text, sex, bsn,
    street, house_number, postcode, city; optionally surname_prefix), each a list or Arrow
    array of strings (None or "" when missing); ids default to 0..n-1. A date that is neither
    ISO nor empty raises ValueError (linkfile.parse names its line first)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from meldpunt.radar.linkage import normalise as nz

    n = len(next(iter(columns.values())))
    empty = pa.array([""] * n, pa.string())

    def raw(name: str) -> Any:
        value = columns.get(name)
        if value is None:
            return empty
        return pc.fill_null(pa.array(value, pa.string()), "")

    def joined(*parts: Any) -> Any:
        return pc.binary_join_element_wise(*parts, "|")

    given = _map_distinct(raw("given_name"), nz.first_given_name)
    prefix = raw("surname_prefix")
    if columns.get("surname_prefix") is None:
        surname = _map_distinct(raw("surname"), lambda v: nz.split_surname(v)[1])
    else:
        pairs = joined(prefix, raw("surname"))  # "|" never survives fold(): a safe separator
        surname = _map_distinct(
            pairs, lambda v: nz.split_surname(v.split("|", 1)[1], v.split("|", 1)[0])[1]
        )

    def date_parts(text: str) -> str:
        day = nz.parse_iso_date(text)
        if day is None:
            return "||"
        return f"{day.isoformat()}|{nz.swapped(day)}|{day.year}"

    dates = pc.split_pattern(_map_distinct(raw("date_of_birth"), date_parts), "|")
    code = _map_distinct(raw("postcode"), nz.normalise_postcode)
    number = _map_distinct(raw("house_number"), nz.normalise_house_number)
    street_raw, city_raw = raw("street"), raw("city")
    street = _map_distinct(street_raw, lambda v: nz.fold(v).replace(" ", ""))
    city = _map_distinct(city_raw, lambda v: nz.fold(v).replace(" ", ""))
    has_number = pc.not_equal(number, "")
    by_postcode = pc.and_(pc.not_equal(code, ""), has_number)
    by_street = pc.and_(
        pc.not_equal(street_raw, ""), pc.or_(has_number, pc.not_equal(city_raw, ""))
    )
    address = pc.if_else(
        by_postcode,
        joined(code, number),
        pc.if_else(by_street, joined(street, number, city), ""),
    )
    values = {
        "given_name": given,
        "given_key": _map_distinct(given, nz.phonetic),
        "surname": surname,
        "surname_key": _map_distinct(surname, nz.phonetic),
        "dob": pc.list_element(dates, 0),
        "dob_swapped": pc.list_element(dates, 1),
        "birth_year": pc.list_element(dates, 2),
        "sex": _map_distinct(raw("sex"), nz.normalise_sex),
        "bsn": _map_distinct(raw("bsn"), nz.normalise_bsn),
        "address": address,
        "postcode": code,
    }
    schema = pa.schema([("unique_id", pa.int64())] + [(c, pa.string()) for c in COLUMNS])
    arrays = [pa.array(range(n) if ids is None else ids, pa.int64())]
    for name in COLUMNS:  # "" is missing: NULL for Splink
        column = values[name]
        arrays.append(pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column))
    return pa.Table.from_arrays(arrays, schema=schema)


def _duckdb_api(connection: Any = None) -> Any:
    from splink import DuckDBAPI

    return DuckDBAPI(connection) if connection is not None else DuckDBAPI()


def _is_duckdb(db_api: Any) -> bool:
    from splink import DuckDBAPI

    return isinstance(db_api, DuckDBAPI)


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
    linker = _linker(db_api, records, settings_dict(duckdb=_is_duckdb(db_api)))
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
    linker = _linker(db_api, records, settings_dict(model, duckdb=_is_duckdb(db_api)))
    blocked = _register_blocked_pairs(db_api, linker)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    if blocked is not None:
        blocked.drop_table_from_database_and_remove_from_cache(force_non_splink_table=True)
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


def blocked_pairs_sql(table: str) -> str:
    """SQL for the pairs of `table` that BATCH_BLOCKING_RULES produce, each once, in the shape
    of Splink's blocked-pairs table (match_key = the first rule that finds the pair)."""
    joins = " UNION ALL ".join(
        f"SELECT {key} AS match_key, l.unique_id AS join_key_l, r.unique_id AS join_key_r "
        f"FROM {table} AS l JOIN {table} AS r ON ({rule}) AND l.unique_id < r.unique_id"
        for key, rule in enumerate(BATCH_BLOCKING_RULES)
    )
    return (
        "SELECT CAST(min(match_key) AS VARCHAR) AS match_key, join_key_l, join_key_r "
        f"FROM ({joins}) GROUP BY join_key_l, join_key_r"
    )


def _register_blocked_pairs(db_api: Any, linker: Any) -> Any:
    """On DuckDB, compute the blocked pairs as one union of plain joins and hand them to
    Splink's predict. Splink's own blocking gives the same pairs, but makes each rule exclude
    the pairs of every rule before it (for the last of 23 rules, 22 conditions on each of its
    candidate pairs): three times slower here. Other back-ends (Spark) block as Splink does.
    Returns the registered table (to drop after predict), or None."""
    if not _is_duckdb(db_api):
        return None
    people = linker._input_tables_dict
    (source,) = people.values()
    name = f"__radar_blocked_pairs_{id(linker)}"
    db_api.duckdb_con.execute(
        f"CREATE OR REPLACE TABLE {name} AS {blocked_pairs_sql(source.physical_name)}"
    ).fetchall()
    table = db_api.register(name)
    linker.table_management.register_blocked_pairs_for_predict(table)
    return table


def cluster(
    records: Sequence[tuple[int, Prepared]] | Any,
    pairs: Iterable[tuple[int, int, float]],
    *,
    model: dict[str, Any] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> dict[int, int]:
    """Constrained clustering (cluster.py) of the scored pairs at `threshold`: records that
    contradict each other (comparisons.contradicts) never end up in one cluster. `records` are
    prepared records or their Arrow table (records_table); the contradictions inside the
    linked groups are found by one DuckDB query. `model` is not needed (kept for callers that
    pass it)."""
    table = records_table(records) if isinstance(records, list | tuple) else records
    ids = table.column("unique_id").to_pylist()
    row_of = {uid: i for i, uid in enumerate(ids)}
    cache: dict[int, Prepared] = dict(records) if isinstance(records, list | tuple) else {}

    def prepared(uid: int) -> Prepared:
        if uid not in cache:
            row = table.slice(row_of[uid], 1).to_pylist()[0]
            cache[uid] = Prepared(**{c: row[c] or "" for c in COLUMNS})
        return cache[uid]

    def conflict(a: int, b: int) -> bool:
        return contradicts(prepared(a), prepared(b))

    links = [pair for pair in pairs if pair[2] >= threshold]
    return constrained_clusters(
        ids, links, conflict, contradictions=lambda check: _contradictions(table, check)
    )


def _contradictions(table: Any, pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The pairs (ids) whose records contradict each other, in one DuckDB query."""
    if not pairs:
        return set()
    import duckdb
    import pyarrow as pa

    con = duckdb.connect()
    try:
        con.register("people", table)
        con.register(
            "pairs",
            pa.table({"a": [a for a, _ in pairs], "b": [b for _, b in pairs]}),
        )
        columns = ", ".join(f"l.{c} AS {c}_l, r.{c} AS {c}_r" for c in COLUMNS)
        rows = con.sql(
            f"SELECT a, b FROM (SELECT p.a, p.b, {columns} FROM pairs p "
            "JOIN people l ON l.unique_id = p.a JOIN people r ON r.unique_id = p.b) "
            f"WHERE {contradiction_sql()}"
        ).fetchall()
    finally:
        con.close()
    return {(a, b) for a, b in rows}


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
        linker = _linker(db_api, records, settings_dict(model, duckdb=_is_duckdb(db_api)))
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
