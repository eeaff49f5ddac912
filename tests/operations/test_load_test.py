"""The load test itself (bench/loadtest.py, run for 5 minutes by `python -m bench --only load
--size large`): a short run in the suite, so that a load test that measures nothing — every
request redirected to the login or to HTTPS, no write getting through — fails here and not
only when someone reads the benchmark report."""

from __future__ import annotations

import pytest
from django.db import connection

from bench import loadtest
from meldpunt.reference.services import load_reference
from meldpunt.registry.models import Report
from tests.operations.database import database_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the load test runs gunicorn on PostgreSQL"
)
def test_a_short_load_run_gets_real_work_through_and_checks_it(tmp_path):
    load_reference()
    result = loadtest.run_load(
        url=database_url(),
        data_dir=str(tmp_path),
        seconds=15,
        # Fifteen seconds on a busy CI machine: intake and the start of triage must get
        # through; the full chain (approval, feedback) is the 5-minute run's to show.
        required=("report", "start"),
    )
    assert result["problems"] == []
    assert result["errors"] == []
    # Every page was served (200) and every save answered with its redirect or its message.
    assert set(result["statuses"]) <= {200, 302, 400}
    assert result["statuses"][200] > 0
    assert (
        Report.objects.filter(description__contains="Ruzie met geweld").count()
        == result["acks"]["report"]
    )
