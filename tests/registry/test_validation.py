import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from meldpunt.errors import DomainError
from meldpunt.registry.validators import bsn_is_valid, normalise_postcode
from tests.process import flow


@pytest.mark.parametrize("bsn", ["111222333", "123456782", "999999990"])
def test_valid_bsns_pass_the_eleven_test(bsn):
    assert bsn_is_valid(bsn)


@pytest.mark.parametrize("bsn", ["111222334", "12345678", "1234567890", "abcdefghi", "000000000"])
def test_invalid_bsns_fail_the_eleven_test(bsn):
    assert not bsn_is_valid(bsn)


@pytest.mark.parametrize(
    "given,expected", [("3011ab", "3011 AB"), (" 3011 AB ", "3011 AB"), ("1234Xy", "1234 XY")]
)
def test_postcodes_are_normalised(given, expected):
    assert normalise_postcode(given) == expected


@pytest.mark.parametrize("bad", ["0123 AB", "301 AB", "3011-AB", "ABCD 12", "3011 A"])
def test_bad_postcodes_are_refused_with_a_dutch_message(bad):
    with pytest.raises(ValidationError, match="4 cijfers en 2 letters"):
        normalise_postcode(bad)


def test_intake_refuses_an_invalid_bsn_and_saves_nothing(intake, reference):
    from meldpunt.registry.models import Person, Report

    with pytest.raises(DomainError, match="11-proef"):
        flow.register(intake, people=[flow.person(bsn="111222334")])
    assert Report.objects.count() == 0
    assert Person.objects.count() == 0


def test_intake_refuses_a_birth_date_in_the_future(intake, reference):
    with pytest.raises(DomainError, match="toekomst"):
        flow.register(intake, people=[flow.person(date_of_birth=dt.date(2999, 1, 1))])


def test_intake_refuses_a_receipt_in_the_future(intake, reference):
    from django.utils import timezone

    with pytest.raises(DomainError, match="toekomst"):
        flow.register(intake, received_at=timezone.now() + dt.timedelta(days=1))


def test_intake_refuses_a_bad_postcode(intake, reference):
    with pytest.raises(DomainError, match="postcode"):
        flow.register(intake, people=[flow.person(postcode="30111")])
