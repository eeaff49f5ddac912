"""Dutch names, addresses and BSNs, and the ways a registration writes them differently.

Name pools come from Faker's nl_NL providers, drawn once per seed; the generator then samples
from them with its own seeded random generator (calling Faker per person is too slow for
100,000 reports).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace

from faker import Faker
from faker.providers.person.nl_NL import Provider as PersonProvider

PREFIXES = ("van der", "van den", "van de", "in 't", "van", "de", "den", "ter", "ten", "te", "'t")


def split_surname(name: str) -> tuple[str, str] | None:
    """'van der Berg' → ('van der', 'Berg'); None for names that are not one plain surname."""
    for prefix in PREFIXES:
        if name.startswith(prefix + " "):
            rest = name[len(prefix) + 1 :]
            break
    else:
        prefix, rest = "", name
    if not rest or " " in rest or "," in rest or not rest[0].isupper() or len(rest) < 3:
        return None
    return prefix, rest


@dataclass(frozen=True)
class Pools:
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[tuple[str, str], ...]
    streets: tuple[str, ...]
    organisations: tuple[str, ...]


def pools(seed: int) -> Pools:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    surnames = tuple(
        dict.fromkeys(s for s in map(split_surname, PersonProvider.last_names) if s is not None)
    )
    streets = tuple(dict.fromkeys(fake.street_name() for _ in range(1500)))
    organisations = tuple(dict.fromkeys(fake.company() for _ in range(200)))
    return Pools(
        female=tuple(dict.fromkeys(PersonProvider.first_names_female)),
        male=tuple(dict.fromkeys(PersonProvider.first_names_male)),
        surnames=surnames,
        streets=streets,
        organisations=organisations,
    )


def bsn(rng: random.Random) -> str:
    """A random BSN that passes the 11-proef."""
    while True:
        digits = [int(d) for d in str(10_000_000 + int(rng.random() * 90_000_000))]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10:
            return "".join(map(str, digits)) + str(last)


def postcode(rng: random.Random, low: int, high: int) -> str:
    letters = "ABCDEGHJKLMNPRTVWXZ"
    while True:
        pair = rng.choice(letters) + rng.choice(letters)
        if pair not in ("SA", "SD", "SS"):
            return f"{rng.randint(low, high)} {pair}"


@dataclass(frozen=True, slots=True)
class Written:
    """A person as one registration writes them."""

    given_names: str
    surname_prefix: str
    surname: str
    date_of_birth: dt.date | None
    sex: str
    bsn: str
    street: str
    house_number: str
    postcode: str
    city: str


_TYPO_PAIRS = (("ij", "y"), ("ei", "ij"), ("ou", "au"), ("c", "k"), ("s", "z"), ("dt", "d"))


def typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    for a, b in rng.sample(_TYPO_PAIRS, len(_TYPO_PAIRS)):
        if a in word and rng.random() < 0.5:
            return word.replace(a, b, 1)
    i = rng.randint(1, len(word) - 2)
    kind = rng.randint(0, 2)
    if kind == 0:  # swap two letters
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:  # drop a letter
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # double a letter


def _prefix_variant(rng: random.Random, w: Written) -> Written:
    if not w.surname_prefix:
        return w
    choice = rng.randint(0, 2)
    if choice == 0:
        return replace(w, surname_prefix=w.surname_prefix[0].upper() + w.surname_prefix[1:])
    if choice == 1:
        short = ".".join(part[0] for part in w.surname_prefix.split()) + "."
        return replace(w, surname_prefix=short)
    return replace(w, surname_prefix="", surname=f"{w.surname_prefix} {w.surname}")


def _initials(given: str) -> str:
    return "".join(part[0] + "." for part in given.split())


def vary(rng: random.Random, w: Written, *, how_many: int) -> Written:
    """Write the same person differently, the way registrations do: a typo, day and month
    swapped, a missing BSN or birth date, the tussenvoegsel written otherwise, names in the
    wrong fields, initials or only the first given name."""
    for _ in range(how_many):
        kind = rng.choices(
            (
                "typo_surname",
                "typo_given",
                "swap_dm",
                "no_bsn",
                "prefix",
                "order",
                "initials",
                "first_given",
                "no_dob",
            ),
            weights=(18, 12, 10, 22, 10, 4, 6, 12, 6),
        )[0]
        if kind == "typo_surname":
            w = replace(w, surname=typo(rng, w.surname))
        elif kind == "typo_given":
            w = replace(w, given_names=typo(rng, w.given_names))
        elif kind == "swap_dm":
            d = w.date_of_birth
            if d is not None and d.day <= 12 and d.day != d.month:
                w = replace(w, date_of_birth=dt.date(d.year, d.day, d.month))
        elif kind == "no_bsn":
            w = replace(w, bsn="")
        elif kind == "prefix":
            w = _prefix_variant(rng, w)
        elif kind == "order":
            w = replace(w, given_names=w.surname, surname=w.given_names.split()[0])
        elif kind == "initials":
            w = replace(w, given_names=_initials(w.given_names))
        elif kind == "first_given":
            w = replace(w, given_names=w.given_names.split()[0])
        elif kind == "no_dob":
            w = replace(w, date_of_birth=None)
    return w
