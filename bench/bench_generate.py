"""Synthetic data: `meldpunt generate` from an empty (migrated, reference-loaded) database.

Target (issue 3): 100,000 reports in under two minutes on SQLite (`--size large`).
"""

from __future__ import annotations

import datetime as dt
import time

from bench.harness import Measurement

DESCRIPTION = "meldpunt generate: reports with their whole process, advice, history and audit"
SIZES = {"small": 10_000, "large": 100_000}
FRESH_DATABASE = True


def run(args) -> list[Measurement]:
    from meldpunt.synthetic import services

    n = SIZES[args.size]
    options = services.Options(
        reports=n, seed=1, date_from=dt.date(2024, 1, 1), date_to=dt.date(2025, 12, 31)
    )
    wall, cpu = time.perf_counter(), time.process_time()
    outcome = services.generate(options)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    advice = round(n * services.cal.ADVICE_PER_REPORT)
    return [
        Measurement(
            figure=f"generate {n:,} reports",
            seconds=wall,
            cpu_seconds=cpu,
            data_size=f"{n:,} reports, {advice:,} advice requests, {outcome.rows:,} rows",
            target="< 120 s (SQLite, 100,000)" if n == 100_000 else "",
        )
    ]
