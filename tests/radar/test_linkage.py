"""The pure linkage core on tiny hand-made cases."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from meldpunt.radar.linkage import batch
from meldpunt.radar.linkage.cluster import constrained_clusters
from meldpunt.radar.linkage.comparisons import contradicts
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
    clusters = constrained_clusters(
        [0, 1, 2],
        [(0, 1, 0.99), (1, 2, 0.98)],
        lambda a, b: {a, b} == {0, 2},
    )
    assert clusters[0] == clusters[1]
    assert clusters[2] != clusters[0]


def test_records_that_only_lack_evidence_about_each_other_join_through_a_third():
    # 0 (no birth date) and 2 (moved, no BSN) say little about each other; 1 links both.
    clusters = constrained_clusters([0, 1, 2, 3], [(0, 1, 0.97), (1, 2, 0.95)], lambda a, b: False)
    assert clusters == {0: 0, 1: 0, 2: 0, 3: 3}


def test_contradictions_are_outright_disagreements_and_sql_agrees_with_python():
    rows = [
        person(given_name="Lotte", surname="de Jong", date_of_birth="2008-11-09", sex="v"),
        person(given_name="Lieke", surname="de Jong", date_of_birth="2008-11-09", sex="v"),
        person(given_name="Lotte", surname="Jong", date_of_birth="", sex=""),
        person(given_name="L", surname="de Jong", date_of_birth="2008-09-11", sex="v"),
        person(given_name="Lotte", surname="de Jong", date_of_birth="1980-02-17", sex="v"),
        person(given_name="Lottte", surname="de Jong", date_of_birth="2008-11-19", bsn="1"),
    ]
    pairs = [(a, b) for a in range(len(rows)) for b in range(a + 1, len(rows))]
    python = {(a, b) for a, b in pairs if contradicts(rows[a], rows[b])}
    assert (0, 1) in python  # twins: another given name
    assert (0, 4) in python  # mother and daughter: another birth date
    assert (0, 2) not in python and (0, 3) not in python and (0, 5) not in python
    table = batch.records_table(list(enumerate(rows)))
    assert batch._contradictions(table, pairs) == python


def test_disagreements_that_one_persons_records_show_are_no_contradiction():
    eva = person(given_name="Eva", surname="Bakker", date_of_birth="1994-11-13", sex="v")
    # A typo on each record of a short name: the same first letter, two edits apart.
    assert not contradicts(
        person(given_name="Evra", surname="Bakker", date_of_birth="1994-11-13", sex="v"),
        person(given_name="Eua", surname="Bakker", date_of_birth="1994-11-13", sex="v"),
    )
    # Day and month swapped on one record, a typo in the date on the other.
    swapped = person(given_name="Eva", surname="Bakker", date_of_birth="1994-10-08", sex="v")
    typo = person(given_name="Eva", surname="Bakker", date_of_birth="1994-08-12", sex="v")
    assert not contradicts(swapped, typo)
    assert {e.field: e.level for e in Model.load().score(swapped, typo).evidence}["dob"] == "close"
    # The same BSN: one person, whatever the recording errors on the name.
    assert not contradicts(
        person(given_name="Eva", bsn="217003357"), person(given_name="Ea", bsn="217003357")
    )
    # Twins stay apart: other names, other BSNs.
    twin = person(given_name="Lieke", surname="Bakker", date_of_birth="1994-11-13", sex="v")
    assert contradicts(eva, twin)
    assert contradicts(
        person(given_name="Eva", bsn="217003357"), person(given_name="Lieke", bsn="123456782")
    )
    rows = [eva, twin, swapped, typo, person(given_name="Ea", bsn="217003357")]
    pairs = [(a, b) for a in range(len(rows)) for b in range(a + 1, len(rows))]
    python = {(a, b) for a, b in pairs if contradicts(rows[a], rows[b])}
    table = batch.records_table(list(enumerate(rows)))
    assert batch._contradictions(table, pairs) == python


def test_clustering_a_table_gives_the_same_clusters_as_clustering_the_records():
    family = [
        person(given_name="Lotte", surname="de Jong", date_of_birth="2008-11-09", sex="v"),
        person(given_name="Lieke", surname="de Jong", date_of_birth="2008-11-09", sex="v"),
        person(given_name="", surname="de Jong", date_of_birth="2008-11-09", sex="v"),
        person(given_name="Lotte", surname="Jong, de", date_of_birth="2008-09-11", sex="v"),
    ]
    records = list(enumerate(family))
    pairs = [(2, 0, 0.99), (2, 1, 0.98), (0, 3, 0.97), (1, 3, 0.6)]
    by_records = batch.cluster(records, pairs, threshold=0.5)
    assert by_records == batch.cluster(batch.records_table(records), pairs, threshold=0.5)
    assert by_records[0] == by_records[2] == by_records[3] != by_records[1]


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


def test_the_batch_scores_the_pairs_splinks_own_blocking_gives(settings_json, monkeypatch):
    from meldpunt.radar.linkage import synthetic

    rows = [row for row, _ in synthetic.generate(600, seed=3)]
    table = batch.prepare_table({f: [r[f] for r in rows] for f in synthetic.FIELDS[1:]})
    ours = batch.score_pairs(table, model=settings_json, threshold=1e-9)
    monkeypatch.setattr(batch, "_register_blocked_pairs", lambda db_api, linker: None)
    splinks = batch.score_pairs(table, model=settings_json, threshold=1e-9)
    assert len(ours) > 300
    assert {(a, b): pytest.approx(p) for a, b, p in ours} == {(a, b): p for a, b, p in splinks}


def test_duckdbs_fast_conditions_give_the_portable_conditions_levels():
    """hamming() on dates and BSNs (DuckDB) against levenshtein() (Spark) and Python."""
    import random

    import duckdb

    from meldpunt.radar.linkage.comparisons import COMPARISONS, level_for, level_sql

    rng = random.Random(4)
    start = dt.date(1940, 1, 1)
    rows = []
    for _ in range(3000):
        day = start + dt.timedelta(days=rng.randrange(30_000))
        text = list(day.isoformat())
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):  # typos, shifts within a part
            i = rng.choice([0, 1, 2, 3, 5, 6, 8, 9])
            text[i] = str(rng.randrange(10))
        if rng.random() < 0.2:
            text[0:4] = text[1:4] + text[0:1]
        other = "".join(text)
        try:
            dt.date.fromisoformat(other)
        except ValueError:
            other = (day + dt.timedelta(days=rng.choice([1, 10, 31, 365]))).isoformat()
        if rng.random() < 0.3 and day.day <= 12:
            other = dt.date(day.year, day.day, day.month).isoformat()
        bsn = f"{rng.randrange(10**9):09d}"
        other_bsn = list(bsn)
        for _ in range(rng.choice([0, 1, 2])):
            i = rng.randrange(8)
            other_bsn[i], other_bsn[i + 1] = other_bsn[i + 1], other_bsn[i]
        rows.append(
            (
                person(date_of_birth=day.isoformat(), bsn=bsn),
                person(date_of_birth=other, bsn="".join(other_bsn)),
            )
        )
    con = duckdb.connect()
    for side, index in (("l", 0), ("r", 1)):
        table = batch.records_table([(i, pair[index]) for i, pair in enumerate(rows)])
        con.register(side, table.rename_columns(["id"] + [f"{c}_{side}" for c in batch.COLUMNS]))
    for comparison in COMPARISONS:
        if comparison.name not in ("dob", "bsn"):
            continue
        levels = comparison.levels
        for fast in (True, False):
            case = " ".join(f"WHEN {level_sql(lv, fast)} THEN '{lv.code}'" for lv in levels[:-1])
            got = con.sql(
                f"SELECT id, CASE {case} ELSE 'else' END FROM l JOIN r USING (id) ORDER BY id"
            ).fetchall()
            python = [(i, level_for(comparison, a, b).code) for i, (a, b) in enumerate(rows)]
            assert got == python, comparison.name
        wanted = {"exact", "typo", "else"} | (
            {"swapped", "close"} if comparison.name == "dob" else set()
        )
        assert {code for _, code in python} >= wanted


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


def _structure(model: dict) -> dict:
    """What a model file says about the SQL, without the trained parameters."""
    return {
        "comparisons": [
            (
                c["output_column_name"],
                [
                    (
                        lv.get("label_for_charts"),
                        lv["sql_condition"],
                        bool(lv.get("is_null_level")),
                        lv.get("tf_adjustment_column"),
                    )
                    for lv in c["comparison_levels"]
                ],
            )
            for c in model["comparisons"]
        ],
        "blocking": [
            r["blocking_rule"] if isinstance(r, dict) else r
            for r in model["blocking_rules_to_generate_predictions"]
        ],
    }


def test_the_shipped_model_file_matches_the_current_comparisons_and_blocking_rules():
    """Regenerate it with `python -m meldpunt.radar.linkage.train_default` after changing
    comparisons.py or batch.BATCH_BLOCKING_RULES."""
    from splink import DuckDBAPI, Linker

    from meldpunt.radar.linkage.scoring import DEFAULT_MODEL

    shipped = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    records = [(0, person(given_name="Eva")), (1, person(given_name="Anna"))]
    api = DuckDBAPI()
    linker = Linker(api.register(batch.records_table(records)), batch.settings_dict(shipped))
    assert _structure(shipped) == _structure(linker.misc.save_model_to_json())
    levels = {c["output_column_name"]: c["comparison_levels"] for c in shipped["comparisons"]}
    for comparison in levels.values():
        for level in comparison:
            if not level.get("is_null_level"):
                assert level["m_probability"] > 0 and level["u_probability"] > 0


def test_a_model_trained_before_a_level_was_added_scores_that_level_as_its_else(model):
    old = json.loads(json.dumps(model.settings))
    for comparison in old["comparisons"]:
        if comparison["output_column_name"] == "dob":
            comparison["comparison_levels"] = [
                lv for lv in comparison["comparison_levels"] if lv["label_for_charts"] != "close"
            ]
    a = person(given_name="Eva", surname="Bakker", date_of_birth="2010-01-05")
    b = person(given_name="Eva", surname="Bakker", date_of_birth="2010-03-07")
    dob = {e.field: e for e in Model(old).score(a, b).evidence}["dob"]
    assert dob.level == "close"
    else_weight = {
        e.field: e
        for e in Model(old)
        .score(a, person(given_name="Eva", surname="Bakker", date_of_birth="1990-08-21"))
        .evidence
    }["dob"].weight
    assert dob.weight == else_weight


def test_preparing_by_column_gives_what_preparing_record_by_record_gives():
    from meldpunt.radar.linkage import synthetic

    rows = [row for row, _ in synthetic.generate(1_500, seed=3)]
    rows += [
        {"given_name": "Jan-Willem Pieter", "surname": "Berg, van der", "postcode": "NW1 6XE"},
        {"given_name": None, "surname": "V.d. Berg", "street": "Kerkstraat", "city": "Delft"},
        {"street": "Rue de Rivoli", "house_number": "12 bis", "postcode": "75001"},
        {"street": "Dorpsweg", "house_number": "", "city": "", "sex": "Vrouw", "bsn": "12345678"},
        {"date_of_birth": "2016-02-29", "sex": "M"},
        {},
    ]
    fields = synthetic.FIELDS[1:]
    expected = batch.records_table([(i, prepare_row(row)) for i, row in enumerate(rows)])
    assert batch.prepare_table({f: [row.get(f) for row in rows] for f in fields}) == expected
    with pytest.raises(ValueError):
        batch.prepare_table({"date_of_birth": ["2016-02-30"]})


def test_preparing_by_column_splits_a_separate_tussenvoegsel_as_prepare_does():
    prefixes, surnames = ["van der", "", "de"], ["Berg", "in 't Veld", "Jong|x"]
    table = batch.prepare_table({"surname_prefix": prefixes, "surname": surnames})
    expected = [
        prepare(surname=s, surname_prefix=p).surname
        for p, s in zip(prefixes, surnames, strict=True)
    ]
    assert table.column("surname").to_pylist() == expected


def test_prepare_accepts_a_date_object():
    assert prepare(date_of_birth=dt.date(2015, 3, 4)).dob_swapped == "2015-04-03"


def test_python_edit_distance_is_duckdbs_levenshtein():
    """The intake check (Python) and the batch linker (DuckDB's levenshtein()) must put a
    pair of names or dates on the same comparison level."""
    import random

    import duckdb

    from meldpunt.radar.linkage.comparisons import levenshtein

    rng = random.Random(9)
    letters = "aeijnorstvyz-0123456789"
    pairs = [("", ""), ("", "jansen"), ("jansen", "janssen"), ("kees", "kaas"), ("ab", "ba")]
    for _ in range(2000):
        a = "".join(rng.choice(letters) for _ in range(rng.randrange(12)))
        b = list(a)
        for _ in range(rng.randrange(4)):
            i = rng.randrange(len(b) + 1)
            choice = rng.random()
            if choice < 0.4 or not b:
                b.insert(i, rng.choice(letters))
            elif choice < 0.7:
                del b[min(i, len(b) - 1)]
            else:
                b[min(i, len(b) - 1)] = rng.choice(letters)
        pairs.append((a, "".join(b)))
    con = duckdb.connect()
    con.execute("CREATE TABLE p (i INTEGER, a VARCHAR, b VARCHAR)")
    con.executemany("INSERT INTO p VALUES (?, ?, ?)", [(i, a, b) for i, (a, b) in enumerate(pairs)])
    theirs = dict(con.execute("SELECT i, levenshtein(a, b) FROM p").fetchall())
    ours = {i: levenshtein(a, b) for i, (a, b) in enumerate(pairs)}
    assert ours == theirs
    assert {ours[2], ours[3], ours[4]} == {1, 2}  # one insertion, one change; a swap is two
