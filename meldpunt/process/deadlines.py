"""Terms in Dutch working days and calendar weeks. Pure: no Django imports.

The Algemene termijnenwet counts Saturdays, Sundays and the general holidays as non-working
days: New Year's Day, Good Friday, Easter Monday, King's Day, Liberation Day (5 May, every year),
Ascension Day, Whit Monday, Christmas and Boxing Day, and the days the government equates by
decree (bridging days). The `holidays` package gives the Dutch public holidays but not exactly
this set (it has Liberation Day only every five years and no bridging days), so
`termijnenwet_holidays` starts from it and corrects it to the law. Organisations may add or
remove days on top (`HolidayCalendar(extra=..., removed=...)`).

Conventions: the day a term starts (receipt) does not count; a term that ends on a non-working
day moves to the next working day; a decision on the due day is on time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import holidays as holidays_lib

# Days equated to general holidays by decree under art. 3 of the Algemene termijnenwet.
DECREED_DAYS: frozenset[dt.date] = frozenset(
    {
        dt.date(2024, 12, 27),
        dt.date(2025, 5, 30),
        dt.date(2026, 1, 2),
        dt.date(2026, 5, 15),
    }
)

_KEEP = {
    "New Year's Day",
    "Good Friday",
    "Easter Monday",
    "King's Day",
    "Ascension Day",
    "Pentecost Monday",
    "Christmas Day",
    "Second Day of Christmas",
}


@lru_cache(maxsize=256)
def termijnenwet_holidays(year: int) -> frozenset[dt.date]:
    """The general holidays of the Algemene termijnenwet in `year` (decreed days excluded)."""
    days = {d for d, name in holidays_lib.NL(years=year, language="en_US").items() if name in _KEEP}
    days.add(dt.date(year, 5, 5))  # Liberation Day counts every year under the Termijnenwet
    kings_day = dt.date(year, 4, 27)
    if year >= 2014:
        days = {d for d in days if not (d.month == 4 and d.day in (26, 27))}
        days.add(kings_day if kings_day.weekday() != 6 else dt.date(year, 4, 26))
    return frozenset(days)


@dataclass(frozen=True)
class HolidayCalendar:
    """The non-working days of one organisation."""

    include_decreed: bool = True
    extra: frozenset[dt.date] = field(default_factory=frozenset)
    removed: frozenset[dt.date] = field(default_factory=frozenset)

    def is_holiday(self, day: dt.date) -> bool:
        if day in self.removed:
            return False
        return (
            day in termijnenwet_holidays(day.year)
            or (self.include_decreed and day in DECREED_DAYS)
            or day in self.extra
        )

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and not self.is_holiday(day)

    def weekday_holidays_after(self, start: dt.date, end: dt.date) -> set[dt.date]:
        """The holidays on a Monday to Friday after `start`, up to and including `end`."""
        candidates: set[dt.date] = set(self.extra)
        for year in range(start.year, end.year + 1):
            candidates |= termijnenwet_holidays(year)
        if self.include_decreed:
            candidates |= DECREED_DAYS
        return {d for d in candidates - self.removed if start < d <= end and d.weekday() < 5}

    def holidays_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        days: Iterable[dt.date] = (
            start + dt.timedelta(days=i) for i in range((end - start).days + 1)
        )
        return [d for d in days if self.is_holiday(d)]


DEFAULT_CALENDAR = HolidayCalendar()


def add_working_days(
    start: dt.date, n: int, calendar: HolidayCalendar = DEFAULT_CALENDAR
) -> dt.date:
    """The date `n` working days after `start`; `start` itself does not count."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    counted = 0
    while counted < n:
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


def subtract_working_days(
    end: dt.date, n: int, calendar: HolidayCalendar = DEFAULT_CALENDAR
) -> dt.date:
    """The date `n` working days before `end` (the warning date of a term due on `end`)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = end
    counted = 0
    while counted < n:
        day -= dt.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


def working_days_between(
    start: dt.date, end: dt.date, calendar: HolidayCalendar = DEFAULT_CALENDAR
) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start, calendar)
    # Counted, not walked: the worklist asks this for every row, and a term overdue for years
    # would otherwise cost a loop over thousands of days.
    weeks, rest = divmod((end - start).days, 7)
    weekdays = weeks * 5 + sum(1 for i in range(1, rest + 1) if (start.weekday() + i) % 7 < 5)
    return weekdays - len(calendar.weekday_holidays_after(start, end))


def next_working_day(day: dt.date, calendar: HolidayCalendar = DEFAULT_CALENDAR) -> dt.date:
    """`day` itself when it is a working day, else the first working day after it."""
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_weeks(start: dt.date, weeks: int, calendar: HolidayCalendar = DEFAULT_CALENDAR) -> dt.date:
    """A term in weeks: the same weekday `weeks` later, moved to a working day if needed."""
    return next_working_day(start + dt.timedelta(weeks=weeks), calendar)


def add_months(start: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(start.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def is_on_time(decided_on: dt.date, due_on: dt.date) -> bool:
    """A decision on the due day is on time."""
    return decided_on <= due_on


def days_left(today: dt.date, due_on: dt.date, calendar: HolidayCalendar = DEFAULT_CALENDAR) -> int:
    """Working days left until `due_on`: 0 on the due day, negative when overdue."""
    return working_days_between(today, due_on, calendar)


# Calendar-day and hour terms: a due MOMENT, not only a date. Acute work (a temporary
# restraining order, the hand-over after a crisis intervention) runs day and night, so these
# clocks count calendar days and elapsed hours, not working days. Every moment is time-zone
# aware; a naive datetime is a programming error.


def _require_aware(moment: dt.datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a moment must be time-zone aware")


def _shift_wall_clock(moment: dt.datetime, days: int) -> dt.datetime:
    wall = moment.replace(tzinfo=None) + dt.timedelta(days=days)
    # A wall time that does not exist (the hour skipped in spring) resolves to the real moment
    # the clock shows then: normalise through UTC.
    return wall.replace(tzinfo=moment.tzinfo).astimezone(dt.UTC).astimezone(moment.tzinfo)


def add_calendar_days(start: dt.datetime, days: int) -> dt.datetime:
    """The same wall-clock time `days` calendar days after `start`, in `start`'s time zone.

    An order imposed at 14:00 ends at 14:00 ten days later, also across a change to or from
    daylight saving time (that period is then 239 or 241 hours long)."""
    _require_aware(start)
    if days < 0:
        raise ValueError("days must not be negative")
    return _shift_wall_clock(start, days)


def add_hours(start: dt.datetime, hours: float) -> dt.datetime:
    """`hours` of elapsed time after `start` (a 48-hour term is 48 real hours)."""
    _require_aware(start)
    return (start.astimezone(dt.UTC) + dt.timedelta(hours=hours)).astimezone(start.tzinfo)


def hours_between(start: dt.datetime, end: dt.datetime) -> float:
    """Elapsed hours from `start` to `end`; negative when `end` is earlier."""
    _require_aware(start)
    _require_aware(end)
    # Two moments in the same zone subtract as wall clocks in Python: compare them in UTC.
    return (end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() / 3600


def hours_left(now: dt.datetime, due_at: dt.datetime) -> float:
    """Hours until the due moment: negative when overdue."""
    return hours_between(now, due_at)


def latest_working_moment(
    moment: dt.datetime, calendar: HolidayCalendar = DEFAULT_CALENDAR
) -> dt.datetime:
    """`moment` itself on a working day, else the same time of day on the last working day
    before it: what must be done by the office happens before a weekend or holiday."""
    _require_aware(moment)
    days_back = 0
    while not calendar.is_working_day((moment - dt.timedelta(days=days_back)).date()):
        days_back += 1
    return _shift_wall_clock(moment, -days_back)


def warning_moment(
    due_at: dt.datetime, warn_hours: float, calendar: HolidayCalendar = DEFAULT_CALENDAR
) -> dt.datetime:
    """When to warn about a term due at `due_at`: `warn_hours` before it, and on a working day
    (a warning that would fall on a Saturday comes on the Friday before)."""
    if warn_hours < 0:
        raise ValueError("warn_hours must not be negative")
    return latest_working_moment(add_hours(due_at, -warn_hours), calendar)


def is_on_time_moment(done_at: dt.datetime, due_at: dt.datetime) -> bool:
    """Done at or before the due moment."""
    _require_aware(done_at)
    _require_aware(due_at)
    return done_at.astimezone(dt.UTC) <= due_at.astimezone(dt.UTC)


def is_out_of_hours(
    moment: dt.datetime,
    calendar: HolidayCalendar,
    *,
    opens: dt.time,
    closes: dt.time,
) -> bool:
    """Outside office hours: evenings, nights, weekends and holidays (local time of `moment`).
    The hours are the organisation's (`OrganisationSettings.office_opens` / `office_closes`;
    `reference.services.out_of_office_hours` reads them), the same for the acute work's
    out-of-hours marks and for emergency access."""
    if not calendar.is_working_day(moment.date()):
        return True
    return not (opens <= moment.time().replace(tzinfo=None) < closes)
