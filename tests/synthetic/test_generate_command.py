"""`meldpunt generate`: flags checked with clear messages, deterministic, safe to interrupt."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from meldpunt.registry.models import Person, Report
from meldpunt.synthetic import services
from meldpunt.synthetic.models import GenerationRun, TruePerson
from tests.synthetic.snapshot import snapshot

OPTIONS = services.Options(
    reports=120, seed=3, date_from=dt.date(2024, 1, 1), date_to=dt.date(2025, 3, 31)
)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--reports", "0"], "--reports moet groter dan 0 zijn."),
        (["--reports", "veel"], "--reports moet een geheel getal zijn, niet 'veel'."),
        (["--reports", "5", "--seed", "x"], "--seed moet een geheel getal zijn, niet 'x'."),
        (["--reports", "5", "--from", "1-2-2024"], "--from '1-2-2024' is geen geldige datum"),
        (["--reports", "5", "--to", "2999-01-01"], "--to (2999-01-01) ligt in de toekomst."),
        (
            ["--reports", "5", "--from", "2025-02-01", "--to", "2025-01-01"],
            "--from (2025-02-01) moet vóór --to (2025-01-01) liggen.",
        ),
    ],
)
def test_generate_refuses_bad_flags_with_a_clear_message(reference, args, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        call_command("generate", *args)
    assert not Report.objects.exists()


def test_generate_without_reference_data_says_what_to_do_first(db):
    with pytest.raises(CommandError, match="meldpunt loadreference"):
        call_command("generate", "--reports", "5", "--from", "2025-01-01", "--to", "2025-02-01")


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(staff, clock):
    clock.at(2025, 6, 2, 12)

    def build(options):
        with transaction.atomic():
            services.generate(options, batch_size=50)
            rows = snapshot()
            ids = sorted(Person.objects.values_list("pk", "surname", "date_of_birth"))
            transaction.set_rollback(True)
        return rows, ids

    first, second = build(OPTIONS), build(OPTIONS)
    other, _ = build(services.Options(**{**OPTIONS.__dict__, "seed": 4}))
    assert first == second
    assert other["registry.person"] != first[0]["registry.person"]
    assert other["access.auditentry"] != first[0]["access.auditentry"]


def test_if_empty_leaves_a_database_with_reports_alone(reference):
    services.generate(OPTIONS, batch_size=50)
    before = Report.objects.count()
    call_command(
        "generate", "--reports", "10", "--if-empty", "--from", "2024-01-01", "--to", "2024-12-31"
    )
    assert Report.objects.count() == before == 120


def test_an_interrupted_run_continues_where_it_stopped_and_ends_as_an_uninterrupted_one(
    staff, clock
):
    clock.at(2025, 6, 2, 12)
    with transaction.atomic():
        services.generate(OPTIONS, batch_size=50)
        whole = snapshot()
        transaction.set_rollback(True)

    def interrupt(n):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        services.generate(OPTIONS, batch_size=50, progress=interrupt)
    run = GenerationRun.objects.get()
    assert (run.reports_done, run.finished) == (50, False)
    assert Report.objects.count() == 50

    with pytest.raises(Exception, match="dezelfde --seed en --reports"):
        services.generate(services.Options(**{**OPTIONS.__dict__, "seed": 9}), batch_size=50)
    services.generate(OPTIONS, batch_size=50)
    assert GenerationRun.objects.get().finished
    assert snapshot() == whole


def test_every_generated_person_row_has_its_true_identity(reference):
    services.generate(OPTIONS, batch_size=50)
    assert TruePerson.objects.count() == Person.objects.count() > 0
