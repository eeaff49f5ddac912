"""Writing the radar's blocking keys for people written in bulk (a generated world, an import, a
register from before the radar): `meldpunt radar-index`, in batches or, on PostgreSQL, as one
bulk transaction. The keys must be the ones intake writes for each person, and neither way may
leave the key table without its indexes and constraints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from meldpunt.radar import selectors, services
from meldpunt.radar.models import PersonKey
from meldpunt.registry.models import Person

pytestmark = pytest.mark.django_db

SURNAMES = ["Jansen", "de Vries", "Bakker", "Yılmaz", "El Amrani", "Visser", "Smit"]


def bulk_people(n: int) -> list[int]:
    """People as a bulk import writes them: rows only, no keys."""
    Person.objects.bulk_create(
        Person(
            given_names=f"Naam{i}",
            surname=SURNAMES[i % len(SURNAMES)],
            date_of_birth=dt.date(1980, 1, 1) + dt.timedelta(days=97 * i) if i % 3 else None,
            sex="vm"[i % 2],
            street="Dorpsstraat",
            house_number=str(i + 1),
            postcode=f"30{i % 90 + 10:02d} AB",
            city="Rotterdam",
        )
        for i in range(n)
    )
    return list(Person.objects.order_by("pk").values_list("pk", flat=True))


def stored_keys() -> set[tuple[int, str]]:
    return set(PersonKey.objects.values_list("person_id", "key"))


def expected_keys(ids) -> set[tuple[int, str]]:
    """Each person's keys as intake writes them, one person at a time."""
    out = set()
    for values in Person.objects.filter(pk__in=ids).values(*selectors.PERSON_FIELDS):
        out |= {(values["id"], k) for k in services.keys_of(values)}
    return out


def table_shape() -> dict:
    """The key table's indexes and constraints with their columns and kinds."""
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, PersonKey._meta.db_table)
    return {
        name: (tuple(c["columns"]), c["unique"], c["primary_key"], c["foreign_key"], c["index"])
        for name, c in found.items()
    }


@pytest.mark.parametrize("bulk", [False, True], ids=["batches", "bulk"])
def test_every_person_without_keys_gets_the_keys_intake_would_write(bulk):
    ids = bulk_people(23)
    # three people already have keys (one of them with a key intake would not write now):
    # they are left alone, the others are written in batches smaller than the whole
    services.index_people(ids[5:8])
    PersonKey.objects.create(person_id=ids[6], key="dob:1900-01-01")
    before = table_shape()

    assert services.index_people(batch=4, bulk=bulk) == 20

    assert stored_keys() == expected_keys(ids) | {(ids[6], "dob:1900-01-01")}
    assert table_shape() == before
    assert services.index_people(batch=4, bulk=bulk) == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="bulk mode is PostgreSQL's")
def test_an_interrupted_bulk_run_leaves_the_key_table_as_it_was():
    ids = bulk_people(12)
    services.index_people(ids[:2])
    before_rows, before_shape = stored_keys(), table_shape()

    def fail_after_first_batch(n):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        services.index_people(batch=5, bulk=True, progress=fail_after_first_batch)

    assert stored_keys() == before_rows
    assert table_shape() == before_shape
    # and the unique constraint is really there again: the same key twice is refused
    with pytest.raises(Exception, match="radar_key_once"):
        PersonKey.objects.create(
            person_id=ids[0], key=min(k for p, k in before_rows if p == ids[0])
        )


def test_an_interrupted_run_in_batches_keeps_the_batches_done():
    bulk_people(12)
    calls = []

    def stop_after_second_batch(n):
        calls.append(n)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        services.index_people(batch=5, progress=stop_after_second_batch)

    assert len({p for p, _ in stored_keys()}) == 10
    assert services.index_people(batch=5) == 2


def test_the_command_indexes_everyone_and_refuses_a_batch_of_nothing():
    ids = bulk_people(7)
    with pytest.raises(CommandError, match="positief"):
        call_command("radar-index", "--batch", "0", verbosity=0)
    assert not PersonKey.objects.exists()

    call_command("radar-index", "--bulk", "--batch", "3", verbosity=0)

    assert stored_keys() == expected_keys(ids)
