"""The load test (bench/loadtest.py) as a harness benchmark: 20 simulated professionals against
gunicorn on PostgreSQL for 60 seconds (small) or 5 minutes (large), then the consistency check.
A run with lost or duplicated writes, half-written records or server errors fails."""

from __future__ import annotations

from bench import loadtest
from bench.harness import Measurement

DESCRIPTION = "load: 20 professionals on gunicorn + PostgreSQL, then the consistency check"
SIZES = {"small": "60 s", "large": "300 s"}
DURATION = {"small": 60, "large": 300}
DATABASES = ("postgres",)
FRESH_DATABASE = True
REPEAT = 1  # one bounded run is the test


def run(args) -> list[Measurement]:
    r = loadtest.run_load(
        url=args.database_url, data_dir=str(args.work_dir), seconds=DURATION[args.size]
    )
    failures = r["problems"] + r["errors"]
    if failures:
        raise SystemExit(f"load test failed: {len(failures)} problems, e.g. {failures[:3]}")
    refused = sum(n for reason, n in r["refused"].items() if "other" not in reason)
    size = (
        f"{loadtest.WORKERS_PER_ROLE * len(loadtest.ACTORS)} users, {r['requests']:,} requests, "
        f"{r['acknowledged']:,} acknowledged writes, {refused:,} conflicting saves refused, "
        "0 lost, 0 duplicated, 0 5xx"
    )
    return [
        Measurement(figure="load: request latency, median", seconds=r["median"], data_size=size),
        Measurement(figure="load: request latency, p95", seconds=r["p95"], data_size=size),
        Measurement(figure="load: write latency, p95", seconds=r["write_p95"], data_size=size),
        Measurement(
            figure="load: throughput (requests per second)",
            seconds=r["throughput"],
            data_size=size,
            unit=" req/s",
        ),
    ]
