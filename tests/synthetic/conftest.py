from __future__ import annotations

import datetime as dt

import pytest

from meldpunt import clock
from meldpunt.synthetic import services
from meldpunt.synthetic.models import GenerationRun
from meldpunt.synthetic.writer import next_free_ids


def make_run(*, seed: int, reports: int, date_from: dt.date, date_to: dt.date) -> GenerationRun:
    options = services.Options(reports=reports, seed=seed, date_from=date_from, date_to=date_to)
    _, cutoff = services.period(options)
    ids = next_free_ids()
    return GenerationRun.objects.create(
        seed=seed,
        reports=reports,
        date_from=date_from,
        date_to=date_to,
        cutoff=cutoff,
        started_at=clock.now(),
        first_ids=ids,
        next_ids=ids,
    )


@pytest.fixture
def staff(reference):
    return services.ensure_staff()
