"""The radar's model on Splink's Spark backend, with a local Spark session (issue 6).

The same settings (comparisons, blocking rules, guards) run on Spark: the model is trained by
EM on Spark, and the model trained on DuckDB scores the same list on both backends, which must
give the same pairs and probabilities. Figures: time of each step, the pairs and the largest
probability difference between the backends, precision/recall of the Spark run's clusters.

Needs the optional extra `pip install -e '.[spark]'` (pyspark) and Java 17; `make bench-large`
installs the extra and runs it (`python -m bench --only radar_spark --size large`); the default
`make bench` skips it to stay under 15 minutes. Kept out of `make test`. A national register
would run the same code with a SparkSession on a cluster instead of `local[2]` (docs/radar.md).
"""

from __future__ import annotations

import importlib.util
import time

from bench import radar_linkage as rl
from bench.harness import Measurement

DESCRIPTION = "radar model on Splink's Spark backend (local session) vs DuckDB"
SIZES = {"small": 0, "large": 10_000}  # small: skipped (a JVM on 2 shared cores is slow)
#: Training caps for both backends here: Spark's EM runs hundreds of small stages.
U_MAX_PAIRS = 3e5
EM_MAX_PAIRS = 3e5
NEEDS_DATABASE = False
DATABASES = ("sqlite",)
REPEAT = 1


def spark_session(work_dir):
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    return (
        SparkSession.builder.master("local[2]")
        .appName("meldpunt-radar-bench")
        .config("spark.driver.memory", "3g")
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.default.parallelism", "8")
        .config("spark.jars", similarity_jar_location())
        .config("spark.ui.enabled", "false")
        .config("spark.local.dir", str(work_dir / "spark-tmp"))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .getOrCreate()
    )


def run(args) -> list[Measurement]:
    if importlib.util.find_spec("pyspark") is None:
        print("pyspark is not installed (pip install -e '.[spark]'): Spark bench skipped")
        return []
    n = SIZES[args.size]
    if not n:
        print("The Spark bench runs with --size large (make bench-large).")
        return []
    from splink.backends.spark import SparkAPI

    from meldpunt.radar.linkage import batch

    caps = {"u_max_pairs": U_MAX_PAIRS, "em_max_pairs": EM_MAX_PAIRS}
    path = args.work_dir / f"radar-quality-{n}.parquet"
    if not path.exists():
        rl.write_data(n, path)
    rows, truth = rl.read_data(path)
    size = f"{len(rows):,} records"
    records = rl.radar_records(rows)
    table = batch.records_table(records)
    threshold = batch.DEFAULT_THRESHOLD

    start = time.perf_counter()
    model = batch.train(table, version="bench-duckdb", **caps)
    duck_pairs = batch.score_pairs(table, model=model, threshold=0.5)
    duck_seconds = time.perf_counter() - start

    start = time.perf_counter()
    spark = spark_session(args.work_dir)
    spark.sparkContext.setCheckpointDir(str(args.work_dir / "spark-checkpoints"))
    session_seconds = time.perf_counter() - start

    def spark_api():
        return SparkAPI(spark_session=spark, break_lineage_method="parquet")

    spark_df = spark.createDataFrame(table.to_pandas())
    start = time.perf_counter()
    spark_model = batch.train(spark_df, version="bench-spark", db_api=spark_api(), **caps)
    train_seconds = time.perf_counter() - start

    start = time.perf_counter()
    spark_pairs = batch.score_pairs(spark_df, model=model, threshold=0.5, db_api=spark_api())
    score_seconds = time.perf_counter() - start
    spark.stop()

    duck = {(a, b): p for a, b, p in duck_pairs}
    sparked = {(a, b): p for a, b, p in spark_pairs}
    common = duck.keys() & sparked.keys()
    max_diff = max((abs(duck[k] - sparked[k]) for k in common), default=0.0)
    clusters = batch.cluster(records, spark_pairs, model=model, threshold=threshold)
    spark_trained = batch.cluster(
        records,
        batch.score_pairs(table, model=spark_model, threshold=threshold),
        model=spark_model,
        threshold=threshold,
    )
    figures = {
        "pairs ≥ 0.5 DuckDB": len(duck),
        "pairs ≥ 0.5 Spark": len(sparked),
        "pairs on one side only": len(duck.keys() ^ sparked.keys()),
        "max probability difference": f"{max_diff:.2e}",
        "Spark-scored clusters": rl.pairwise(clusters, truth),
        "Spark-trained model (scored on DuckDB)": rl.pairwise(spark_trained, truth),
    }
    print(figures, flush=True)
    return [
        Measurement(
            figure="DuckDB: train by EM and score (same list)",
            seconds=duck_seconds,
            data_size=size,
        ),
        Measurement(
            figure="Spark: start a local[2] session", seconds=session_seconds, data_size=size
        ),
        Measurement(figure="Spark: train by EM", seconds=train_seconds, data_size=size),
        Measurement(
            figure="Spark: score with the DuckDB-trained model",
            seconds=score_seconds,
            data_size=size,
            metrics=figures,
        ),
    ]
