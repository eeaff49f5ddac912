"""KPI month and year in the generated world (issue 10): the same register the page and intake
benchmarks use (`bench/_world.py`: ten years of reports written as the services write them, 20,000
/ 200,000 / 2.6 million reports), on SQLite and PostgreSQL, as a generated team lead sees it
(access filters on).

`bench_kpi.py` measures issue 7's national targets on facts loaded by SQL (PostgreSQL only);
this one puts the KPI figures beside the page figures of the same world and database.
"""

from __future__ import annotations

import datetime as dt

from bench import _world
from bench.harness import Measurement
from bench.kpi import _timed

DESCRIPTION = "KPI month and year as a team lead, in the generated world"
SIZES = {size: f"{n:,} reports" for size, n in _world.REPORTS.items()}
KEPT_DATABASE = "world"
REPEAT = 3  # timings per figure within one run (after a warm-up)


def prepare(args) -> None:
    _world.ensure(args.size)


def _last_full_month(today: dt.date) -> tuple[int, int]:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


def run(args) -> list[Measurement]:
    from meldpunt import clock
    from meldpunt.insight import kpis
    from meldpunt.insight.periods import Period

    lead = _world.professional("team_lead")
    assert lead is not None, "the world has no team lead"
    today = clock.today()
    year, month = _last_full_month(today)
    size = f"{_world.describe(args.size)}; user {lead.username}"
    out = []
    for label, period in (
        ("month", Period.month(year, month)),
        ("year", Period.year(today.year - 1)),
    ):
        kpis.for_user(lead, period=period)  # warm-up: connection, reference data, plans
        median, _, _, _ = _timed(lambda period=period: kpis.for_user(lead, period=period), REPEAT)
        out.append(
            Measurement(
                figure=f"KPI {label} ({period.label}), team lead, median of {REPEAT}",
                seconds=median,
                data_size=size,
            )
        )
    return out
