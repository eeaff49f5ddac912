"""Blocking keys and candidate ranking on plain data (no database)."""

import datetime as dt

from meldpunt.radar.linkage import keys
from meldpunt.radar.linkage.candidates import Record, rank
from meldpunt.radar.linkage.keys import record_keys, search_keys
from meldpunt.radar.linkage.normalise import prepare
from meldpunt.radar.linkage.scoring import Model

HOME = {"postcode": "3011 AB", "house_number": "12"}


def test_a_swapped_birth_date_finds_the_stored_key():
    stored = prepare(given_names="Johanna", surname="Berg", date_of_birth=dt.date(2015, 3, 4))
    typed = prepare(given_names="Johana", surname="Berg", date_of_birth=dt.date(2015, 4, 3))
    assert record_keys(stored) & set(search_keys(typed))
    assert "dob:2015-03-04" in search_keys(typed)


def test_the_tussenvoegsel_is_not_part_of_any_key():
    a = record_keys(prepare(surname="van der Berg", date_of_birth=dt.date(2015, 3, 4), **HOME))
    b = record_keys(prepare(surname="Berg, v.d.", date_of_birth=dt.date(2015, 3, 4), **HOME))
    assert a == b


def test_a_key_needs_all_its_parts():
    keys = record_keys(prepare(surname="Jansen"))
    assert keys == {"sn:jansen"}


def test_ranking_puts_the_same_person_first_and_never_marks_a_twin_likely():
    model = Model.load()
    born = dt.date(2012, 6, 20)
    emma = Record(1, prepare(given_names="Emma", surname="Jansen", date_of_birth=born, **HOME))
    sophie = Record(2, prepare(given_names="Sophie", surname="Jansen", date_of_birth=born, **HOME))
    typed = prepare(given_names="Ema", surname="Janssen", date_of_birth=born, **HOME)
    ranked = rank(typed, [sophie, emma], model)
    assert ranked[0].id == 1 and ranked[0].likely
    assert all(not c.likely for c in ranked[1:])


def test_a_candidate_with_the_same_bsn_is_always_shown():
    model = Model.load()
    known = Record(1, prepare(given_names="Piet", surname="Visser", bsn="111222333"))
    typed = prepare(given_names="Klaas", surname="Bos", bsn="111222333")
    [candidate] = rank(typed, [known], model)
    assert not candidate.likely


def test_a_key_longer_than_the_column_keeps_its_kind_and_still_matches_its_equal():
    long_street = "Burgemeester " * 20
    a, b = keys.key("adr", long_street), keys.key("adr", long_street)
    assert a == b and a.startswith("adr:#") and len(a) <= keys.MAX_KEY
    assert keys.key("adr", long_street + "x") != a
    assert keys.key("dob", "1990-04-01") == "dob:1990-04-01"
