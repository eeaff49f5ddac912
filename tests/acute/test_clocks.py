"""Calendar-day and hour terms (process/deadlines.py) and the clocks of a restraining order and
a crisis intervention (acute/clocks.py), on plain data."""

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meldpunt.acute import clocks
from meldpunt.process.deadlines import (
    HolidayCalendar,
    add_calendar_days,
    add_hours,
    hours_between,
    is_out_of_hours,
    warning_moment,
)

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
cal = HolidayCalendar()
# Hypothesis takes naive bounds and attaches the zone itself.
moments = st.datetimes(
    min_value=dt.datetime(2020, 1, 1),  # noqa: DTZ001
    max_value=dt.datetime(2032, 12, 31),  # noqa: DTZ001
    timezones=st.just(AMS),
)


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=AMS)


def test_an_order_imposed_at_14h_ends_ten_days_later_at_14h():
    assert clocks.order_end(at(2026, 3, 4, 14)) == at(2026, 3, 14, 14)


def test_ten_calendar_days_across_the_change_to_summer_time_are_239_hours():
    # Summer time starts on Sunday 29 March 2026.
    imposed = at(2026, 3, 25, 14)
    end = clocks.order_end(imposed)
    assert end == at(2026, 4, 4, 14)
    assert hours_between(imposed, end) == 239


def test_a_48_hour_term_is_48_real_hours_across_the_change_to_winter_time():
    # Winter time starts on Sunday 25 October 2026: the wall clock shows 47 hours later.
    called = at(2026, 10, 24, 12)
    due = clocks.handover_due(called)
    assert hours_between(called, due) == 48
    assert due == at(2026, 10, 26, 11)


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        add_hours(dt.datetime(2026, 3, 4, 14), 48)  # noqa: DTZ001 - the point of the test


@settings(deadline=None)  # the first call builds the holiday table
@given(moments, st.integers(min_value=0, max_value=60))
def test_calendar_days_keep_the_local_date_distance(start, days):
    end = add_calendar_days(start, days)
    assert (end.date() - start.date()).days == days
    assert end.utcoffset() is not None


@settings(deadline=None)  # the first call builds the holiday table
@given(moments, st.floats(min_value=0, max_value=24 * 60, allow_nan=False))
def test_hour_terms_are_elapsed_time(start, hours):
    assert hours_between(start, add_hours(start, hours)) == pytest.approx(hours, abs=1e-6)


@settings(deadline=None)  # the first call builds the holiday table
@given(moments, st.integers(min_value=0, max_value=96))
def test_a_warning_comes_on_a_working_day_and_at_least_the_warning_hours_early(due, hours):
    warn = warning_moment(due, hours, cal)
    assert cal.is_working_day(warn.date())
    assert hours_between(warn, due) >= hours - 1e-9


@settings(deadline=None)  # the first call builds the holiday table
@given(moments)
def test_the_advice_to_the_mayor_is_due_before_the_order_ends_and_warned_earlier(imposed):
    due = clocks.advice_due(imposed, cal)
    assert clocks.advice_warning(imposed, cal) <= due
    assert due < clocks.order_end(imposed)
    assert cal.is_working_day(due.date())


def test_the_warning_before_day_10_comes_on_friday_when_it_would_fall_in_the_weekend():
    # Imposed Saturday 7 March 2026 12:00: the order ends Tuesday 17 March 12:00, the advice is
    # due Monday 16 March 12:00; 48 hours earlier is Saturday 14 March, so the warning comes on
    # Friday 13 March at 12:00, before the weekend.
    imposed = at(2026, 3, 7, 12)
    assert clocks.advice_due(imposed, cal) == at(2026, 3, 16, 12)
    assert clocks.advice_warning(imposed, cal) == at(2026, 3, 13, 12)


def test_advice_due_on_a_sunday_moves_back_to_friday():
    # Imposed Thursday 5 March 12:00, ends Sunday 15 March; a day earlier is Saturday.
    assert clocks.advice_due(at(2026, 3, 5, 12), cal) == at(2026, 3, 13, 12)


def test_an_extension_decided_after_day_10_is_refused_with_a_clear_message():
    imposed = at(2026, 3, 4, 14)
    message = clocks.extension_refusal(
        imposed_at=imposed, decided_at=at(2026, 3, 14, 14, 1), until=at(2026, 3, 30, 14)
    )
    assert message is not None
    assert "vóór het einde van de 10 dagen (14-03-2026 14:00)" in message
    assert "nieuw huisverbod" in message


def test_an_extension_beyond_28_days_is_refused_and_28_days_exactly_is_allowed():
    imposed = at(2026, 3, 4, 14)
    decided = at(2026, 3, 12, 10)
    refused = clocks.extension_refusal(
        imposed_at=imposed, decided_at=decided, until=at(2026, 4, 1, 14, 1)
    )
    assert refused is not None
    assert "ten hoogste 28 dagen" in refused
    assert "01-04-2026 14:00" in refused
    assert (
        clocks.extension_refusal(imposed_at=imposed, decided_at=decided, until=at(2026, 4, 1, 14))
        is None
    )


def test_out_of_hours_means_evenings_nights_weekends_and_holidays():
    hours = {"opens": dt.time(8), "closes": dt.time(17)}
    assert is_out_of_hours(at(2026, 3, 4, 23), cal, **hours)
    assert is_out_of_hours(at(2026, 3, 7, 11), cal, **hours)  # Saturday
    assert is_out_of_hours(at(2026, 12, 25, 11), cal, **hours)  # Christmas
    assert not is_out_of_hours(at(2026, 3, 4, 11), cal, **hours)
    assert not is_out_of_hours(at(2026, 3, 4, 8), cal, **hours)  # opening time is in
    assert is_out_of_hours(at(2026, 3, 4, 17), cal, **hours)  # closing time is out
