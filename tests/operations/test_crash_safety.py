"""Crash safety: the long-running commands killed with SIGKILL midway (no clean-up, no except
clause runs) and run again leave the database consistent: whole records only, no duplicates.

Each command runs in a real subprocess on this test's database; the test watches the database
until committed progress shows, kills the process, checks what is left, runs the command again
to the end and checks the result. Kept small (a few hundred rows) to stay quick.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Count

from meldpunt.access.models import FactKind, StatisticalFact
from meldpunt.legacy.models import LegacyKey
from meldpunt.legacy.sample import write_sample
from meldpunt.process.models import Term, TermKind
from meldpunt.reference.services import load_reference
from meldpunt.registry.models import Case, Involvement, Person, Report
from meldpunt.synthetic.models import GenerationRun, TruePerson
from tests.operations.database import database_url

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def _start(code: str, **extra_env: str) -> subprocess.Popen:
    env = {
        **os.environ,
        **extra_env,
        "DATABASE_URL": database_url(),
        "MELDPUNT_DATA_DIR": str(settings.DATA_DIR),
        "DJANGO_SETTINGS_MODULE": "meldpunt.settings",
    }
    script = f"import django\ndjango.setup()\n{code}"
    return subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _kill_after(proc: subprocess.Popen, progressed, *, timeout: float = 240) -> None:
    """SIGKILL `proc` as soon as `progressed()` sees committed work in the database."""
    deadline = time.monotonic() + timeout
    while not progressed():
        if proc.poll() is not None:
            raise AssertionError(f"finished before it could be killed: {proc.stderr.read()!r}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("no progress seen in time")
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def _run(code: str, **extra_env: str) -> None:
    proc = _start(code, **extra_env)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()[-3000:]


def _reports_are_whole(*, triage_terms: bool = True) -> None:
    """Every report has its reporter, its people and its triage term; every person has a row
    with the ground truth (generator) where it came from."""
    assert not Report.objects.filter(reporter__isnull=True).exists()
    assert not Report.objects.filter(involvements__isnull=True).exists()
    if triage_terms:
        assert not Report.objects.exclude(terms__kind=TermKind.TRIAGE).exists()
    assert not (
        Term.objects.filter(kind=TermKind.TRIAGE)
        .values("report")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .exists()
    )
    assert not Case.objects.filter(reports__isnull=True, opened_at__isnull=True).exists()


GENERATE = """
import datetime as dt
from meldpunt.synthetic import services
options = services.Options(reports={n}, seed=5, date_from=dt.date(2023, 1, 1),
                           date_to=dt.date(2024, 6, 30))
services.generate(options, batch_size=25)
"""


def test_the_generator_killed_midway_and_run_again_ends_whole_without_duplicates():
    load_reference()
    n = 150
    proc = _start(GENERATE.format(n=n))
    _kill_after(proc, lambda: Report.objects.count() >= 50)
    run = GenerationRun.objects.get()
    assert not run.finished_at
    # Whole batches only: what is there is exactly what the run says it committed.
    assert Report.objects.count() == run.reports_done
    assert run.reports_done % 25 == 0 and 0 < run.reports_done < n
    assert TruePerson.objects.count() == Person.objects.count()
    _reports_are_whole()

    _run(GENERATE.format(n=n))
    run = GenerationRun.objects.get()
    assert run.finished_at and run.reports_done == n
    assert Report.objects.count() == n
    assert TruePerson.objects.count() == Person.objects.count()
    _reports_are_whole()


MIGRATE_IN = """
from django.core.management import call_command
from meldpunt.legacy import importer
importer.BATCH = 10
call_command("migrate-in", "{directory}", "--system", "oud")
"""


def test_a_legacy_import_killed_midway_and_run_again_has_every_report_once(tmp_path):
    load_reference()
    write_sample(tmp_path, reports=120)
    proc = _start(MIGRATE_IN.format(directory=tmp_path))
    _kill_after(proc, lambda: Report.objects.count() >= 20)
    # Every report that is there came with its source key, in the same transaction.
    keys = LegacyKey.objects.filter(entity="reports")
    assert keys.count() == Report.objects.count()
    assert 0 < Report.objects.count() < 120
    # A migrated report gets its original triage term with its decision (decisions phase) or,
    # still undecided, once the whole history is in (finish_history): a killed import has its
    # reports whole but their terms still to come, and the rerun below completes them.
    _reports_are_whole(triage_terms=False)

    _run(MIGRATE_IN.format(directory=tmp_path))
    assert Report.objects.count() == 120
    assert keys.count() == 120
    assert keys.values("key").distinct().count() == 120
    _reports_are_whole()


MIGRATE_IN_KILLED_IN_A_DOCUMENT_BATCH = """
import os, signal
from django.core.management import call_command
from meldpunt.casefile.models import Document
from meldpunt.legacy import importer, rows
importer.BATCH = 2
create = rows.create

def create_or_die(model, new):
    # The second batch of documents has its files in the storage, its rows not yet committed:
    # killed here, no clean-up of any kind runs.
    if model is Document and Document.objects.exists():
        os.kill(os.getpid(), signal.SIGKILL)
    return create(model, new)

rows.create = create_or_die
call_command("migrate-in", "{directory}", "--system", "oud", "--no-link")
"""


def test_a_legacy_import_killed_in_a_document_batch_leaves_no_unreferenced_file(tmp_path):
    from meldpunt.casefile.models import Document

    load_reference()
    export, store = tmp_path / "export", tmp_path / "store"
    counts = write_sample(export, reports=120)
    assert counts["documents"] == 4
    proc = _start(
        MIGRATE_IN_KILLED_IN_A_DOCUMENT_BATCH.format(directory=export), DOCUMENT_DIR=str(store)
    )
    proc.wait(timeout=600)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()[-3000:]

    def files() -> set[str]:
        return {p.relative_to(store).as_posix() for p in store.rglob("*") if p.is_file()}

    # The first batch is in; the killed batch left its two files behind, unreferenced.
    assert Document.objects.count() == 2
    assert len(files()) == 4

    _run(MIGRATE_IN.format(directory=export), DOCUMENT_DIR=str(store))
    assert Document.objects.count() == 4
    assert files() == set(Document.objects.values_list("storage_name", flat=True))


PURGE = """
from django.core.management import call_command
call_command("purge")
"""


def test_a_purge_killed_midway_and_run_again_destroys_whole_files_and_keeps_one_fact_each():
    load_reference()
    # Files from 2003-2004: their retention period (20 years, 5 without violence) has passed.
    _run(
        GENERATE.replace("2023, 1, 1", "2003, 1, 1")
        .replace("2024, 6, 30", "2004, 12, 31")
        .format(n=200)
    )
    reports_before = Report.objects.count()
    cases_before = Case.objects.count()
    proc = _start(PURGE)
    _kill_after(proc, lambda: Case.objects.count() <= cases_before - 10)
    purged = reports_before - Report.objects.count()
    # A file is destroyed whole, with exactly one statistical fact per destroyed report.
    assert 0 < purged < reports_before
    assert StatisticalFact.objects.filter(kind=FactKind.REPORT).count() == purged
    assert not Involvement.objects.filter(person__isnull=True).exists()
    _reports_are_whole()

    _run(PURGE)
    purged = reports_before - Report.objects.count()
    assert StatisticalFact.objects.filter(kind=FactKind.REPORT).count() == purged
    assert Case.objects.count() < cases_before - 10
    _reports_are_whole()
    # Nothing left that had expired (run again: nothing more to do).
    from meldpunt.access import retention

    assert not list(retention.expired_cases(today=dt.date.today()))  # noqa: DTZ011
