"""The generated world the page and intake benchmarks run in, kept between runs.

`meldpunt generate` fills it once per size and database (`KEPT_DATABASE = "world"`): ten years of
reports up to today with their whole process, so that most files are closed and the worklist
holds the recent open work, as in a register that has run for years, with the radar's keys of
every person (the intake's known-people check searches them). An interrupted fill continues
where it stopped the next time (the generator resumes; the keys are written again).
"""

from __future__ import annotations

import datetime as dt
import random
import time

REPORTS = {"small": 20_000, "large": 200_000, "national": 2_600_000}
FIRST_DAY = dt.date(2017, 1, 1)
SEED = 1


def ensure(size: str) -> None:
    """Generate the world of this size unless a finished run of it is there."""
    from django.core.management import call_command

    from meldpunt import clock
    from meldpunt.reference.models import WorkArea
    from meldpunt.synthetic import services
    from meldpunt.synthetic.models import GenerationRun

    n = REPORTS[size]
    if GenerationRun.objects.filter(reports=n, finished_at__isnull=False).exists():
        if _index_radar():  # a world generated before the worlds carried the radar's keys
            _analyze()
        return
    if not WorkArea.objects.exists():
        call_command("loadreference", verbosity=0)
    options = services.Options(reports=n, seed=SEED, date_from=FIRST_DAY, date_to=clock.today())
    unfinished = GenerationRun.objects.filter(finished_at__isnull=True).first()
    if unfinished is not None:  # continue it with its own period
        options = services.Options(
            reports=n, seed=SEED, date_from=unfinished.date_from, date_to=unfinished.date_to
        )
    print(f"generating {n:,} reports (once; kept for later runs) ...", flush=True)
    services.generate(options)
    _index_radar()
    _analyze()


def _index_radar() -> bool:
    """The radar's blocking keys for every generated person, as `make demo` writes them
    (`meldpunt radar-index --bulk`): the intake's known-people check searches them. One
    transaction on PostgreSQL (an interrupted run writes nothing and starts again), batches on
    SQLite; a no-op when every person has keys. True when it wrote keys."""
    from meldpunt.radar import services as radar
    from meldpunt.registry.models import Person

    todo = Person.objects.filter(radar_keys__isnull=True).count()
    if todo:
        print(f"writing the radar keys of {todo:,} people (once; kept) ...", flush=True)
        started = time.perf_counter()
        radar.index_people(bulk=True)
        print(f"  written in {time.perf_counter() - started:.0f} s", flush=True)
    return bool(todo)


def _analyze() -> None:
    """Fresh planner statistics after the bulk load (autovacuum does this in production, some
    minutes later); on PostgreSQL a VACUUM also lets counts read the covering indexes only."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def describe(size: str) -> str:
    from meldpunt.registry.models import Advice, Report

    return f"{Report.objects.count():,} reports, {Advice.objects.count():,} advice requests"


def professional(role_name: str = "triage"):
    """A generated team professional (access filters on: no break-the-glass, not named on
    shielded files), the first of the largest team."""
    from django.db.models import Count

    from meldpunt.access.models import Team, User

    team = Team.objects.annotate(n=Count("members")).order_by("-n", "pk").first()
    slug = role_name.replace("_", "-")
    return (
        User.objects.filter(team=team, username__contains=f"-{slug}-").order_by("username").first()
    )


def sample_ids(queryset, k: int, seed: int = 7) -> list[int]:
    """k ids drawn at random (reproducibly) from the queryset."""
    ids = list(queryset.values_list("pk", flat=True))
    return random.Random(seed).sample(ids, min(k, len(ids)))
