"""Labelled synthetic person lists: Dutch households with the hard cases for a linker.

Used to train the shipped default model and by the benchmarks. Every record carries the id of
the real person it describes (`truth`), so precision and recall can be measured. The data has
what goes wrong in practice: typing errors, day and month swapped, tussenvoegsels written
differently, initials, missing fields, people who moved, postcodes written "1234ab" or "1234 AB",
and the cases where a careless linker merges different people: households sharing a surname and
address, twins born the same day, a father and son (or mother and daughter) with the same name.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import string
from collections.abc import Iterator
from dataclasses import dataclass, field

FIELDS = (
    "record_id",
    "given_name",
    "surname",
    "date_of_birth",
    "sex",
    "street",
    "house_number",
    "postcode",
    "city",
    "bsn",
)

COMMON_SURNAMES = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "de Bruin",
    "van der Heijden",
    "Schouten",
    "van Beek",
    "Willems",
    "van Vliet",
    "van de Ven",
    "Hoekstra",
    "Maas",
    "Verhoeven",
    "Koster",
    "van Dam",
    "van der Wal",
    "Prins",
    "Blom",
    "Huisman",
    "Peeters",
    "de Jonge",
    "Kuipers",
    "van Veen",
    "Post",
    "Kuiper",
    "Veenstra",
    "Kramer",
    "van den Brink",
    "Scholten",
    "van Wijk",
    "Postma",
    "Martens",
    "Vink",
    "de Ridder",
    "Yilmaz",
    "Kaya",
    "Demir",
    "El Amrani",
    "Bouzid",
    "Nguyen",
    "Sahin",
    "Ozturk",
    "Rodrigues",
    "Kowalski",
    "Nowak",
    "Benali",
    "Ait Said",
    "Celik",
    "Pinas",
    "Doornbos",
    "Wijnands",
    "Huijsman",
    "Claassen",
    "Smidt",
    "van 't Hof",
    "in 't Veld",
    "ter Horst",
    "Verbeek",
    "Timmermans",
    "Groen",
    "Gerritsen",
    "Lambers",
]

CITIES = [
    "Rotterdam",
    "Schiedam",
    "Vlaardingen",
    "Maassluis",
    "Capelle aan den IJssel",
    "Barendrecht",
    "Ridderkerk",
    "Spijkenisse",
    "Hellevoetsluis",
    "Brielle",
    "Dordrecht",
    "Zwijndrecht",
    "Gorinchem",
    "Papendrecht",
    "Delft",
    "Den Haag",
    "Leiden",
    "Gouda",
    "Krimpen aan den IJssel",
    "Lansingerland",
]

STREET_WORDS = [
    "Kerk",
    "Molen",
    "School",
    "Dorps",
    "Linden",
    "Eiken",
    "Beuken",
    "Wilgen",
    "Berken",
    "Tulp",
    "Roos",
    "Lelie",
    "Haven",
    "Dijk",
    "Maas",
    "Rijn",
    "Vaart",
    "Singel",
    "Park",
    "Stations",
    "Markt",
    "Hof",
    "Weide",
    "Akker",
    "Zand",
    "Koren",
    "Vlas",
    "Hennep",
    "Zuid",
    "Noord",
    "Oost",
    "West",
    "Prins",
    "Koning",
    "Oranje",
    "Nassau",
    "Willem",
    "Juliana",
    "Beatrix",
    "Emma",
]
STREET_KINDS = ("straat", "laan", "weg", "plein", "kade", "singel", "dreef", "hof")


def _faker_names(seed: int) -> tuple[list[str], list[str], list[str]]:
    from faker import Faker

    faker = Faker("nl_NL")
    person = faker.provider("faker.providers.person")
    male = sorted({n for n in person.first_names_male if n.isalpha()})
    female = sorted({n for n in person.first_names_female if n.isalpha()})
    tail = sorted({n for n in person.last_names if n.isalpha() and len(n) > 3})
    return male, female, tail


def valid_bsn(rng: random.Random) -> str:
    while True:
        digits = [int(d) for d in str(rng.randrange(10_000_000, 100_000_000))]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10:
            return "".join(map(str, digits)) + str(last)


@dataclass
class Address:
    street: str
    house_number: str
    postcode: str
    city: str


@dataclass
class Entity:
    id: int
    given_name: str
    surname: str
    dob: dt.date
    sex: str
    bsn: str
    address: Address
    other_addresses: list[Address] = field(default_factory=list)


class Generator:
    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        self.male, self.female, tail = _faker_names(seed)
        self.surnames = COMMON_SURNAMES + tail
        # Zipf-like: the common Dutch names are much more frequent (term frequency matters).
        weights = [1 / (i + 1) ** 0.9 for i in range(len(self.surnames))]
        self.surname_cum = list(itertools.accumulate(weights))
        self.next_entity = 0
        self.streets: list[tuple[str, str, str]] = []
        for _ in range(20_000):
            letters = "".join(self.rng.choices(string.ascii_uppercase, k=2))
            self.streets.append(
                (
                    self.rng.choice(STREET_WORDS) + self.rng.choice(STREET_KINDS),
                    f"{self.rng.randint(1000, 9999)} {letters}",
                    self.rng.choice(CITIES),
                )
            )

    def address(self) -> Address:
        rng = self.rng
        # A postcode is one side of a street: neighbours share it, with another house number.
        street, postcode, city = self.streets[rng.randrange(len(self.streets))]
        number = str(rng.randint(1, 120)) + rng.choice(("", "", "", "", "a", "b"))
        return Address(street=street, house_number=number, postcode=postcode, city=city)

    def surname(self) -> str:
        return self.rng.choices(self.surnames, cum_weights=self.surname_cum)[0]

    def birth(self, start: int, end: int) -> dt.date:
        return dt.date(start, 1, 1) + dt.timedelta(days=self.rng.randint(0, (end - start) * 365))

    def entity(self, *, given: str, surname: str, dob: dt.date, sex: str, home: Address) -> Entity:
        self.next_entity += 1
        moves = [self.address() for _ in range(self.rng.choice([0, 0, 0, 1, 1, 2]))]
        return Entity(self.next_entity, given, surname, dob, sex, valid_bsn(self.rng), home, moves)

    def name(self, sex: str) -> str:
        return self.rng.choice(self.male if sex == "m" else self.female)

    def household(self) -> list[Entity]:
        rng = self.rng
        home = self.address()
        family = self.surname()
        people: list[Entity] = []
        father_dob = self.birth(1950, 1995)
        father = self.entity(
            given=self.name("m"), surname=family, dob=father_dob, sex="m", home=home
        )
        if rng.random() < 0.85:
            people.append(father)
        mother_name = self.name("v")
        if rng.random() < 0.9:
            mother_surname = family if rng.random() < 0.3 else self.surname()
            mother_dob = father_dob + dt.timedelta(days=rng.randint(-2000, 2000))
            people.append(
                self.entity(
                    given=mother_name, surname=mother_surname, dob=mother_dob, sex="v", home=home
                )
            )
        n_children = rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4])
        child_dob = father_dob + dt.timedelta(days=rng.randint(20 * 365, 32 * 365))
        while n_children > 0 and child_dob < dt.date(2025, 1, 1):
            child_dob += dt.timedelta(days=rng.randint(300, 1500))
            twins = 2 if rng.random() < 0.08 else 1  # over-represented: the hard case
            used: set[str] = set()
            for _ in range(min(twins, n_children) if twins > 1 else 1):
                sex = rng.choice("mv")
                given = self.name(sex)
                if sex == "m" and rng.random() < 0.1:
                    given = father.given_name  # junior: father and son share the name
                elif sex == "v" and rng.random() < 0.06:
                    given = mother_name
                while given in used:
                    given = self.name(sex)
                used.add(given)
                people.append(
                    self.entity(given=given, surname=family, dob=child_dob, sex=sex, home=home)
                )
            n_children -= max(1, twins)
        return people

    # -- noise ------------------------------------------------------------------------------

    def typo(self, text: str) -> str:
        if len(text) < 3:
            return text
        rng = self.rng
        i = rng.randint(1, len(text) - 1)
        kind = rng.random()
        if kind < 0.35:
            return text[:i] + rng.choice(string.ascii_lowercase) + text[i + 1 :]
        if kind < 0.6:
            return text[:i] + text[i + 1 :]
        if kind < 0.8 and i < len(text) - 1:
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        return text[:i] + rng.choice(string.ascii_lowercase) + text[i:]

    def write_surname(self, surname: str) -> str:
        words = surname.split()
        prefix = [w for w in words[:-1] if w[0].islower() or w in ("'t",)]
        core = " ".join(words[len(prefix) :])
        r = self.rng.random()
        if prefix and r < 0.15:
            return f"{core}, {' '.join(prefix)}"
        if prefix and r < 0.22:
            return " ".join(w.capitalize() for w in prefix) + " " + core
        if r < 0.30:
            return surname.upper()
        return surname

    def record(self, entity: Entity, first: bool) -> dict[str, str]:
        rng = self.rng
        noisy = not first or rng.random() < 0.3
        given = entity.given_name
        surname = entity.surname
        dob: dt.date | None = entity.dob
        bsn = entity.bsn
        sex = entity.sex
        address = entity.address
        dob_text = dob.isoformat()
        if noisy:
            r = rng.random()
            if r < 0.12:
                given = self.typo(given)
            elif r < 0.17:
                given = given[0]
            elif r < 0.21:
                given = ""
            r = rng.random()
            if r < 0.12:
                words = surname.split()
                surname = " ".join([*words[:-1], self.typo(words[-1])])
            elif r < 0.14:
                surname = ""
            surname = self.write_surname(surname) if surname else ""
            r = rng.random()
            if r < 0.07 and dob.day <= 12 and dob.day != dob.month:
                dob_text = dt.date(dob.year, dob.day, dob.month).isoformat()
            elif r < 0.12:
                dob_text = self._date_typo(dob)
            elif r < 0.17:
                dob_text = ""
            if rng.random() < 0.12:
                sex = ""
            r = rng.random()
            if r < 0.5:
                bsn = ""
            elif r < 0.52:
                bsn = bsn[:4] + str((int(bsn[4]) + 1) % 10) + bsn[5:]
            r = rng.random()
            if entity.other_addresses and r < 0.35:
                address = rng.choice(entity.other_addresses)
            elif r < 0.45:
                address = Address("", "", "", "")
        postcode = address.postcode
        if postcode and rng.random() < 0.4:
            postcode = rng.choice(
                [postcode.replace(" ", ""), postcode.lower(), postcode.lower().replace(" ", "")]
            )
        return {
            "given_name": given,
            "surname": surname,
            "date_of_birth": dob_text,
            "sex": sex,
            "street": address.street,
            "house_number": address.house_number,
            "postcode": postcode,
            "city": address.city,
            "bsn": bsn,
        }

    def _date_typo(self, dob: dt.date) -> str:
        for _ in range(10):
            text = list(dob.isoformat())
            i = self.rng.choice([2, 3, 6, 8, 9])
            text[i] = str(self.rng.randint(0, 9))
            try:
                return dt.date.fromisoformat("".join(text)).isoformat()
            except ValueError:
                continue
        return dob.isoformat()

    def records(self, n: int) -> Iterator[tuple[dict[str, str], int]]:
        """About n records as (link-file row, true person id); every person 1–4 times."""
        made = 0
        while made < n:
            for entity in self.household():
                copies = self.rng.choices([1, 2, 3, 4], [0.45, 0.3, 0.15, 0.1])[0]
                for i in range(copies):
                    made += 1
                    row = self.record(entity, first=i == 0)
                    row["record_id"] = f"r{made}"
                    yield row, entity.id


def generate(n: int, seed: int = 1) -> list[tuple[dict[str, str], int]]:
    return list(Generator(seed).records(n))
