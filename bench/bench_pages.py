"""Page latency: the worklist, the dossier and the report page as a team professional sees them
(access filters on), in a generated world of 20,000 (small), 200,000 (large) or 2.6 million
(national, PostgreSQL) reports.

Server time: each request goes through Django's whole stack in-process (the test client:
middleware, session, the view with its audit entry, the template), without a network or a
browser. Every figure is the median or the 95th percentile over many requests within one run;
the CPU column is the same statistic of the Django process's own CPU time per request, and a
third figure per page adds the PostgreSQL backend's CPU time (read from /proc for this
connection's server process): what a request costs in work when the shared machine is busy and
wall-clock times are mostly waiting for a core.
Target (issue 4): worklist and dossier under 75 ms median and 150 ms p95 at 200,000 reports on
PostgreSQL.
"""

from __future__ import annotations

import statistics
import time

from bench import _world
from bench.harness import Measurement

DESCRIPTION = "worklist, dossier and report pages: server time as a team professional"
SIZES = {size: f"{n:,} reports" for size, n in _world.REPORTS.items()}
KEPT_DATABASE = "world"
REQUESTS = 60  # per page and run, after a warm-up request


def prepare(args) -> None:
    _world.ensure(args.size)


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def database_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend process (0 on SQLite,
    where the database works inside the Django process and is in its CPU time already)."""
    import os

    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with open(f"/proc/{pid}/stat") as fh:  # local server; fields after the command name
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(args) -> list[Measurement]:
    from django.test import Client
    from django.urls import reverse

    from meldpunt.registry.models import Case, Report

    user = _world.professional("triage")
    client = Client()
    client.force_login(user)
    from meldpunt.access import twofactor

    twofactor.mark_verified(client.session, user)  # as the code step of the login does
    area = user.team.work_area_id
    cases = Case.objects.visible_to(user).filter(reports__isnull=False).distinct()
    pages = {
        "worklist": [reverse("web:worklist")] * REQUESTS,
        "worklist, own work area": [f"{reverse('web:worklist')}?area={area}"] * REQUESTS,
        "worklist, page 5": [f"{reverse('web:worklist')}?pagina=5"] * REQUESTS,
        "dossier": [
            reverse("web:case_detail", args=[pk]) for pk in _world.sample_ids(cases, REQUESTS)
        ],
        "report": [
            reverse("web:report_detail", args=[pk])
            for pk in _world.sample_ids(Report.objects.visible_to(user), REQUESTS)
        ],
    }
    size = f"{_world.describe(args.size)}; user {user.username}"
    out = []
    for name, urls in pages.items():
        assert client.get(urls[0], secure=True).status_code == 200, urls[0]  # warm-up
        times, cpu = [], []
        db_before = database_cpu()
        for url in urls:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, secure=True)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            assert response.status_code == 200, (url, response.status_code)
        db_cpu = database_cpu() - db_before
        target = args.size == "large" and args.db == "postgres" and name in ("worklist", "dossier")
        out.append(
            Measurement(
                figure=f"{name} page, median of {len(times)}",
                seconds=statistics.median(times),
                cpu_seconds=statistics.median(cpu),
                data_size=size,
                target="< 75 ms" if target else "",
            )
        )
        out.append(
            Measurement(
                figure=f"{name} page, p95 of {len(times)}",
                seconds=_p95(times),
                cpu_seconds=_p95(cpu),
                data_size=size,
                target="< 150 ms" if target else "",
            )
        )
        # The work a request costs, whatever the load: Django's CPU plus the database backend's
        # (ticks of 10 ms, so a mean over all requests rather than a median).
        out.append(
            Measurement(
                figure=f"{name} page, CPU per request (Django + database), mean of {len(times)}",
                seconds=(sum(cpu) + db_cpu) / len(times),
                data_size=size,
            )
        )
    return out
