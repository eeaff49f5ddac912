"""Batch deduplication time and peak memory: the radar (`meldpunt link`'s work: prepare,
train by EM on the list, score, constrained clustering) against plain Splink (train, score,
connected components; see bench/radar_linkage.py) on the same labelled synthetic list.

Each deduplication runs in its own process (time and peak memory are its own), the radar and
the baseline alternating, so machine load hits both alike; the harness takes the median of the
repetitions (`--repeat 3`, the default). Target (issue 6) at 1,000,000 records (`--size
large`): radar ≤ 1.25 × the baseline's time, peak memory < 6 GB. Precision and recall of these
runs are printed too.
"""

from __future__ import annotations

from bench import radar_linkage as rl
from bench.harness import Measurement

DESCRIPTION = "radar batch dedup vs plain Splink: time and peak memory"
SIZES = {"small": 50_000, "large": 1_000_000}
NEEDS_DATABASE = False
DATABASES = ("sqlite",)


def prepare(args) -> None:
    n = SIZES[args.size]
    path = args.work_dir / f"radar-batch-{n}.parquet"
    if not path.exists():
        rl.write_data(n, path)


def run(args) -> list[Measurement]:
    n = SIZES[args.size]
    path = args.work_dir / f"radar-batch-{n}.parquet"
    out = []
    for engine, label, target in (
        ("radar", "radar", "≤ 1.25 × plain; < 6 GB"),
        ("plain", "plain Splink", ""),
    ):
        seconds, peak, result = rl.run_child(engine, path, rl.batch_threshold())
        out.append(
            Measurement(
                figure=f"{label}: batch dedup (prepare, train, score, cluster)",
                seconds=seconds,
                data_size=f"{result['records']:,} records",
                target=target if n == 1_000_000 else "",
                peak_mb=peak,
                metrics={
                    k: result[k] for k in ("precision", "recall", "f1", "clusters") if k in result
                },
            )
        )
        print(label, f"{seconds:.1f} s", f"{peak:.0f} MB", result, flush=True)
    return out
