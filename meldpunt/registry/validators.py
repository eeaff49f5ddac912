"""Checks on personal data. Pure functions, Dutch messages."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError

POSTCODE_RE = re.compile(r"^\s*([1-9]\d{3})\s*([A-Za-z]{2})\s*$")


def bsn_is_valid(bsn: str) -> bool:
    """The 11-proef: 9 digits, sum of digit × (9..2) minus the last digit divisible by 11."""
    if not re.fullmatch(r"\d{9}", bsn or "") or bsn == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(bsn[:8], range(9, 1, -1), strict=True))
    total -= int(bsn[8])
    return total % 11 == 0


def validate_bsn(value: str) -> None:
    if value and not bsn_is_valid(value):
        raise ValidationError(
            "Dit is geen geldig BSN: een BSN heeft 9 cijfers en moet voldoen aan de 11-proef.",
            code="invalid_bsn",
        )


def normalise_postcode(value: str) -> str:
    """'1234ab', '1234 AB ' → '1234 AB'. Raises ValidationError for anything else."""
    if not value:
        return ""
    match = POSTCODE_RE.match(value)
    if not match:
        raise ValidationError(
            "Een postcode bestaat uit 4 cijfers en 2 letters, bijvoorbeeld 3011 AB.",
            code="invalid_postcode",
        )
    return f"{match.group(1)} {match.group(2).upper()}"


def validate_postcode(value: str) -> None:
    normalise_postcode(value)


def validate_not_future(value: dt.date | dt.datetime) -> None:
    from meldpunt import clock

    today = clock.today()
    day = value.date() if isinstance(value, dt.datetime) else value
    if day > today:
        raise ValidationError("Deze datum ligt in de toekomst.", code="future_date")


def validate_birth_date(value: dt.date) -> None:
    validate_not_future(value)
    if value.year < 1900:
        raise ValidationError("Een geboortedatum vóór 1900 is niet mogelijk.", code="too_old")
