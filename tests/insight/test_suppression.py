import datetime as dt

import pytest

from meldpunt.insight import suppression
from meldpunt.insight.indicators import COUNT, PERCENT, Cell, Indicator
from meldpunt.insight.periods import Period, PeriodError


def test_counts_from_one_to_four_are_shown_as_less_than_five_and_zero_stays_zero():
    assert [suppression.count(n) for n in (0, 1, 4, 5, 12)] == [0, "<5", "<5", 5, 12]


def test_a_share_is_withheld_when_the_count_on_either_side_of_the_line_is_small():
    assert suppression.share_is_safe(10, 20)
    assert not suppression.share_is_safe(3, 20)  # three on time
    assert not suppression.share_is_safe(31, 32)  # reveals the one who was late
    assert suppression.share_is_safe(0, 20)
    assert suppression.share_is_safe(20, 20)


def test_a_single_small_cell_takes_the_next_smallest_with_it_so_the_total_does_not_reveal_it():
    assert suppression.cells_to_suppress([12, 3, 40, 7, 0]) == {1, 3}
    assert suppression.cells_to_suppress([2, 3, 40]) == {0, 1}
    assert suppression.cells_to_suppress([0, 9, 40]) == set()


def test_a_suppressed_breakdown_hides_the_small_cell_and_protects_it_from_the_total():
    indicator = Indicator(
        code="reports",
        name="Meldingen",
        unit=COUNT,
        value=52,
        breakdown={"maand": [Cell("a", "a", 3), Cell("b", "b", 9), Cell("c", "c", 40)]},
    )
    shown = indicator.as_dict(suppress=True)
    assert shown["value"] == 52
    cells = shown["breakdown"]["maand"]
    assert [c["value"] for c in cells] == ["<5", None, 40]
    assert cells[1]["suppressed"] is True
    assert indicator.as_dict(suppress=False)["breakdown"]["maand"][0]["value"] == 3


def test_a_suppressed_share_shows_its_counts_as_less_than_five():
    indicator = Indicator(
        code="triage_on_time", name="x", unit=PERCENT, value=75.0, numerator=3, denominator=4
    )
    shown = indicator.as_dict(suppress=True)
    assert (shown["value"], shown["numerator"], shown["denominator"]) == (None, "<5", "<5")


def test_periods_are_read_as_month_quarter_half_year_and_year():
    assert Period.parse("2025-03") == Period(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert Period.parse("2025Q4") == Period(dt.date(2025, 10, 1), dt.date(2025, 12, 31))
    assert Period.parse("2025h1") == Period(dt.date(2025, 1, 1), dt.date(2025, 6, 30))
    assert Period.parse("2024").end == dt.date(2024, 12, 31)
    assert Period.parse("2025Q2").label == "2e kwartaal 2025"
    assert Period(dt.date(2025, 1, 1), dt.date(2025, 1, 15)).kind == "days"
    with pytest.raises(PeriodError, match="geen periode"):
        Period.parse("maart")
    with pytest.raises(PeriodError, match="vóór"):
        Period(dt.date(2025, 2, 1), dt.date(2025, 1, 1))
