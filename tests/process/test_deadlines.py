import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meldpunt.process.deadlines import (
    HolidayCalendar,
    add_months,
    add_weeks,
    add_working_days,
    days_left,
    is_on_time,
    subtract_working_days,
    termijnenwet_holidays,
    working_days_between,
)

D = dt.date
cal = HolidayCalendar()
dates = st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31))


def test_the_day_of_receipt_does_not_count():
    # Monday 2 March 2026 + 5 working days = Monday 9 March
    assert add_working_days(D(2026, 3, 2), 5) == D(2026, 3, 9)


def test_a_report_received_on_saturday_is_due_on_friday_of_the_next_week():
    assert add_working_days(D(2026, 3, 7), 5) == D(2026, 3, 13)


def test_christmas_boxing_day_and_new_year_do_not_count():
    # Mon 22 Dec 2025: 23, 24, 29, 30, 31 Dec (25, 26 Dec are holidays, 27/28 weekend)
    assert add_working_days(D(2025, 12, 22), 5) == D(2025, 12, 31)
    # Tue 30 Dec 2025: 31 Dec, 5, 6, 7, 8 Jan (1 Jan holiday, 2 Jan decreed bridging day)
    assert add_working_days(D(2025, 12, 30), 5) == D(2026, 1, 8)


def test_kings_day_moves_to_26_april_when_27_april_is_a_sunday():
    assert D(2025, 4, 26) in termijnenwet_holidays(2025)  # a Saturday then, but still the day
    assert D(2025, 4, 27) not in termijnenwet_holidays(2025)
    assert D(2026, 4, 27) in termijnenwet_holidays(2026)  # a Monday
    # Fri 24 Apr 2026 + 5: 28, 29, 30 Apr, 1 May, 4 May (27 Apr King's Day)
    assert add_working_days(D(2026, 4, 24), 5) == D(2026, 5, 4)


def test_liberation_day_counts_every_year_unlike_the_holidays_package():
    assert D(2024, 5, 5) in termijnenwet_holidays(2024)
    assert D(2027, 5, 5) in termijnenwet_holidays(2027)
    assert not cal.is_working_day(D(2027, 5, 5))  # a Wednesday


def test_ascension_day_and_its_decreed_bridging_day_do_not_count():
    # Ascension 14 May 2026 (Thu), bridging day Fri 15 May 2026
    # Tue 12 May + 5: 13, 18, 19, 20, 21 May
    assert add_working_days(D(2026, 5, 12), 5) == D(2026, 5, 21)


def test_good_friday_counts_as_a_holiday_under_the_termijnenwet():
    assert not cal.is_working_day(D(2026, 4, 3))


def test_an_organisation_can_switch_off_decreed_days_and_add_its_own():
    own = HolidayCalendar(include_decreed=False, extra=frozenset({D(2026, 3, 3)}))
    assert own.is_working_day(D(2026, 5, 15))
    assert not own.is_working_day(D(2026, 3, 3))
    assert add_working_days(D(2026, 3, 2), 1, own) == D(2026, 3, 4)
    removed = HolidayCalendar(removed=frozenset({D(2026, 5, 15)}))
    assert removed.is_working_day(D(2026, 5, 15))


def test_week_terms_end_on_the_same_weekday_or_the_next_working_day():
    assert add_weeks(D(2026, 3, 2), 10) == D(2026, 5, 11)
    # Start Fri 3 Oct 2025 + 10 weeks = Fri 12 Dec 2025
    assert add_weeks(D(2025, 10, 3), 10) == D(2025, 12, 12)
    # Start Thu 16 Oct 2025 + 10 weeks = Christmas Day → Mon 29 Dec (26 Dec also a holiday)
    assert add_weeks(D(2025, 10, 16), 10) == D(2025, 12, 29)


def test_months_clamp_to_the_end_of_a_shorter_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2026, 11, 15), 3) == D(2027, 2, 15)
    assert add_months(D(2024, 8, 31), 18) == D(2026, 2, 28)


def test_a_decision_on_the_due_day_is_on_time():
    assert is_on_time(D(2026, 3, 9), D(2026, 3, 9))
    assert not is_on_time(D(2026, 3, 10), D(2026, 3, 9))


def test_days_left_is_negative_when_overdue():
    assert days_left(D(2026, 3, 9), D(2026, 3, 9)) == 0
    assert days_left(D(2026, 3, 6), D(2026, 3, 9)) == 1
    assert days_left(D(2026, 3, 11), D(2026, 3, 9)) == -2


def test_negative_terms_are_refused():
    with pytest.raises(ValueError):
        add_working_days(D(2026, 3, 2), -1)


@given(start=dates, n=st.integers(min_value=1, max_value=60))
def test_a_working_day_term_ends_on_a_working_day_after_exactly_n_working_days(start, n):
    due = add_working_days(start, n, cal)
    assert due > start
    assert cal.is_working_day(due)
    assert working_days_between(start, due, cal) == n


@given(start=dates, n=st.integers(min_value=0, max_value=40), m=st.integers(0, 40))
def test_adding_working_days_composes(start, n, m):
    assert add_working_days(add_working_days(start, n), m) == add_working_days(start, n + m)


@given(end=dates, n=st.integers(min_value=1, max_value=40))
def test_subtracting_undoes_adding_from_a_working_day(end, n):
    if not cal.is_working_day(end):
        return
    assert add_working_days(subtract_working_days(end, n), n) == end


@given(start=dates, n=st.integers(min_value=1, max_value=30))
def test_the_due_date_is_the_first_day_on_which_n_working_days_have_passed(start, n):
    due = add_working_days(start, n)
    assert (due - start).days >= n
    assert working_days_between(start, due - dt.timedelta(days=1)) == n - 1
    non_working = sum(
        1
        for i in range(1, (due - start).days + 1)
        if not cal.is_working_day(start + dt.timedelta(days=i))
    )
    assert (due - start).days == n + non_working


@given(a=dates, b=dates)
def test_working_days_between_is_antisymmetric(a, b):
    assert working_days_between(a, b) == -working_days_between(b, a)


calendars = st.builds(
    HolidayCalendar,
    include_decreed=st.booleans(),
    extra=st.frozensets(dates, max_size=5),
    removed=st.frozensets(dates, max_size=5),
)


@given(a=dates, b=dates, calendar=calendars)
def test_counting_working_days_agrees_with_walking_the_days_one_by_one(a, b, calendar):
    start, end = min(a, b), max(a, b)
    walked = sum(
        1
        for i in range(1, (end - start).days + 1)
        if calendar.is_working_day(start + dt.timedelta(days=i))
    )
    assert working_days_between(start, end, calendar) == walked
