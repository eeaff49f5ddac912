"""KPI speed: one month's and one year's full KPI set for all municipalities, measured as a team
lead sees it (access filters on), on PostgreSQL; and the same year's figures in DuckDB over a
Parquet export of the same data, with the ratio.

    python -m bench.kpi                 # small: 20,000 reports, 18,000 advice requests
    python -m bench.kpi --size large    # national: 1.5 million reports, 1.4 million advice

Targets (issue 7): month < 0.5 s, year < 1.5 s at national size; the register within 3× of
DuckDB. The data is written straight into the tables with SQL (bench/kpi_data.sql) into its own
database (`meldpunt_bench_kpi_<size>`), kept between runs; `--reload` builds it again.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

SIZES = {"small": (20_000, 18_000), "large": (1_500_000, 1_400_000)}
HERE = Path(__file__).resolve().parent
PG = "postgres://postgres@127.0.0.1:5432"
TABLES = [
    "registry_household",
    "registry_case",
    "registry_report",
    "registry_reporter",
    "registry_report_violence_forms",
    "registry_person",
    "registry_involvement",
    "registry_advice",
    "process_term",
    "process_triagedecision",
    "process_service",
    "process_evaluation",
    "process_handover",
]


def _timed(fn, repeat: int) -> tuple[float, float, float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times), result


def _prepare(url: str, size: str, reload: bool) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reload:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldpunt.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    load(size)


def load(size: str) -> None:
    """Write the facts into the (migrated) database Django is set up on, unless they are there."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from meldpunt.registry.models import Report

    name = connection.settings_dict["NAME"]
    n, a = SIZES[size]
    if Report.objects.count() == n:
        print(f"data: {n:,} reports already in {name}")
        return
    if Report.objects.exists():
        sys.exit(f"{name} holds other data; run with --reload")
    call_command("loadreference", verbosity=0)
    from meldpunt.access.models import User

    u1, _ = User.objects.get_or_create(username="bench-triage")
    u2, _ = User.objects.get_or_create(username="bench-approver")
    sql = (HERE / "kpi_data.sql").read_text()
    for key, value in {":N": n, ":A": a, ":H": int(n * 0.6), ":U1": u1.pk, ":U2": u2.pk}.items():
        sql = sql.replace(key, str(value))
    print(f"loading {n:,} reports and {a:,} advice requests into {name} ...", flush=True)
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
        for table in TABLES:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
    # As autovacuum leaves a register that is written day by day: statistics, and the
    # visibility map that lets the KPI queries read covering indexes without the tables.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"loaded in {time.perf_counter() - start:.0f} s", flush=True)


def _team_lead():
    from meldpunt.access.models import User
    from meldpunt.access.roles import Role
    from meldpunt.access.services import grant_roles

    user, created = User.objects.get_or_create(username="bench-teamlead")
    if created:
        grant_roles(user, [Role.TEAM_LEAD])
    return User.objects.get(pk=user.pk)


def _register(repeat: int) -> dict:
    import datetime as dt

    from meldpunt.insight import kpis
    from meldpunt.insight.periods import Period

    lead = _team_lead()
    today = dt.date(2026, 1, 15)
    out = {}
    for label, period in (("month", Period.month(2025, 11)), ("year", Period.year(2025))):
        median, low, high, figures = _timed(
            lambda period=period: kpis.for_user(lead, period=period), repeat
        )
        municipalities = len(figures.get("reports").breakdown.get("gemeente", []))
        out[label] = median
        print(
            f"register {label:5} ({period.label}): median {median:.3f} s "
            f"(min {low:.3f}, max {high:.3f}) — {len(figures.indicators)} indicators, "
            f"{municipalities} municipalities, {figures.get('reports').value:,} reports",
            flush=True,
        )
    del today
    return out


EXPORTS = {
    "report": "SELECT r.id, r.received_at, r.municipality_id, r.work_area_id, r.case_id, "
    "r.crisis_intervention, r.prior_involvement, c.household_id, c.shielded "
    "FROM registry_report r JOIN registry_case c ON c.id = r.case_id",
    "reporter": "SELECT p.report_id, t.cbs_group FROM registry_reporter p "
    "JOIN reference_reportertype t ON t.id = p.reporter_type_id",
    "form": "SELECT f.report_id, v.cbs_category FROM registry_report_violence_forms f "
    "JOIN reference_violenceform v ON v.id = f.violenceform_id",
    "child": "SELECT i.report_id, p.date_of_birth FROM registry_involvement i "
    "JOIN registry_person p ON p.id = i.person_id WHERE i.role = 'child'",
    "term": "SELECT report_id, kind, started_on, original_due_on, met_on, cancelled "
    "FROM process_term WHERE kind IN ('triage', 'voorwaarden_vervolg', 'onderzoek')",
    "decision": "SELECT report_id, outcome, decided_at FROM process_triagedecision "
    "WHERE status = 'approved'",
    "service": "SELECT id, report_id, kind, started_on, closed_on FROM process_service",
    "evaluation": "SELECT service_id, done_on, score_family, score_professionals "
    "FROM process_evaluation",
    "handover": "SELECT report_id, handed_over_on, destination_id FROM process_handover",
    "advice": "SELECT a.received_at, a.municipality_id, t.cbs_group FROM registry_advice a "
    "JOIN reference_reportertype t ON t.id = a.asker_type_id",
}

# The same year's figures, in DuckDB SQL over the Parquet files (visible = not shielded).
DUCK = [
    # on time: triage, V&V, Onderzoek by kind, month, municipality, area
    """SELECT t.kind, date_trunc('month', t.met_on) m, r.municipality_id, r.work_area_id,
       count(*) n, count(*) FILTER (WHERE t.met_on <= t.original_due_on) on_time
       FROM term t JOIN report r ON r.id = t.report_id
       WHERE NOT r.shielded AND NOT t.cancelled AND t.met_on BETWEEN DATE '2025-01-01'
       AND DATE '2025-12-31' GROUP BY ALL""",
    # monitoring scores
    """SELECT date_trunc('month', e.done_on) m, r.municipality_id, r.work_area_id, count(*) n,
       count(*) FILTER (WHERE coalesce(score_family, 10) >= 6
                        AND coalesce(score_professionals, 10) >= 6) safe
       FROM evaluation e JOIN service s ON s.id = e.service_id JOIN report r ON r.id = s.report_id
       WHERE NOT r.shielded AND e.done_on BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'
       AND (score_family IS NOT NULL OR score_professionals IS NOT NULL) GROUP BY ALL""",
    # reports with crisis and recidivism (previous report of the household)
    """WITH prev AS (SELECT id, received_at, household_id, lag(received_at) OVER
         (PARTITION BY household_id ORDER BY received_at) AS before FROM report)
       SELECT date_trunc('month', r.received_at)::DATE m,
       r.municipality_id, r.work_area_id, count(*) n,
       count(*) FILTER (WHERE r.crisis_intervention) crisis,
       count(*) FILTER (WHERE p.before >= r.received_at - INTERVAL 365 DAY) r12,
       count(*) FILTER (WHERE p.before >= r.received_at - INTERVAL 1826 DAY) r5
       FROM report r JOIN prev p ON p.id = r.id WHERE NOT r.shielded
       AND r.received_at >= TIMESTAMPTZ '2025-01-01 00:00+01'
       AND r.received_at < TIMESTAMPTZ '2026-01-01 00:00+01' GROUP BY ALL""",
    """SELECT p.cbs_group, count(*) FROM report r JOIN reporter p ON p.report_id = r.id
       WHERE NOT r.shielded AND r.received_at >= TIMESTAMPTZ '2025-01-01 00:00+01'
       AND r.received_at < TIMESTAMPTZ '2026-01-01 00:00+01' GROUP BY ALL""",
    """SELECT f.cbs_category, count(DISTINCT r.id) FROM report r JOIN form f ON f.report_id = r.id
       WHERE NOT r.shielded AND r.received_at >= TIMESTAMPTZ '2025-01-01 00:00+01'
       AND r.received_at < TIMESTAMPTZ '2026-01-01 00:00+01' GROUP BY ALL""",
    """SELECT r.prior_involvement, count(*) FROM report r WHERE NOT r.shielded
       AND r.received_at >= TIMESTAMPTZ '2025-01-01 00:00+01'
       AND r.received_at < TIMESTAMPTZ '2026-01-01 00:00+01' GROUP BY ALL""",
    """SELECT date_trunc('month', r.received_at)::DATE m, r.municipality_id, r.work_area_id,
       CASE WHEN c.date_of_birth IS NULL THEN 'onbekend'
            WHEN date_diff('year', c.date_of_birth, r.received_at::DATE) < 4 THEN '0-3'
            WHEN date_diff('year', c.date_of_birth, r.received_at::DATE) < 12 THEN '4-11'
            WHEN date_diff('year', c.date_of_birth, r.received_at::DATE) < 18 THEN '12-17'
            ELSE '18+' END g, count(*)
       FROM child c JOIN report r ON r.id = c.report_id WHERE NOT r.shielded
       AND r.received_at >= TIMESTAMPTZ '2025-01-01 00:00+01'
       AND r.received_at < TIMESTAMPTZ '2026-01-01 00:00+01' GROUP BY ALL""",
    """SELECT date_trunc('month', d.decided_at)::DATE m, r.municipality_id, r.work_area_id,
       d.outcome,
       count(*) FROM decision d JOIN report r ON r.id = d.report_id WHERE NOT r.shielded
       AND d.decided_at >= TIMESTAMPTZ '2025-01-01 00:00+01'
       AND d.decided_at < TIMESTAMPTZ '2026-01-01 00:00+01' GROUP BY ALL""",
    """SELECT date_trunc('month', h.handed_over_on) m, r.municipality_id, r.work_area_id,
       h.destination_id, count(*) FROM handover h JOIN report r ON r.id = h.report_id
       WHERE NOT r.shielded AND h.handed_over_on BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'
       GROUP BY ALL""",
    """SELECT date_trunc('month', a.received_at)::DATE m, a.municipality_id, a.cbs_group, count(*)
       FROM advice a WHERE a.received_at >= TIMESTAMPTZ '2025-01-01 00:00+01'
       AND a.received_at < TIMESTAMPTZ '2026-01-01 00:00+01' GROUP BY ALL""",
    # waiting list at the end of the year
    """SELECT r.municipality_id, r.work_area_id, count(*) n,
       count(*) FILTER (WHERE t.original_due_on < DATE '2025-12-31') overdue,
       median(DATE '2025-12-31' - t.started_on) wait
       FROM term t JOIN report r ON r.id = t.report_id WHERE NOT r.shielded
       AND t.kind = 'triage' AND t.started_on <= DATE '2025-12-31'
       AND (t.met_on IS NULL OR t.met_on > DATE '2025-12-31') GROUP BY ALL""",
    # throughput percentiles per step and month
    """SELECT t.kind, date_trunc('month', t.met_on) m,
       quantile_disc(t.met_on - t.started_on, [0.5, 0.8, 0.95]) q
       FROM term t JOIN report r ON r.id = t.report_id WHERE NOT r.shielded AND NOT t.cancelled
       AND t.met_on BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' GROUP BY ALL""",
    """SELECT quantile_disc(s.closed_on - s.started_on, [0.5, 0.8, 0.95]) FROM service s
       JOIN report r ON r.id = s.report_id WHERE NOT r.shielded AND s.kind = 'monitoring'
       AND s.closed_on BETWEEN DATE '2025-01-01' AND DATE '2025-12-31'""",
]


def export_parquet(folder: Path) -> None:
    """The tables the year's figures need, as Parquet files in `folder`."""
    import duckdb
    from django.db import connection

    folder.mkdir(parents=True, exist_ok=True)
    duck = duckdb.connect()
    try:
        with connection.cursor() as cursor:
            raw = cursor.connection
            for name, query in EXPORTS.items():
                csv_path = folder / f"{name}.csv"
                with (
                    csv_path.open("wb") as fh,
                    raw.cursor().copy(
                        f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER true)"
                    ) as copy,
                ):
                    for block in copy:
                        fh.write(block)
                duck.sql(
                    f"COPY (SELECT * FROM read_csv_auto('{csv_path}')) "
                    f"TO '{folder / name}.parquet' (FORMAT parquet)"
                )
                csv_path.unlink()
    finally:
        duck.close()


def duckdb_year(folder: Path, repeat: int) -> tuple[float, float, float]:
    """Median, min and max seconds of the year's figures in DuckDB over the Parquet files."""
    import duckdb

    duck = duckdb.connect()
    try:
        for name in EXPORTS:
            duck.sql(f"CREATE VIEW {name} AS SELECT * FROM '{folder / name}.parquet'")
        duck.sql("SET TimeZone = 'Europe/Amsterdam'")
        median, low, high, _ = _timed(lambda: [duck.sql(q).fetchall() for q in DUCK], repeat)
    finally:
        duck.close()
    return median, low, high


def _duckdb(repeat: int) -> float:
    folder = Path(tempfile.mkdtemp(prefix="kpi-parquet-"))
    start = time.perf_counter()
    try:
        export_parquet(folder)
        print(f"parquet export in {time.perf_counter() - start:.0f} s ({folder})", flush=True)
        median, low, high = duckdb_year(folder, repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"duckdb   year  (2025): median {median:.3f} s (min {low:.3f}, max {high:.3f})")
    return median


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--database", help="PostgreSQL URL (default: its own bench database).")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reload", action="store_true", help="Build the data again.")
    parser.add_argument("--no-duckdb", action="store_true")
    args = parser.parse_args(argv)
    url = args.database or f"{PG}/meldpunt_bench_kpi_{args.size}"
    _prepare(url, args.size, args.reload)
    results = _register(args.repeat)
    if not args.no_duckdb:
        results["duckdb_year"] = _duckdb(args.repeat)
        ratio = results["year"] / results["duckdb_year"]
        results["ratio"] = ratio
        print(f"register year / duckdb year = {ratio:.1f}× (target ≤ 3×)")
    if args.size == "large":
        ok = results["month"] < 0.5 and results["year"] < 1.5
        print(f"targets month < 0.5 s and year < 1.5 s: {'met' if ok else 'NOT met'}")
    return results


if __name__ == "__main__":
    main()
