"""`python -m bench` (`make bench`): run the registered benchmarks and write bench/REPORT.md.

    python -m bench                          # every bench_*.py, small size, SQLite (+ PostgreSQL
                                             # when a server answers), 3 repetitions
    python -m bench --only generate --size large --db sqlite
    python -m bench --list

Each repetition runs in its own worker process; the report gives per figure the data size, the
database, the median and spread (min-max) of the wall-clock time, the median CPU time when the
benchmark measures it, and the peak memory (maximum resident set size of the worker). The
default run stays well under 15 minutes; `--size large` is for the figures the issues ask for.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import pkgutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import HERE, ROOT, Databases, postgres_reachable

RESULTS = HERE / "results.json"
REPORT = HERE / "REPORT.md"
WORK = Path(os.environ.get("BENCH_WORK_DIR", Path(tempfile.gettempdir()) / "meldpunt-bench"))


def registered() -> dict[str, object]:
    """Every bench/bench_<name>.py, by name."""
    out = {}
    for info in sorted(pkgutil.iter_modules([str(HERE)]), key=lambda m: m.name):
        if info.name.startswith("bench_"):
            out[info.name.removeprefix("bench_")] = importlib.import_module(f"bench.{info.name}")
    return out


def _worker(module: str, phase: str, size: str, db: str, url: str, work: Path) -> tuple:
    """Run one phase in a new process; return its measurements and peak RSS in MB."""
    out = work / f"{phase}.json"
    out.unlink(missing_ok=True)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench._worker",
            "--module",
            module,
            "--phase",
            phase,
            "--size",
            size,
            "--db",
            db,
            "--url",
            url,
            "--work-dir",
            str(work),
            "--out",
            str(out),
        ],
        cwd=ROOT,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{module} ({phase}, {db}) failed with exit code {proc.returncode}")
    return json.loads(out.read_text()), usage.ru_maxrss / 1024


def run_one(name: str, module, *, size: str, db: str, repeat: int) -> list[dict]:
    work = WORK / db
    work.mkdir(parents=True, exist_ok=True)
    databases = Databases(db, work)
    kept = getattr(module, "KEPT_DATABASE", None)
    if kept:
        print(f"[{name} · {db} · {size}] migrating the kept database ...", flush=True)
        url = databases.kept(f"{kept}_{size}")
    else:
        if getattr(module, "NEEDS_DATABASE", True):
            print(f"[{name} · {db} · {size}] preparing the database ...", flush=True)
            databases.build_template()
        url = databases.template_url()
    if hasattr(module, "prepare"):
        _worker(module.__name__, "prepare", size, db, url, work)
    runs: list[tuple[list[dict], float]] = []
    repeat = min(repeat, getattr(module, "REPEAT", repeat))
    for i in range(repeat):
        if getattr(module, "FRESH_DATABASE", False):
            url = databases.fresh(f"{name}_run")
        measurements, peak = _worker(module.__name__, "run", size, db, url, work)
        runs.append((measurements, peak))
        for m in measurements:
            print(
                f"[{name} · {db} · {size}] run {i + 1}/{repeat}: {m['figure']}: "
                f"{_time(m['seconds'], m.get('unit', 's'))}, "
                f"peak {m.get('peak_mb') or peak:.0f} MB",
                flush=True,
            )
    figures = []
    for index, first in enumerate(runs[0][0]):
        seconds = [r[0][index]["seconds"] for r in runs]
        cpu = [r[0][index]["cpu_seconds"] for r in runs if r[0][index]["cpu_seconds"] is not None]
        figures.append(
            {
                "benchmark": name,
                "figure": first["figure"],
                "size": size,
                "data_size": first["data_size"],
                "database": db,
                "runs": len(seconds),
                "median": statistics.median(seconds),
                "min": min(seconds),
                "max": max(seconds),
                "cpu_median": statistics.median(cpu) if cpu else None,
                "peak_mb": max(r[0][index].get("peak_mb") or r[1] for r in runs),
                "metrics": first.get("metrics"),
                "target": first["target"],
                "unit": first.get("unit", "s"),
                "measured": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "load": round(os.getloadavg()[0], 1),
                "commit": _commit(),
            }
        )
    return figures


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def save(figures: list[dict]) -> None:
    """Replace the earlier figures of the same benchmark, figure, size and database."""
    old = json.loads(RESULTS.read_text()) if RESULTS.exists() else []

    def key(f):
        return (f["benchmark"], f["figure"], f["size"], f["database"])

    new_keys = {key(f) for f in figures}
    kept = [f for f in old if key(f) not in new_keys]
    everything = sorted(kept + figures, key=lambda f: (f["benchmark"], f["size"], f["database"]))
    RESULTS.write_text(json.dumps(everything, indent=1, ensure_ascii=False) + "\n")
    REPORT.write_text(render(everything))


def render(figures: list[dict]) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `python -m bench` (`make bench`) from bench/results.json; each run replaces",
        "the figures it measured. Times are wall-clock seconds over repeated runs, each in a",
        "fresh process: median and spread (min-max); CPU is the worker's median process time;",
        "peak memory is the worker's maximum resident set size. The machine (2 cores) is shared:",
        "the load average at the time of measuring is given, and wall-clock times under load are",
        "longer than the CPU time.",
        "",
        "| benchmark | figure | data size | database | median | spread | CPU | runs "
        "| peak memory | target | measured (load, commit) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        cpu = _time(f["cpu_median"]) if f.get("cpu_median") is not None else "—"
        unit = f.get("unit", "s")
        lines.append(
            f"| {f['benchmark']} | {f['figure']} | {f['data_size']} | {f['database']} "
            f"| {_time(f['median'], unit)} | {_time(f['min'], unit)}–{_time(f['max'], unit)} "
            f"| {cpu} | {f['runs']} "
            f"| {f['peak_mb']:.0f} MB | {f['target'] or '—'} "
            f"| {f['measured']} (load {f['load']}, {f['commit']}) |"
        )
    quality = [f for f in figures if f.get("metrics")]
    if quality:
        lines += [
            "",
            "## Other figures",
            "",
            "Figures a benchmark measures besides time (for the radar: pairwise precision, recall",
            "and F1 over the final clusters, blocking recall, the precision–recall curve).",
            "",
            "| benchmark | figure | data size | figures | measured (load, commit) |",
            "|---|---|---|---|---|",
        ]
        for f in quality:
            shown = "; ".join(f"{k} {v}" for k, v in f["metrics"].items())
            lines.append(
                f"| {f['benchmark']} | {f['figure']} | {f['data_size']} | {shown} "
                f"| {f['measured']} (load {f['load']}, {f['commit']}) |"
            )
    return "\n".join(lines) + "\n"


def _time(seconds: float, unit: str = "s") -> str:
    """Seconds, or milliseconds under a second (page latencies); or a ratio."""
    if unit != "s":
        return f"{seconds:.1f}{unit}"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> None:
    benchmarks = registered()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--only", action="append", choices=sorted(benchmarks), metavar="NAME")
    parser.add_argument(
        "--size",
        choices=["small", "large", "national"],
        default="small",
        help="small (default, minutes), large (200,000 reports), national (2.6 million, "
        "PostgreSQL only; hours)",
    )
    parser.add_argument(
        "--db",
        choices=["sqlite", "postgres"],
        action="append",
        help="default: SQLite, and PostgreSQL when a server answers",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if args.list:
        for name, module in benchmarks.items():
            sizes = ", ".join(
                f"{k}: {v:,}" if isinstance(v, int) else f"{k}: {v}"
                for k, v in getattr(module, "SIZES", {}).items()
            )
            print(f"{name:12} {module.DESCRIPTION} ({sizes})")
        return
    reachable = postgres_reachable()
    dbs = args.db or (["sqlite", "postgres"] if reachable else ["sqlite"])
    if "postgres" in dbs and not reachable:
        parser.error("no PostgreSQL server answers at 127.0.0.1:5432 (BENCH_POSTGRES)")
    if not reachable and not args.db:
        print("PostgreSQL not reachable: SQLite only.", flush=True)
    for name in args.only or list(benchmarks):
        module = benchmarks[name]
        if args.size not in getattr(module, "SIZES", {args.size: None}):
            print(f"[{name}] has no size {args.size}: skipped", flush=True)
            continue
        only_on = getattr(module, "DATABASES", None)
        for db in [d for d in dbs if not only_on or d in only_on] or list(only_on or dbs)[:1]:
            figures = run_one(name, module, size=args.size, db=db, repeat=args.repeat)
            save(figures)
    print(f"written {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
