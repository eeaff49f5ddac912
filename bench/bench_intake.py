"""Intake latency: a report registered through the intake page, with the known-people check
(the radar check before saving) against the whole register, as an intake professional.

Each intake is two requests, as in the browser: "check" (who is already known: same BSN, or
same surname and date of birth, on files the user may see) and "save" (the report with its
reporter, the people involved, the triage term, the audit entries). Server time through the
whole Django stack in-process (test client). The reports are really written: the world grows
by `INTAKES` reports per run.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

from bench import _world
from bench.harness import Measurement

DESCRIPTION = "intake: known-people check and registering a report, server time"
SIZES = {size: f"{n:,} reports" for size, n in _world.REPORTS.items()}
KEPT_DATABASE = "world"
INTAKES = 40


def prepare(args) -> None:
    _world.ensure(args.size)


def _post(known, other, rnd: random.Random, served, reporter_type) -> dict:
    now = dt.datetime.now().strftime("%Y-%m-%dT%H:%M")  # noqa: DTZ005 - a form's local time
    data = {
        "received_at": now,
        "municipality": str(served),
        "reporter_type": str(reporter_type),
        "reporter_name": "Agent Bakker",
        "wants_feedback": "on",
        "description": "Ruzie met geweld, kinderen aanwezig",
        "people-TOTAL_FORMS": "3",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "12",
        # someone known by surname and date of birth, someone known by BSN, someone new
        "people-0-role": "victim",
        "people-0-given_names": known.given_names,
        "people-0-surname": known.surname,
        "people-0-date_of_birth": known.date_of_birth.isoformat(),
        "people-0-sex": known.sex,
        "people-1-role": "suspect",
        "people-1-surname": other.surname,
        "people-1-bsn": other.bsn,
        "people-1-sex": other.sex,
        "people-2-role": "child",
        "people-2-given_names": rnd.choice(["Noah", "Emma", "Sem", "Julia", "Liam"]),
        "people-2-surname": f"Nieuw{rnd.randrange(10**6)}",
        "people-2-date_of_birth": dt.date(
            2015 + rnd.randrange(8), 1 + rnd.randrange(12), 5
        ).isoformat(),
        "people-2-sex": "x",
    }
    return data


def run(args) -> list[Measurement]:
    from django.test import Client
    from django.urls import reverse

    from meldpunt.reference.models import Municipality, ReporterType
    from meldpunt.registry.models import Person

    rnd = random.Random(len(args.work_dir.name) + int(time.time()))
    user = _world.professional("intake")
    client = Client()
    client.force_login(user)
    from meldpunt.access import twofactor

    twofactor.mark_verified(client.session, user)  # as the code step of the login does
    people = Person.objects.exclude(surname="").filter(date_of_birth__isnull=False)
    known = Person.objects.filter(
        pk__in=_world.sample_ids(people, INTAKES, seed=rnd.randrange(10**6))
    )
    with_bsn = Person.objects.filter(
        pk__in=_world.sample_ids(people.exclude(bsn=""), INTAKES, seed=rnd.randrange(10**6))
    )
    pairs = list(zip(known, with_bsn, strict=False))
    served = list(Municipality.objects.filter(served=True).values_list("pk", flat=True))
    reporter_type = ReporterType.objects.get(code="politie").pk
    url = reverse("web:report_new")
    size = f"{_world.describe(args.size)}; user {user.username}"
    checks, saves = [], []
    for i, (a, b) in enumerate(pairs):
        data = _post(a, b, rnd, rnd.choice(served), reporter_type)
        start = time.perf_counter()
        response = client.post(url, {**data, "action": "check"}, secure=True)
        checked = time.perf_counter()
        assert response.status_code == 200, response.status_code
        response = client.post(url, {**data, "action": "save", "checked": "1"}, secure=True)
        saved = time.perf_counter()
        assert response.status_code == 302, response.content.decode()[-2000:]
        if i:  # the first intake warms the caches
            checks.append(checked - start)
            saves.append(saved - checked)
    out = []
    for name, times in (("known-people check", checks), ("register report", saves)):
        out.append(
            Measurement(
                figure=f"intake: {name}, median of {len(times)}",
                seconds=statistics.median(times),
                data_size=size,
            )
        )
        out.append(
            Measurement(
                figure=f"intake: {name}, p95 of {len(times)}",
                seconds=statistics.quantiles(times, n=20, method="inclusive")[-1],
                data_size=size,
            )
        )
    return out
