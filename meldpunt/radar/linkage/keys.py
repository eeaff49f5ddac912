"""Blocking keys for real-time candidate search. Pure Python, no Django.

Every person in the register has a handful of keys (kept in `radar.PersonKey`, indexed); a new
person's keys are looked up there to find the few people worth scoring, instead of scanning the
register. The keys follow the blocking rules of comparisons.py (two fields each, so no key is
shared by a large share of the register), plus the BSN, the date of birth, the address on its
own (household members, shown as household evidence) and the surname's sound with the birth
year. A record's keys are written from its own values; the search also asks for the variants a
professional may have typed: the date of birth with day and month swapped.

A key is one string `kind:value`, so the index is one column.
"""

from __future__ import annotations

import hashlib

from meldpunt.radar.linkage.normalise import Prepared

#: kind → the Prepared fields that make it (all must be present).
KINDS: dict[str, tuple[str, ...]] = {
    "bsn": ("bsn",),
    "dob": ("dob",),
    "dob_sk": ("dob", "surname_key"),
    "dob_gk": ("dob", "given_key"),
    "adr": ("address",),
    "adr_gk": ("address", "given_key"),
    "adr_by": ("address", "birth_year"),
    "adr_sk": ("address", "surname_key"),
    "gk_sk": ("given_key", "surname_key"),
    "sk_by": ("surname_key", "birth_year"),
}

#: The exact surname core: counted for the term frequency of common surnames, not searched.
SURNAME = "sn"

#: Kinds whose value includes the date of birth: also searched with day and month swapped.
_DATED = {kind for kind, fields in KINDS.items() if "dob" in fields}


#: The key column's width (radar.PersonKey.key is declared with it): a longer key keeps its
#: kind and a digest of its value, so equal values still meet and a long address never
#: overflows the column.
MAX_KEY = 120


def key(kind: str, value: str) -> str:
    text = f"{kind}:{value}"
    if len(text) <= MAX_KEY:
        return text
    return f"{kind}:#{hashlib.sha256(value.encode()).hexdigest()}"


def _value(record: Prepared, fields: tuple[str, ...], dob: str | None = None) -> str:
    parts = [dob if (f == "dob" and dob is not None) else getattr(record, f) for f in fields]
    if not all(parts):
        return ""
    return "|".join(parts)


def record_keys(record: Prepared) -> set[str]:
    """The keys stored for a person in the register."""
    keys = {key(kind, v) for kind, fields in KINDS.items() if (v := _value(record, fields))}
    if record.surname:
        keys.add(key(SURNAME, record.surname))
    return keys


def search_keys(record: Prepared) -> dict[str, str]:
    """The keys to look up for a new person, each with the kind it came from."""
    found: dict[str, str] = {}
    for kind, fields in KINDS.items():
        value = _value(record, fields)
        if value:
            found[key(kind, value)] = kind
        if kind in _DATED and record.dob_swapped:
            value = _value(record, fields, dob=record.dob_swapped)
            if value:
                found[key(kind, value)] = kind
    return found
