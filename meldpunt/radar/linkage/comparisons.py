"""The comparisons of the Fellegi–Sunter model, written once for SQL (Splink) and Python.

Each level has a stable code (Splink's `label_for_charts`), a SQL condition for Splink's
batch run and a Python predicate for real-time scoring on the same prepared values (see
normalise.py). Levels are tried in order, first true wins, as in a SQL CASE. The two must agree:
tests/radar/test_linkage.py scores the same pairs both ways.

Design (see ../shared PITFALLS): the address is one comparison; disagreement on given name,
birth date, sex or BSN is its own level, which EM learns to weigh heavily; twins (same surname,
address and birth date) differ by given name; a father and son who share a name differ by
birth date.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from meldpunt.radar.linkage.normalise import Prepared

Predicate = Callable[[Prepared, Prepared], bool]


def within_one_edit(a: str, b: str) -> bool:
    """Damerau–Levenshtein distance ≤ 1 (one insertion, deletion, substitution or swap of two
    neighbouring letters), the same as DuckDB's damerau_levenshtein() <= 1."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    return a[i + 1 :] == b[i:] if la > lb else a[i:] == b[i + 1 :]


def levenshtein(a: str, b: str) -> int:
    """Edit distance, the same as DuckDB's levenshtein(): rapidfuzz's, in C++ (a pure-Python
    table per name pair was a fifth of an intake check's time at 6.8 million people)."""
    return Levenshtein.distance(a, b)


#: The "similar" level of the given name asks at least this many letters of both names.
SIMILAR_MIN_LENGTH = 5

#: When two records disagree outright (the "else" level) on one of these, they are two people,
#: whatever else agrees: twins differ by given name, a father and son by birth date. Records
#: that merely lack evidence (missing fields, a move) do not contradict each other.
CONTRADICTING = ("given_name", "dob", "sex", "bsn")


@dataclass(frozen=True)
class Level:
    code: str
    sql: str
    python: Predicate
    is_null: bool = False
    tf_column: str | None = None
    #: The same condition, faster, for DuckDB (hamming() instead of levenshtein() on values of
    #: one fixed length: dates, BSNs); `sql` is the portable form (Spark).
    duckdb_sql: str | None = None


@dataclass(frozen=True)
class Comparison:
    name: str  # output column name in Splink, and the field name in evidence
    label: str  # Dutch, for the evidence shown to professionals
    levels: tuple[Level, ...]


def one_edit_sql(col: str) -> str:
    """SQL for within_one_edit(col_l, col_r). DuckDB's damerau_levenshtein() is several times
    slower than levenshtein(); it is only asked where one transposition could be the answer
    (Levenshtein distance 2), which keeps u-sampling on millions of pairs fast."""
    pair = f"{col}_l, {col}_r"
    return (
        f"(CASE WHEN levenshtein({pair}) <= 1 THEN true WHEN levenshtein({pair}) = 2 "
        f"THEN damerau_levenshtein({pair}) <= 1 ELSE false END)"
    )


def fixed_one_edit_sql(col: str) -> str:
    """one_edit_sql for a column whose values all have one length (a prepared birth date is
    always YYYY-MM-DD, a BSN nine digits), in DuckDB. Between strings of one length, one
    insertion or deletion never suffices, so Levenshtein ≤ 1 is Hamming ≤ 1, and one swap of
    two neighbours changes exactly two positions: the same answer as one_edit_sql, with the
    cheap hamming() first (levenshtein() on ten characters fills a 10 × 10 table per pair)."""
    pair = f"{col}_l, {col}_r"
    return f"(hamming({pair}) <= 1 OR (hamming({pair}) = 2 AND damerau_levenshtein({pair}) <= 1))"


def _null(col: str) -> Level:
    return Level(
        "missing",
        f"{col}_l IS NULL OR {col}_r IS NULL",
        lambda a, b: not getattr(a, col) or not getattr(b, col),
        is_null=True,
    )


def _exact(col: str, tf: bool = False) -> Level:
    return Level(
        "exact",
        f"{col}_l = {col}_r",
        lambda a, b: getattr(a, col) == getattr(b, col),
        tf_column=col if tf else None,
    )


def _else() -> Level:
    return Level("else", "ELSE", lambda a, b: True)


def _near_name(col: str, key: str) -> Level:
    return Level(
        "near",
        f"{key}_l = {key}_r OR {one_edit_sql(col)}",
        lambda a, b: (
            within_one_edit(getattr(a, col), getattr(b, col)) or getattr(a, key) == getattr(b, key)
        ),
    )


COMPARISONS: tuple[Comparison, ...] = (
    Comparison(
        "given_name",
        "Voornaam",
        (
            _null("given_name"),
            _exact("given_name"),
            _near_name("given_name", "given_key"),
            Level(
                "initial",
                "(length(given_name_l) = 1 OR length(given_name_r) = 1) "
                "AND substr(given_name_l, 1, 1) = substr(given_name_r, 1, 1)",
                lambda a, b: (
                    (len(a.given_name) == 1 or len(b.given_name) == 1)
                    and a.given_name[0] == b.given_name[0]
                ),
            ),
            # Two typing errors, one on each record, in a name long enough that two edits
            # leave most of it ("Michael"/"Micpael"/"Miichael"); short names two edits apart
            # are other names ("Emma"/"Ella": twins).
            Level(
                "similar",
                f"least(length(given_name_l), length(given_name_r)) >= {SIMILAR_MIN_LENGTH} "
                "AND levenshtein(given_name_l, given_name_r) <= 2",
                lambda a, b: (
                    min(len(a.given_name), len(b.given_name)) >= SIMILAR_MIN_LENGTH
                    and levenshtein(a.given_name, b.given_name) <= 2
                ),
            ),
            _else(),
        ),
    ),
    Comparison(
        "surname",
        "Achternaam",
        (
            _null("surname"),
            _exact("surname", tf=True),
            _near_name("surname", "surname_key"),
            Level(
                "similar",
                "levenshtein(surname_l, surname_r) <= 2",
                lambda a, b: levenshtein(a.surname, b.surname) <= 2,
            ),
            _else(),
        ),
    ),
    Comparison(
        "dob",
        "Geboortedatum",
        (
            _null("dob"),
            _exact("dob"),
            Level(
                "swapped",
                "dob_l = dob_swapped_r OR dob_swapped_l = dob_r",
                lambda a, b: (a.dob == b.dob_swapped != "") or (a.dob_swapped == b.dob != ""),
            ),
            Level(
                "typo",
                one_edit_sql("dob"),
                lambda a, b: within_one_edit(a.dob, b.dob),
                duckdb_sql=fixed_one_edit_sql("dob"),
            ),
            # Two digits off (a typo on each record), or day and month swapped on one record
            # and a typo on the other. In DuckDB: two dates Levenshtein ≤ 2 apart differ in at
            # most four places (two substitutions, or a deletion and an insertion inside one
            # of year, month, day: across a "-" the shift costs more), so levenshtein() is
            # asked only there; one edit between dates of one length is Hamming ≤ 1.
            Level(
                "close",
                "levenshtein(dob_l, dob_r) <= 2 OR levenshtein(dob_swapped_l, dob_r) <= 1 "
                "OR levenshtein(dob_l, dob_swapped_r) <= 1",
                lambda a, b: (
                    levenshtein(a.dob, b.dob) <= 2
                    or (a.dob_swapped != "" and levenshtein(a.dob_swapped, b.dob) <= 1)
                    or (b.dob_swapped != "" and levenshtein(a.dob, b.dob_swapped) <= 1)
                ),
                duckdb_sql=(
                    "hamming(dob_l, dob_r) <= 2 "
                    "OR (hamming(dob_l, dob_r) <= 4 AND levenshtein(dob_l, dob_r) <= 2) "
                    "OR hamming(dob_swapped_l, dob_r) <= 1 OR hamming(dob_l, dob_swapped_r) <= 1"
                ),
            ),
            _else(),
        ),
    ),
    Comparison("sex", "Geslacht", (_null("sex"), _exact("sex"), _else())),
    Comparison(
        "bsn",
        "BSN",
        (
            _null("bsn"),
            _exact("bsn"),
            Level(
                "typo",
                one_edit_sql("bsn"),
                lambda a, b: within_one_edit(a.bsn, b.bsn),
                duckdb_sql=fixed_one_edit_sql("bsn"),
            ),
            _else(),
        ),
    ),
    Comparison(
        "address",
        "Adres",
        (
            _null("address"),
            _exact("address"),
            Level(
                "postcode",
                "postcode_l = postcode_r",
                lambda a, b: a.postcode != "" and a.postcode == b.postcode,
            ),
            _else(),
        ),
    ),
)

# What the evidence says about each level, for the professional who judges a candidate.
AGREEMENT = {
    "missing": "missing",
    "exact": "agree",
    "near": "partial",
    "initial": "partial",
    "similar": "partial",
    "swapped": "partial",
    "typo": "partial",
    "postcode": "partial",
    "close": "partial",
    "else": "disagree",
}

# Blocking rules: two columns each (PITFALLS), so each stays small on a million records. Their
# union sets the recall ceiling; the same keys are indexed for real-time intake (keys.py).
BLOCKING_RULES: tuple[tuple[str, ...], ...] = (
    ("bsn",),
    ("dob", "surname_key"),
    ("dob", "given_key"),
    ("address", "given_key"),
    ("address", "birth_year"),
    ("given_key", "surname_key"),
    ("address", "surname_key"),
)


def blocking_rule_sql(columns: tuple[str, ...]) -> str:
    return " AND ".join(f"l.{c} = r.{c}" for c in columns)


def level_for(comparison: Comparison, a: Prepared, b: Prepared) -> Level:
    for level in comparison.levels:
        if level.python(a, b):
            return level
    raise AssertionError("every comparison ends with an else level")  # pragma: no cover


_CONTRADICTING = tuple(c for c in COMPARISONS if c.name in CONTRADICTING)

#: Given names that the model scores as different ("else": too short for the "similar" level)
#: but that one typing error on each record explains: the same first letter and at most two
#: edits apart ("Mark"/"Malre" for Mare, "Evra"/"Eua" for Eva). They weigh as a disagreement
#: in the score, but do not forbid clustering: records of one person often carry two such
#: typos between them. Twins' names differ more (Lotte/Lieke), or are near and never were a
#: contradiction (Emma/Ella).
TWO_TYPOS = Level(
    "two_typos",
    "substr(given_name_l, 1, 1) = substr(given_name_r, 1, 1) "
    "AND levenshtein(given_name_l, given_name_r) <= 2",
    lambda a, b: (
        a.given_name[:1] == b.given_name[:1] and levenshtein(a.given_name, b.given_name) <= 2
    ),
)

#: A BSN that agrees says "one person" (twins have two), so disagreement on the other fields of
#: such a pair (recording errors) is no contradiction.
SAME_BSN = Level("same_bsn", "bsn_l = bsn_r", lambda a, b: a.bsn != "" and a.bsn == b.bsn)

_TOLERATED = {"given_name": (TWO_TYPOS, SAME_BSN), "dob": (SAME_BSN,), "sex": (SAME_BSN,)}


def contradicts(a: Prepared, b: Prepared) -> bool:
    """Do the two records disagree outright on a field that tells people apart? (An "else"
    level, unless the disagreement is one that records of one person show: _TOLERATED.)"""
    return any(
        level_for(c, a, b).code == "else"
        and not any(t.python(a, b) for t in _TOLERATED.get(c.name, ()))
        for c in _CONTRADICTING
    )


def level_sql(level: Level, duckdb: bool = True) -> str:
    """The level's SQL condition: the DuckDB form when there is one and `duckdb`."""
    return level.duckdb_sql if duckdb and level.duckdb_sql else level.sql


def contradiction_sql(duckdb: bool = True) -> str:
    """SQL (on columns `<field>_l`/`<field>_r`) that is true when contradicts() is."""
    parts = []
    for comparison in _CONTRADICTING:
        levels = [lv for lv in comparison.levels if lv.code != "else"]
        levels += _TOLERATED.get(comparison.name, ())
        conditions = " OR ".join(f"({level_sql(lv, duckdb)})" for lv in levels)
        parts.append(f"NOT coalesce(({conditions}), false)")
    return " OR ".join(f"({p})" for p in parts)
