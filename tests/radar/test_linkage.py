"""The pure linkage core on tiny hand-made cases."""

from __future__ import annotations

import datetime as dt

import pytest

from meldpunt.radar.linkage import batch
from meldpunt.radar.linkage.cluster import constrained_clusters
from meldpunt.radar.linkage.linkfile import prepare_row
from meldpunt.radar.linkage.normalise import normalise_postcode, phonetic, prepare, split_surname
from meldpunt.radar.linkage.scoring import Model

HOME = {"street": "Kerkstraat", "house_number": "12", "postcode": "3011 AB", "city": "Rotterdam"}


def person(**values: str):
    return prepare_row({**HOME, **values})


@pytest.fixture(scope="module")
def model():
    return Model.load()


@pytest.fixture(scope="module")
def settings_json():
    return Model.load().settings


def test_tussenvoegsels_are_split_off_wherever_they_are_written():
    assert split_surname("van der Berg") == ("van der", "berg")
    assert split_surname("Berg, van der") == ("van der", "berg")
    assert split_surname("Berg", "van der") == ("van der", "berg")
    assert split_surname("in 't Veld")[1] == "veld"
    assert split_surname("De Vries")[1] == "vries"


def test_dutch_postcodes_are_normalised_and_foreign_ones_kept_as_given():
    assert normalise_postcode("3011 ab") == normalise_postcode("3011AB") == "3011AB"
    assert normalise_postcode("SW1A 1AA") == "SW1A1AA"
    assert normalise_postcode("75001") == "75001"


def test_names_that_sound_alike_share_a_phonetic_key():
    assert phonetic("Huijsman") == phonetic("Huysman")
    assert phonetic("Smit") == phonetic("Smidt")
    assert phonetic("Claassen") == phonetic("Klaasen")
    assert phonetic("Jansen") != phonetic("Visser")


def test_the_address_is_one_value_whatever_the_postcode_spelling():
    a = prepare(postcode="3011 AB", house_number="12 a")
    b = prepare(postcode="3011ab", house_number="12A")
    assert a.address == b.address != ""


def test_same_person_with_a_typo_and_swapped_date_scores_as_a_match(model):
    a = person(given_name="Johanna", surname="van der Berg", date_of_birth="2015-03-04", sex="v")
    b = person(given_name="Johnana", surname="Berg, van der", date_of_birth="2015-04-03", sex="v")
    score = model.score(a, b)
    assert score.probability > batch.DEFAULT_THRESHOLD
    levels = {e.field: e.level for e in score.evidence}
    assert levels["dob"] == "swapped"
    assert levels["given_name"] == "near"


def test_twins_with_different_given_names_are_not_a_match(model):
    a = person(given_name="Daan", surname="de Vries", date_of_birth="2016-05-20", sex="m")
    b = person(given_name="Sem", surname="de Vries", date_of_birth="2016-05-20", sex="m")
    assert model.score(a, b).probability < batch.DEFAULT_THRESHOLD


def test_a_father_and_son_with_the_same_name_are_not_a_match(model):
    a = person(given_name="Mohamed", surname="El Amrani", date_of_birth="1978-02-11", sex="m")
    b = person(given_name="Mohamed", surname="El Amrani", date_of_birth="2004-09-30", sex="m")
    assert model.score(a, b).probability < batch.DEFAULT_THRESHOLD


def test_evidence_says_what_agrees_differs_or_is_missing(model):
    a = person(given_name="Eva", surname="Bakker", date_of_birth="2010-01-05", bsn="111222333")
    b = person(given_name="Eva", surname="Bakker", date_of_birth="", bsn="")
    agreement = {e.field: e.agreement for e in model.score(a, b).evidence}
    assert agreement["given_name"] == "agree"
    assert agreement["dob"] == "missing"
    assert agreement["bsn"] == "missing"


def test_clustering_does_not_chain_twins_through_a_record_without_a_given_name():
    # 0 and 2 are twins; 1 has no given name and links to both.
    scores = {(0, 1): 0.99, (1, 2): 0.98, (0, 2): 0.001}
    clusters = constrained_clusters(
        [0, 1, 2],
        [(0, 1, 0.99), (1, 2, 0.98)],
        lambda a, b: scores[(min(a, b), max(a, b))],
    )
    assert clusters[0] == clusters[1]
    assert clusters[2] != clusters[0]


def test_python_scoring_gives_splinks_probabilities(settings_json, model):
    rows = [
        person(given_name="Johanna", surname="van der Berg", date_of_birth="2015-03-04", sex="v"),
        person(given_name="Johnana", surname="Berg", date_of_birth="2015-04-03", sex="v"),
        person(given_name="Johanna", surname="van der Berg", date_of_birth="1985-03-04", sex="v"),
        person(given_name="J", surname="Bergh", date_of_birth="2015-03-14", bsn="123456782"),
        person(given_name="Piet", surname="Jansen", date_of_birth="2015-03-04", sex="m"),
    ]
    records = list(enumerate(rows))
    result = batch.dedupe(records, model=settings_json, threshold=1e-12)
    tf = batch.term_frequencies(records)
    assert result.pairs
    for a, b, probability in result.pairs:
        freqs = {"surname_a": tf.get(rows[a].surname, 0), "surname_b": tf.get(rows[b].surname, 0)}
        assert model.score(rows[a], rows[b], tf=freqs).probability == pytest.approx(
            probability, abs=1e-4
        )


def test_household_members_are_kept_apart_in_a_batch(settings_json):
    family = [
        person(given_name="Kees", surname="de Jong", date_of_birth="1975-06-01", sex="m"),
        person(given_name="Kees", surname="de Jong", date_of_birth="2003-02-17", sex="m"),
        person(given_name="Anna", surname="de Jong", date_of_birth="1977-08-21", sex="v"),
        person(given_name="Lotte", surname="de Jong", date_of_birth="2008-11-09", sex="v"),
        person(given_name="Lieke", surname="de Jong", date_of_birth="2008-11-09", sex="v"),
        person(given_name="Kees", surname="Jong, de", date_of_birth="1975-01-06", sex="m"),
    ]
    result = batch.dedupe(list(enumerate(family)), model=settings_json)
    assert result.clusters[5] == result.clusters[0]  # the father again, day and month swapped
    assert len({result.clusters[i] for i in range(5)}) == 5


def test_prepare_accepts_a_date_object():
    assert prepare(date_of_birth=dt.date(2015, 3, 4)).dob_swapped == "2015-04-03"
