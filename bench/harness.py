"""The bench harness: what a benchmark module provides and the databases it runs on.

A benchmark is a module `bench/bench_<name>.py` with:

    DESCRIPTION = "one line"
    SIZES = {"small": ..., "large": ...}        # what each size means (shown in the report)
    FRESH_DATABASE = True                         # optional: a new database per repetition
    DATABASES = ("sqlite",)                       # optional: only these (no database needed)
    REPEAT = 1                                    # optional: at most this many repetitions
    NEEDS_DATABASE = False                        # optional: no template database built
    KEPT_DATABASE = "world"                       # optional: a database kept between runs
    def prepare(args) -> None                     # optional, once per database, not timed
    def run(args) -> list[Measurement]            # one repetition; timed by the module itself

`python -m bench` runs every repetition of `run` in a fresh worker process (so peak memory is
the worker's own, and each repetition starts cold), with Django set up on `args.database_url`:
a migrated database with the reference data loaded, shared by `prepare` and all repetitions, or
a new copy of it per repetition with `FRESH_DATABASE`. With `KEPT_DATABASE = "name"` the
benchmark gets a database of that name and size that is kept between runs
(`<prefix>_<name>_<size>` on PostgreSQL, prefix `BENCH_DB_PREFIX` or `meldpunt_bench`;
`<work dir>/<name>_<size>.sqlite3`): migrated by the harness, filled once by `prepare` (which
must be idempotent), so that 200,000 reports are generated once and not for every run. A size
not in `SIZES` is skipped. `args` has `size`, `db` ("sqlite" or "postgres"), `database_url` and
`work_dir` (a scratch directory kept between repetitions). The harness computes median and
spread over the repetitions, keeps every figure in bench/results.json and renders
bench/REPORT.md from it (a run replaces only what it measured).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PG_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
# Database names start with this; set another prefix to run beside someone else's benchmarks.
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "meldpunt_bench")


@dataclass
class Measurement:
    """One figure of one repetition."""

    figure: str  # what was measured, e.g. "generate 100,000 reports"
    seconds: float  # wall-clock time
    data_size: str = ""  # e.g. "100,000 reports, 72,000 advice requests, 3.8 M rows"
    cpu_seconds: float | None = None  # process CPU time, when the module measures it
    target: str = ""  # e.g. "< 120 s"
    peak_mb: float | None = None  # when the module measures a child process's peak itself
    metrics: dict | None = None  # other figures (precision, recall ...), shown in their own table
    unit: str = "s"  # "s" (seconds), or "×" for a ratio (then `seconds` holds the ratio)

    def as_dict(self) -> dict:
        return asdict(self)


def postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=2):
            return True
    except Exception:  # noqa: BLE001 - any failure means: not reachable
        return False


def _manage(url: str, data_dir: Path, *command: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "MELDPUNT_DATA_DIR": str(data_dir)}
    subprocess.run(
        [sys.executable, "-m", "meldpunt", *command],
        check=True,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


class Databases:
    """Template databases (migrated, reference data loaded) and fresh copies of them."""

    def __init__(self, db: str, work_dir: Path):
        self.db = db
        self.work_dir = work_dir
        self.copies = 0

    def template_url(self) -> str:
        if self.db == "sqlite":
            return f"sqlite:///{self.work_dir / 'template.sqlite3'}"
        return f"{PG_SERVER}/{DB_PREFIX}_template"

    def build_template(self) -> None:
        """Migrate a new template database and load the reference data."""
        if self.db == "sqlite":
            path = self.work_dir / "template.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        else:
            self._pg(
                f'DROP DATABASE IF EXISTS "{DB_PREFIX}_template" WITH (FORCE)',
                f'CREATE DATABASE "{DB_PREFIX}_template"',
            )
        _manage(self.template_url(), self.work_dir, "migrate", "--noinput")
        _manage(self.template_url(), self.work_dir, "loadreference")

    def kept(self, name: str) -> str:
        """A database kept between runs, created when missing and migrated."""
        if self.db == "sqlite":
            url = f"sqlite:///{self.work_dir / f'{name}.sqlite3'}"
        else:
            import psycopg

            db = f"{DB_PREFIX}_{name}"
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
                exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
                if exists.fetchone() is None:
                    conn.execute(f'CREATE DATABASE "{db}"')
            url = f"{PG_SERVER}/{db}"
        _manage(url, self.work_dir, "migrate", "--noinput")
        return url

    def fresh(self, name: str) -> str:
        """A new database copied from the template; replaces an earlier one of that name."""
        if self.db == "sqlite":
            path = self.work_dir / f"{name}.sqlite3"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(self.work_dir / "template.sqlite3", path)
            return f"sqlite:///{path}"
        db = f"{DB_PREFIX}_{name}"
        self._pg(
            f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)',
            f'CREATE DATABASE "{db}" TEMPLATE "{DB_PREFIX}_template"',
        )
        return f"{PG_SERVER}/{db}"

    @staticmethod
    def _pg(*statements: str) -> None:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            for sql in statements:
                conn.execute(sql)
