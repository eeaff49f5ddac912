"""Shared parts of the radar benchmarks: labelled data, the plain Splink baseline, the figures.

Not a benchmark itself (no `bench_` prefix). Run one deduplication in its own process, so its
time and peak memory are its own:

    python -m bench.radar_linkage --engine radar --input people.parquet --out result.json

The data: `meldpunt.radar.linkage.synthetic` (Dutch households, every person 1–4 times, with
typos, day and month swapped, tussenvoegsels written differently, initials, missing fields,
moves, twins, fathers and sons sharing a name); `truth` is the real person of each record.

The plain baseline is Splink 5 used as its documentation shows, on the same columns lower-cased
and trimmed (empty = NULL), nothing else prepared:
- comparisons: NameComparison on given_name and on surname (term-frequency adjusted),
  DateOfBirthComparison on date_of_birth (string), ExactMatch on sex, bsn, street, house_number,
  postcode and city (city term-frequency adjusted);
- blocking (two columns each): given_name+surname, surname+date_of_birth,
  given_name+date_of_birth, postcode+house_number;
- training: probability_two_random_records_match from two deterministic rules (recall 0.8),
  u by random sampling (5 million pairs), m by EM on given_name+surname and on
  date_of_birth+postcode blocks (2 million pairs each);
- clustering: Splink's connected components at the same threshold as the radar.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations
from pathlib import Path
from typing import Any

from meldpunt.radar.linkage import batch, synthetic
from meldpunt.radar.linkage.linkfile import prepare_row

CURVE = (0.1, 0.2, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999)
PLAIN_BLOCKING = (
    ("given_name", "surname"),
    ("surname", "date_of_birth"),
    ("given_name", "date_of_birth"),
    ("postcode", "house_number"),
)


# -- data ----------------------------------------------------------------------------------


def write_data(n: int, path: Path, seed: int = 11) -> None:
    """n labelled synthetic records as Parquet (columns of the link-file list + truth)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns: dict[str, list[Any]] = {f: [] for f in synthetic.FIELDS}
    columns["truth"] = []
    for row, truth in synthetic.Generator(seed).records(n):
        for f in synthetic.FIELDS:
            columns[f].append(row[f])
        columns["truth"].append(truth)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), path)


def read_data(path: Path) -> tuple[list[dict[str, str]], list[int]]:
    import pyarrow.parquet as pq

    table = pq.read_table(path).to_pydict()
    truth = table.pop("truth")
    names = list(table)
    rows = [dict(zip(names, values, strict=True)) for values in zip(*table.values(), strict=True)]
    return rows, truth


# -- the two linkers -----------------------------------------------------------------------


def radar_records(rows: Sequence[dict[str, str]]) -> list[tuple[int, Any]]:
    return [(i, prepare_row(row)) for i, row in enumerate(rows)]


def radar_table(rows: Sequence[dict[str, str]]) -> Any:
    """The prepared records as one Arrow table (batch.prepare_table: the same values as
    radar_records, prepared column by column)."""
    return batch.prepare_table({f: [row.get(f) for row in rows] for f in synthetic.FIELDS[1:]})


def plain_table(rows: Sequence[dict[str, str]]) -> Any:
    import pyarrow as pa

    columns: dict[str, list[Any]] = {"unique_id": list(range(len(rows)))}
    for f in synthetic.FIELDS[1:]:
        columns[f] = [(row.get(f) or "").strip().lower() or None for row in rows]
    return pa.table(columns)


def plain_settings() -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.ExactMatch("sex"),
            cl.ExactMatch("bsn"),
            cl.ExactMatch("street"),
            cl.ExactMatch("house_number"),
            cl.ExactMatch("postcode"),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[block_on(*rule) for rule in PLAIN_BLOCKING],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )


def plain_predictions(rows: Sequence[dict[str, str]], threshold: float) -> tuple[Any, Any]:
    """Train the plain model on the list and predict; (linker, predictions)."""
    from splink import DuckDBAPI, Linker, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(plain_table(rows)), plain_settings())
    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("bsn", "date_of_birth"),
            block_on("given_name", "surname", "date_of_birth"),
        ],
        recall=0.8,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "surname"), max_pairs=2e6
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth", "postcode"), max_pairs=2e6
    )
    return linker, linker.inference.predict(threshold_match_probability=threshold)


def plain_clusters(linker: Any, predictions: Any, threshold: float) -> dict[int, int]:
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    table = clusters.as_pyarrow_table()
    return dict(
        zip(
            table.column("unique_id").to_pylist(),
            table.column("cluster_id").to_pylist(),
            strict=True,
        )
    )


def radar_dedupe(rows: Sequence[dict[str, str]], threshold: float) -> dict[int, int]:
    """What `meldpunt link` does: prepare, train by EM on the list itself, score, cluster."""
    table = radar_table(rows)
    model = batch.train(table, version="bench")
    pairs = batch.score_pairs(table, model=model, threshold=threshold)
    return batch.cluster(table, pairs, threshold=threshold)


def plain_dedupe(rows: Sequence[dict[str, str]], threshold: float) -> dict[int, int]:
    linker, predictions = plain_predictions(rows, threshold)
    return plain_clusters(linker, predictions, threshold)


# -- figures -------------------------------------------------------------------------------


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(clusters: dict[int, Any], truth: Sequence[int]) -> dict[str, float]:
    """Pairwise precision, recall and F1 over the final clusters."""
    predicted = sum(_pairs(n) for n in Counter(clusters.values()).values())
    true = sum(_pairs(n) for n in Counter(truth).values())
    both = sum(_pairs(n) for n in Counter((clusters[i], t) for i, t in enumerate(truth)).values())
    precision = both / predicted if predicted else 1.0
    recall = both / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def true_pairs(truth: Sequence[int]) -> Iterable[tuple[int, int]]:
    groups: dict[int, list[int]] = {}
    for i, t in enumerate(truth):
        groups.setdefault(t, []).append(i)
    for members in groups.values():
        yield from combinations(members, 2)


def blocking_recall(
    values: Sequence[dict[str, Any]], rules: Iterable[tuple[str, ...]], truth: Sequence[int]
) -> float:
    """Share of true pairs that at least one blocking rule produces (equal, not missing)."""
    rules = list(rules)
    found = total = 0
    for a, b in true_pairs(truth):
        total += 1
        va, vb = values[a], values[b]
        if any(all(va[c] and va[c] == vb[c] for c in rule) for rule in rules):
            found += 1
    return round(found / total, 4) if total else 1.0


def radar_blocking_recall(rows: Sequence[dict[str, str]], truth: Sequence[int]) -> float:
    """Blocking recall of batch.BATCH_BLOCKING_RULES, evaluated by DuckDB on the labelled list."""
    import duckdb

    table = radar_table(rows)
    con = duckdb.connect()
    con.register("people", table)
    con.register("truth", _truth_table(truth))
    union = " UNION ".join(
        "SELECT l.unique_id AS a, r.unique_id AS b FROM people l JOIN people r "
        f"ON {rule} AND l.unique_id < r.unique_id"
        for rule in batch.BATCH_BLOCKING_RULES
    )
    found = con.sql(
        f"SELECT count(*) FROM ({union}) p JOIN truth ta ON ta.unique_id = p.a "
        "JOIN truth tb ON tb.unique_id = p.b WHERE ta.truth = tb.truth"
    ).fetchall()[0][0]
    total = sum(_pairs(n) for n in Counter(truth).values())
    return round(found / total, 4) if total else 1.0


def _truth_table(truth: Sequence[int]) -> Any:
    import pyarrow as pa

    return pa.table({"unique_id": list(range(len(truth))), "truth": list(truth)})


def plain_blocking_recall(rows: Sequence[dict[str, str]], truth: Sequence[int]) -> float:
    values = [{k: (v or "").strip().lower() for k, v in row.items()} for row in rows]
    return blocking_recall(values, PLAIN_BLOCKING, truth)


def curve_text(points: Iterable[tuple[float, dict[str, float]]]) -> str:
    return ", ".join(f"{t}: P {m['precision']:.3f} R {m['recall']:.3f}" for t, m in points)


# -- one deduplication in its own process --------------------------------------------------


def batch_threshold() -> float:
    return batch.DEFAULT_THRESHOLD


def run_child(engine: str, data: Path, threshold: float) -> tuple[float, float, dict[str, Any]]:
    """(seconds, peak MB, result) of one deduplication of `data` in a fresh process."""
    import os
    import subprocess
    import sys
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.radar_linkage",
                "--engine",
                engine,
                "--input",
                str(data),
                "--out",
                out.name,
                "--threshold",
                str(threshold),
            ]
        )
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"radar_linkage --engine {engine} failed")
        result = json.loads(Path(out.name).read_text())
    return result["seconds"], usage.ru_maxrss / 1024, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", choices=["radar", "plain"], required=True)
    parser.add_argument("--input", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--threshold", type=float, default=batch.DEFAULT_THRESHOLD)
    args = parser.parse_args()
    rows, truth = read_data(args.input)
    start = time.perf_counter()
    dedupe = radar_dedupe if args.engine == "radar" else plain_dedupe
    clusters = dedupe(rows, args.threshold)
    seconds = time.perf_counter() - start
    figures = pairwise(clusters, truth)
    args.out.write_text(
        json.dumps(
            {
                "seconds": seconds,
                "records": len(rows),
                "clusters": len(set(clusters.values())),
                **figures,
            }
        )
    )


if __name__ == "__main__":
    main()
