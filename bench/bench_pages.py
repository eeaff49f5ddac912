"""Page latency: the worklist, the dossier and the report page as a team professional sees them
(access filters on), in a generated world of 20,000 (small), 200,000 (large) or 2.6 million
(national, PostgreSQL) reports.

Server time: each request goes through Django's whole stack in-process (the test client:
middleware, session, the view with its audit entry, the template), without a network or a
browser. Every figure is the median or the 95th percentile over many requests within one run;
the CPU column is the same statistic of the Django process's own CPU time per request (the
database server's work is in the wall-clock time only), which shows what a request costs when
the shared machine is busy.
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


def run(args) -> list[Measurement]:
    from django.test import Client
    from django.urls import reverse

    from meldpunt.registry.models import Case, Report

    user = _world.professional("triage")
    client = Client()
    client.force_login(user)
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
        for url in urls:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, secure=True)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            assert response.status_code == 200, (url, response.status_code)
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
    return out
