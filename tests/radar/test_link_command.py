"""`meldpunt link`: re-link the register, train and version a model, propose — never merge."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command

from meldpunt.access.models import AuditEntry
from meldpunt.radar import models_store, relink
from meldpunt.radar.linkage import synthetic
from meldpunt.registry.models import Person

pytestmark = pytest.mark.django_db

HOME = {"street": "Kerkstraat", "house_number": "12", "postcode": "3011 AB", "city": "Rotterdam"}


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


def person(**values) -> Person:
    return Person.objects.create(**{**HOME, **values})


def test_one_person_registered_twice_is_proposed_twins_are_not_and_nothing_is_merged(data_dir):
    first = person(
        given_names="Johanna",
        surname_prefix="van der",
        surname="Berg",
        sex="v",
        date_of_birth=dt.date(2015, 3, 4),
    )
    again = person(
        given_names="Johnana", surname="Berg, van der", sex="v", date_of_birth=dt.date(2015, 4, 3)
    )
    twin_a = person(
        given_names="Daan",
        surname="Vries",
        surname_prefix="de",
        sex="m",
        date_of_birth=dt.date(2016, 5, 20),
    )
    twin_b = person(
        given_names="Sem",
        surname="Vries",
        surname_prefix="de",
        sex="m",
        date_of_birth=dt.date(2016, 5, 20),
    )
    ids = set(Person.objects.values_list("id", flat=True))

    outcome = relink.relink(train=True)

    assert not outcome.trained  # far too few people to learn from: the shipped model
    pairs = {(p.person_id, p.other_id) for p in outcome.proposals}
    assert pairs == {(first.pk, again.pk)}
    assert (twin_a.pk, twin_b.pk) not in pairs
    assert set(Person.objects.values_list("id", flat=True)) == ids  # nothing merged or renumbered
    report = json.loads(outcome.report.read_text())
    assert report["proposals"][0]["person_id"] == first.pk
    levels = {e["field"]: e["level"] for e in report["proposals"][0]["evidence"]}
    assert levels["dob"] == "swapped"
    assert outcome.report.with_suffix(".csv").exists()
    entry = AuditEntry.objects.get(event="radar.relinked")
    assert entry.details["proposals"] == 1


def test_link_trains_on_the_register_and_keeps_each_model_as_a_new_version(data_dir):
    people = []
    for row, _ in synthetic.generate(1_200, seed=3):
        dob = row.pop("date_of_birth")
        row.pop("record_id")
        people.append(
            Person(
                given_names=row.pop("given_name"),
                date_of_birth=dt.date.fromisoformat(dob) if dob else None,
                **row,
            )
        )
    Person.objects.bulk_create(people)

    call_command("link", "--min-training-records", "1000")
    assert models_store.current_path() == data_dir / "radar" / "model-1.json"
    model = json.loads(models_store.current_path().read_text())
    assert model["meldpunt_model_version"] == "model-1"
    assert model["meldpunt_trained_on"]["people"] == len(people)
    assert model["comparisons"][1]["comparison_levels"][1]["tf_adjustment_column"] == "surname"

    call_command("link", "--min-training-records", "1000")
    assert models_store.current_path().name == "model-2.json"
    assert (data_dir / "radar" / "model-1.json").exists()


def test_link_without_training_uses_the_current_model(data_dir, capsys):
    person(given_names="Eva", surname="Bakker", date_of_birth=dt.date(2010, 1, 5))
    call_command("link", "--no-train")
    out = capsys.readouterr().out
    assert "1 personen" in out and "default-1" in out
    assert not (data_dir / "radar").exists() or not list((data_dir / "radar").glob("model-*"))
