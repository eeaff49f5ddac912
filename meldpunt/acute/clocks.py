"""The clocks of acute work, on plain data (no Django imports).

Wet tijdelijk huisverbod: the mayor imposes a restraining order for 10 days; it can be extended
to at most 28 days after it was imposed, and the extension must be decided before the 10 days
end. Veilig Thuis advises the mayor on the extension: that advice is due a day before the order
ends (moved back to a working day, so the mayor's office can still decide), with a warning two
days before that. A crisis case goes to the local team within 48 hours of the call.
"""

from __future__ import annotations

import datetime as dt

from meldpunt.process import deadlines

ORDER_DAYS = 10
MAX_ORDER_DAYS = 28
ADVICE_HOURS_BEFORE_END = 24
ADVICE_WARN_HOURS = 48
HANDOVER_HOURS = 48
HANDOVER_WARN_HOURS = 12


def order_end(imposed_at: dt.datetime) -> dt.datetime:
    """The moment the 10 days end (the same time of day, ten calendar days later)."""
    return deadlines.add_calendar_days(imposed_at, ORDER_DAYS)


def latest_end(imposed_at: dt.datetime) -> dt.datetime:
    """The latest moment an extended order may run to: 28 days after it was imposed."""
    return deadlines.add_calendar_days(imposed_at, MAX_ORDER_DAYS)


def advice_due(
    imposed_at: dt.datetime, calendar: deadlines.HolidayCalendar = deadlines.DEFAULT_CALENDAR
) -> dt.datetime:
    return deadlines.latest_working_moment(
        deadlines.add_hours(order_end(imposed_at), -ADVICE_HOURS_BEFORE_END), calendar
    )


def advice_warning(
    imposed_at: dt.datetime, calendar: deadlines.HolidayCalendar = deadlines.DEFAULT_CALENDAR
) -> dt.datetime:
    return deadlines.warning_moment(advice_due(imposed_at, calendar), ADVICE_WARN_HOURS, calendar)


def extension_refusal(
    *, imposed_at: dt.datetime, decided_at: dt.datetime, until: dt.datetime
) -> str | None:
    """Why an extension decided at `decided_at` to `until` is not lawful, in Dutch; None when
    it is."""
    end = order_end(imposed_at)
    if decided_at < imposed_at:
        return "Het besluit tot verlenging ligt vóór het opleggen van het huisverbod."
    if decided_at >= end:
        return (
            f"Verlengen kan alleen vóór het einde van de 10 dagen ({end:%d-%m-%Y %H:%M}); "
            "daarna is het huisverbod van rechtswege geëindigd en is een nieuw huisverbod nodig."
        )
    if until <= end:
        return f"De verlenging moet na het einde van de 10 dagen ({end:%d-%m-%Y %H:%M}) liggen."
    limit = latest_end(imposed_at)
    if until > limit:
        return (
            f"Een huisverbod duurt met verlenging ten hoogste 28 dagen: uiterlijk tot "
            f"{limit:%d-%m-%Y %H:%M}."
        )
    return None


def handover_due(called_at: dt.datetime) -> dt.datetime:
    return deadlines.add_hours(called_at, HANDOVER_HOURS)


def handover_warning(called_at: dt.datetime) -> dt.datetime:
    return deadlines.add_hours(handover_due(called_at), -HANDOVER_WARN_HOURS)


def handed_over_in_time(called_at: dt.datetime, handed_over_at: dt.datetime) -> bool:
    return deadlines.is_on_time_moment(handed_over_at, handover_due(called_at))
