"""`meldpunt link`: re-link the register, train and version a model, propose — never merge."""

from __future__ import annotations

import datetime as dt
import json
import re

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


def test_a_merge_of_two_people_is_proposed_for_splitting_and_not_again_once_turned_down(
    approver,
):
    from meldpunt.radar import services
    from meldpunt.radar.models import LinkProposal

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
    first = person(given_names="Eva", surname="Bakker", sex="v", date_of_birth=dt.date(2011, 1, 5))
    again = person(given_names="Eva", surname="Bakker", sex="v", date_of_birth=dt.date(2011, 5, 1))
    services.merge_people(person=twin_a, other=twin_b, by=approver, reason="Zelfde jongen?")
    services.merge_people(person=first, other=again, by=approver, reason="Zelfde meisje")

    outcome = relink.relink(train=False)

    splits = [p for p in outcome.proposals if p.kind == "split"]
    assert [(p.person_id, p.other_id) for p in splits] == [(twin_a.pk, twin_b.pk)]
    assert {e["field"]: e["level"] for e in splits[0].evidence}["given_name"] == "else"
    assert not LinkProposal.objects.filter(kind="merge").exists()  # Eva is one person already
    proposal = LinkProposal.objects.get(kind="split")
    assert (proposal.person_id, proposal.other_id) == (twin_a.pk, twin_b.pk)
    assert AuditEntry.objects.get(event="radar.relinked").details["splits"] == 1
    assert "split" in outcome.report.with_suffix(".csv").read_text()

    services.decide_proposal(proposal=proposal, by=approver, accept=False, reason="Klopt wel")
    again_outcome = relink.relink(train=False)
    assert "split" in [p.kind for p in again_outcome.proposals]  # still in the report ...
    assert not LinkProposal.objects.filter(
        kind="split", status="pending"
    ).exists()  # ... not queued


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
    assert "1 personen" in out and "default-3" in out
    assert not (data_dir / "radar").exists() or not list((data_dir / "radar").glob("model-*"))


# What a trained model file may hold: Splink's settings (m and u probabilities per comparison
# level, SQL conditions, blocking rules) and Meldpunt's version and training summary. A key
# beyond these (a term-frequency table of surnames, say, from a new Splink version) fails the
# test below, because such a table would hold the register's names outside the purge.
MODEL_KEYS = {
    "additional_columns_to_retain",
    "blocking_rules_to_generate_predictions",
    "comparison_vector_value_column_prefix",
    "comparisons",
    "em_convergence",
    "link_type",
    "linker_uid",
    "match_weight_column_prefix",
    "max_iterations",
    "meldpunt_model_version",
    "meldpunt_trained_on",
    "probability_two_random_records_match",
    "retain_intermediate_calculation_columns",
    "retain_matching_columns",
    "source_dataset_column_name",
    "sql_dialect",
    "term_frequency_adjustment_column_prefix",
    "unique_id_column_name",
}
COMPARISON_KEYS = {"comparison_description", "comparison_levels", "output_column_name"}
LEVEL_KEYS = {
    "fix_m_probability",
    "fix_u_probability",
    "is_null_level",
    "label_for_charts",
    "m_probability",
    "u_probability",
    "sql_condition",
    "tf_adjustment_column",
    "tf_adjustment_weight",
    "tf_minimum_u_value",
}


def test_a_trained_model_holds_no_personal_data_so_the_purge_can_leave_it(data_dir):
    """Trained on the register, the model keeps probabilities per comparison level, never a
    name, BSN, birth date or address of anyone in it (retention: docs/security.md)."""
    people = []
    for row, _ in synthetic.generate(1_200, seed=5):
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
    path = models_store.current_path()
    assert path.parent == data_dir / "radar"
    model = json.loads(path.read_text())

    assert set(model) <= MODEL_KEYS, set(model) - MODEL_KEYS
    for comparison in model["comparisons"]:
        assert set(comparison) <= COMPARISON_KEYS
        for level in comparison["comparison_levels"]:
            assert set(level) <= LEVEL_KEYS, set(level) - LEVEL_KEYS
    assert set(model["meldpunt_trained_on"]) == {"source", "people", "at"}

    def texts(node):
        if isinstance(node, dict):
            for key, value in node.items():
                yield str(key)
                yield from texts(value)
        elif isinstance(node, list):
            for item in node:
                yield from texts(item)
        elif isinstance(node, str):
            yield node

    words = {w.lower() for text in texts(model) for w in re.findall(r"[\w-]+", text)}
    values = {
        str(v).lower()
        for p in people
        for v in (p.surname, p.given_names, p.bsn, p.street, p.postcode, p.date_of_birth)
        if v and len(str(v)) >= 4
    }
    assert values, "the register has people with details"
    assert not (words & values), sorted(words & values)[:10]
