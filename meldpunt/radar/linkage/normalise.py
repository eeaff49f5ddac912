"""Bring a person record into the shape the comparisons expect. Pure Python, no Django.

Everything the linker compares is derived here once, for batch (Splink) and real-time scoring
alike, so both see the same values:

- names: lower case, accents and punctuation removed; the tussenvoegsels ("van der", "de",
  "'t") split off the surname, wherever they were written ("Berg, van der", "van der Berg",
  "V.d. Berg" all give surname "berg");
- a Dutch phonetic key of the surname and the first given name (ij/ei/y, ch/g, dt/t, z/s ...);
- dates as ISO strings plus the same date with day and month swapped, when that is a date;
- Dutch postcodes as "1234AB" whatever the spacing and case; other postcodes as given, in upper
  case without spaces;
- the address as ONE value: postcode + house number when there is a postcode, else street +
  house number + city. People who share a home share this one value: it is one witness, not four.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

PREFIXES = (
    "van der",
    "van den",
    "van de",
    "van 't",
    "van het",
    "van ter",
    "in 't",
    "in het",
    "in de",
    "op de",
    "op den",
    "op ten",
    "uit de",
    "uit den",
    "de la",
    "van",
    "von",
    "der",
    "den",
    "de",
    "het",
    "ter",
    "ten",
    "te",
    "'t",
    "t",
    "la",
    "le",
    "du",
    "di",
    "da",
    "del",
    "el",
    "al",
    "d",
    "in",
    "op",
    "uit",
    "vd",
    "v",
)
_PREFIX_WORDS = {w for p in PREFIXES for w in p.split()}

_NON_ALNUM = re.compile(r"[^a-z0-9' ]+")
_SPACES = re.compile(r"\s+")
_DUTCH_POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: Names, postcodes and dates repeat across a register: each distinct value is normalised once
#: (a batch of a million records prepares several times faster). The functions are pure.
_cached = lru_cache(maxsize=1 << 17)


@_cached
def fold(text: str | None) -> str:
    """Lower case, accents removed, punctuation to spaces, single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    ascii_text = ascii_text.replace("’", "'").replace("`", "'")
    return _SPACES.sub(" ", _NON_ALNUM.sub(" ", ascii_text)).strip()


@_cached
def split_surname(surname: str | None, prefix: str | None = "") -> tuple[str, str]:
    """Return (tussenvoegsel, surname core), both folded.

    "van der Berg", "Berg, van der", "V.d. Berg" and ("van der", "Berg") all give ("van der",
    "berg") or ("vd", "berg"): the core is what is compared.
    """
    raw = surname or ""
    if "," in raw:  # "Berg, van der": the part after the comma is the tussenvoegsel
        core_part, _, after = raw.partition(",")
        raw = f"{after} {core_part}"
    words = fold(f"{prefix or ''} {raw}").replace("'", " ' ").split()
    words = [w for w in words if w != "'"]
    taken: list[str] = []
    while len(words) > 1 and words[0] in _PREFIX_WORDS:
        taken.append(words.pop(0))
    return " ".join(taken), "".join(words)


@_cached
def first_given_name(given_names: str | None) -> str:
    words = fold(given_names).replace("'", "").split()
    return words[0] if words else ""


_PHONETIC_RULES = (
    ("sch", "s"),
    ("ch", "g"),
    ("ij", "y"),
    ("ei", "y"),
    ("ey", "y"),
    ("ie", "i"),
    ("oe", "u"),
    ("ou", "au"),
    ("ae", "a"),
    ("uy", "y"),
    ("ph", "f"),
    ("th", "t"),
    ("dt", "t"),
    ("ck", "k"),
    ("qu", "kw"),
    ("x", "ks"),
    ("c", "k"),
    ("z", "s"),
    ("v", "f"),
    ("w", "v"),
    ("j", "y"),
)


@_cached
def phonetic(word: str | None) -> str:
    """A Dutch sound key: spellings that sound alike give the same key ("Huijsman",
    "Huysman", "Heusman" no, but "Huisman"/"Huysman" yes; "Claassen"/"Klaasen"; "Smit"/"Smidt").
    Vowels after the first letter are kept but collapsed, doubled letters merged."""
    text = fold(word).replace(" ", "").replace("'", "")
    if not text:
        return ""
    for old, new in _PHONETIC_RULES:
        text = text.replace(old, new)
    if text.endswith("d"):
        text = text[:-1] + "t"
    text = re.sub(r"[aeiouy]+", lambda m: "a" if m.start() else m.group(0)[0], text)
    text = re.sub(r"(.)\1+", r"\1", text)
    return text[:8]


@_cached
def normalise_postcode(value: str | None) -> str:
    """Dutch "1234 ab" → "1234AB"; any other format upper case without spaces, as given."""
    text = (value or "").strip()
    match = _DUTCH_POSTCODE.match(text)
    if match:
        return f"{match.group(1)}{match.group(2).upper()}"
    return re.sub(r"\s+", "", text).upper()


@_cached
def normalise_house_number(value: str | None) -> str:
    """'12 a', '12-A', '12A' → '12a'."""
    return re.sub(r"[^0-9a-z]", "", fold(value))


@_cached
def parse_iso_date(value: str | None) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) or None for empty; ValueError for anything else."""
    text = (value or "").strip()
    if not text:
        return None
    if not _ISO_DATE.match(text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


@_cached
def swapped(day: dt.date | None) -> str:
    """The date with day and month swapped, when that is a different valid date."""
    if day is None or day.day > 12 or day.day == day.month:
        return ""
    try:
        return dt.date(day.year, day.day, day.month).isoformat()
    except ValueError:
        return ""


@_cached
def normalise_sex(value: str | None) -> str:
    text = fold(value)
    if text in {"m", "man", "male", "jongen"}:
        return "m"
    if text in {"v", "f", "vrouw", "female", "meisje"}:
        return "v"
    return ""


def normalise_bsn(value: str | None) -> str:
    digits = re.sub(r"\D", "", value or "")
    return digits.zfill(9) if 8 <= len(digits) <= 9 else ""


@dataclass(frozen=True)
class Prepared:
    """A person as the comparisons see it. Empty string means missing."""

    given_name: str
    given_key: str
    surname: str
    surname_key: str
    dob: str
    dob_swapped: str
    birth_year: str
    sex: str
    bsn: str
    address: str
    postcode: str

    def as_dict(self) -> dict[str, str | None]:
        """Missing values as None (SQL NULL) for Splink."""
        return {k: (v or None) for k, v in self.__dict__.items()}


def prepare(
    *,
    given_names: str | None = "",
    surname: str | None = "",
    surname_prefix: str | None = "",
    date_of_birth: dt.date | None = None,
    sex: str | None = "",
    bsn: str | None = "",
    street: str | None = "",
    house_number: str | None = "",
    postcode: str | None = "",
    city: str | None = "",
) -> Prepared:
    given = first_given_name(given_names)
    _, core = split_surname(surname, surname_prefix)
    code = normalise_postcode(postcode)
    number = normalise_house_number(house_number)
    if code and number:
        address = f"{code}|{number}"
    elif street and (number or city):
        address = f"{fold(street).replace(' ', '')}|{number}|{fold(city).replace(' ', '')}"
    else:
        address = ""
    return Prepared(
        given_name=given,
        given_key=phonetic(given),
        surname=core,
        surname_key=phonetic(core),
        dob=date_of_birth.isoformat() if date_of_birth else "",
        dob_swapped=swapped(date_of_birth),
        birth_year=str(date_of_birth.year) if date_of_birth else "",
        sex=normalise_sex(sex),
        bsn=normalise_bsn(bsn),
        address=address,
        postcode=code,
    )
