"""KPI speed (issue 7): one month's and one year's full KPI set for all municipalities, as a team
lead sees it (access filters on), on PostgreSQL; and the same year's figures in DuckDB over a
Parquet export of the same data, with the ratio register ÷ DuckDB.

The facts are written straight into the tables by bench/kpi_data.sql (bench/kpi.py; also
runnable alone: `python -m bench.kpi`), once per size into a kept database; the Parquet export
is made once per size too (in the bench work directory). Targets at the large (national) size:
month < 0.5 s, year < 1.5 s, ratio ≤ 3×.
"""

from __future__ import annotations

from bench import kpi
from bench.harness import Measurement

DESCRIPTION = "KPI month and year as a team lead, and the year in DuckDB over Parquet"
SIZES = {
    "small": "20,000 reports, 18,000 advice requests",
    "large": "1.5 million reports, 1.4 million advice requests (national, 10 years)",
}
KEPT_DATABASE = "kpi"
DATABASES = ("postgres",)
REPEAT = 3  # timings per figure within one run (after a warm-up); the harness repeats runs


def _parquet(args):
    return args.work_dir / f"kpi_parquet_{args.size}"


def prepare(args) -> None:
    kpi.load(args.size)
    folder = _parquet(args)
    if not (folder / "done").exists():
        kpi.export_parquet(folder)
        (folder / "done").write_text("")


def run(args) -> list[Measurement]:
    from meldpunt.insight import kpis
    from meldpunt.insight.periods import Period

    lead = kpi._team_lead()
    size = SIZES[args.size]
    large = args.size == "large"
    out = []
    seconds = {}
    for label, period, target in (
        ("month", Period.month(2025, 11), "< 0.5 s"),
        ("year", Period.year(2025), "< 1.5 s"),
    ):
        kpis.for_user(lead, period=period)  # warm-up: connection, reference data, plans
        median, _, _, _ = kpi._timed(
            lambda period=period: kpis.for_user(lead, period=period), REPEAT
        )
        seconds[label] = median
        out.append(
            Measurement(
                figure=f"KPI {label} ({period.label}), team lead, median of {REPEAT}",
                seconds=median,
                data_size=size,
                target=target if large else "",
            )
        )
    duck, _, _ = kpi.duckdb_year(_parquet(args), REPEAT)
    out.append(
        Measurement(
            figure=f"KPI year in DuckDB over Parquet, median of {REPEAT}",
            seconds=duck,
            data_size=size,
        )
    )
    out.append(
        Measurement(
            figure="KPI year: register ÷ DuckDB",
            seconds=seconds["year"] / duck,
            data_size=size,
            target="≤ 3×" if large else "",
            unit="×",
        )
    )
    return out
