"""Migration: `meldpunt migrate-in` of a synthetic old-system export (people, households,
advice requests, reports with their people, decisions, services, evaluations, hand-overs and
journal entries), validated and then imported, on a fresh database.

Target (issue 14): 250,000 reports with their people and services imported on PostgreSQL in
under 15 minutes (`python -m bench --only migrate --size large --db postgres --repeat 1`).
The export is written once per size by `prepare` (not timed) and kept in the work directory.
"""

from __future__ import annotations

import json
import resource
import time

from bench.harness import Measurement

DESCRIPTION = "meldpunt migrate-in: validate and import an old system's export"
SIZES = {"small": 10_000, "large": 250_000}
FRESH_DATABASE = True


def _export(args):
    return args.work_dir / f"legacy-export-{SIZES[args.size]}"


def prepare(args) -> None:
    from meldpunt.legacy.sample import write_sample

    directory = _export(args)
    done = directory / "written.json"
    if done.exists():
        return
    counts = write_sample(directory, reports=SIZES[args.size], seed=1)
    done.write_text(json.dumps(counts))


def run(args) -> list[Measurement]:
    from meldpunt.legacy.importer import Importer
    from meldpunt.legacy.validate import validate

    directory = _export(args)
    counts = json.loads((directory / "written.json").read_text())
    lines = sum(counts.values())
    wall, cpu = time.perf_counter(), time.process_time()
    problems, _index, codes = validate(directory, system="bench")
    checked = time.perf_counter() - wall
    if problems:
        raise SystemExit(f"the synthetic export has problems: {problems[:3]}")
    summary = Importer(directory, system="bench", codes=codes).run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = SIZES[args.size]
    print(
        f"migrate-in {n:,} reports ({lines:,} lines): {wall:.0f} s wall "
        f"(validation {checked:.0f} s), {cpu:.0f} s CPU, peak memory {peak:.0f} MB",
        flush=True,
    )
    assert summary.created.get("reports") == n
    return [
        Measurement(
            figure=f"migrate-in {n:,} reports (validate and import)",
            seconds=wall,
            cpu_seconds=cpu,
            data_size=(
                f"{n:,} reports, {counts['persons']:,} persons, {counts['services']:,} services, "
                f"{lines:,} lines in all"
            ),
            target="< 900 s (PostgreSQL, 250,000)" if n == 250_000 else "",
        )
    ]
