"""The forecast on synthetic series with a known trend and season (pure, no database)."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest

from meldpunt.insight import forecast
from meldpunt.insight.csvtables import InputError


def truth(t: int) -> float:
    """200 a month, 2 more every month, a season of +/- 30 over the year."""
    return 200 + 2 * t + 30 * math.sin(2 * math.pi * t / 12)


def series(n: int, noise: float = 4.0) -> forecast.Series:
    rng = random.Random(7)
    months = [forecast.add_months(dt.date(2022, 1, 1), t) for t in range(n)]
    return forecast.Series(months, [round(truth(t) + rng.gauss(0, noise)) for t in range(n)])


def test_a_seasonal_series_with_a_trend_is_continued_with_its_trend_and_season():
    result = forecast.forecast(series(48), horizon=12, backtest_origins=2)
    assert result.model == forecast.SEASONAL_MODEL
    expected = [truth(t) for t in range(48, 60)]
    got = [p.forecast for p in result.points]
    assert all(abs(g - e) / e < 0.05 for g, e in zip(got, expected, strict=True))
    # The trend: the forecast year lies about 12 x 2 = 24 above the last observed year.
    last_year = sum(result.history.counts[-12:]) / 12
    assert sum(got) / 12 - last_year == pytest.approx(24, abs=8)
    # The season: the peak falls in April (t = 3 mod 12) as in the data.
    assert max(result.points, key=lambda p: p.forecast).month.month == 4


def test_the_80_percent_interval_surrounds_the_forecast_and_mostly_the_truth():
    result = forecast.forecast(series(48), horizon=12, backtest_origins=0)
    assert all(p.lower <= p.forecast <= p.upper for p in result.points)
    inside = sum(p.lower <= truth(48 + i) <= p.upper for i, p in enumerate(result.points))
    assert inside >= 8


def test_months_follow_the_last_observed_month():
    result = forecast.forecast(series(30), horizon=3, backtest_origins=0)
    assert [forecast.month_key(p.month) for p in result.points] == [
        "2024-07",
        "2024-08",
        "2024-09",
    ]


def test_the_back_test_reports_its_error_over_the_forecast_months():
    result = forecast.forecast(series(36), horizon=3, backtest_origins=4)
    test = result.backtest
    # Origins at months 32..35: 3 + 3 + 2 + 1 forecast months with a known count.
    assert (test.origins, test.points) == (4, 9)
    assert 0 < test.mape < 10
    assert "MAPE" in test.sentence()


def test_a_series_shorter_than_two_years_gets_a_trend_without_season_and_says_so():
    result = forecast.forecast(series(14), horizon=6, backtest_origins=2)
    assert result.model == forecast.TREND_MODEL
    assert any("24 nodig" in w for w in result.warnings)
    assert len(result.points) == 6


def test_fewer_than_six_months_are_refused():
    with pytest.raises(InputError, match="Te weinig maanden"):
        forecast.forecast(series(5), horizon=3)


def test_a_horizon_out_of_range_is_refused():
    with pytest.raises(InputError, match="horizon"):
        forecast.forecast(series(30), horizon=0)


def test_a_csv_of_months_and_counts_is_read_in_month_order():
    parsed = forecast.parse_series("month,count\n2024-02,5\n2024-01,3\n2024-03,0\n")
    assert parsed.months[0] == dt.date(2024, 1, 1)
    assert parsed.counts == [3, 5, 0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("maand,aantal\n2024-01,3\n", "kolommen ontbreken: count, month"),
        ("month,count\n2024-01,3\n2024-01,4\n", "2024-01 staat er twee keer in"),
        ("month,count\n2024-01,drie\n", "'drie' is geen getal"),
        ("month,count\n2024-13,3\n", "niet JJJJ-MM"),
        ("month,count\n2024-01,-3\n", "niet negatief"),
        ("month,count\n2024-01,3\n2024-04,3\n", "er ontbreken: 2024-02 t/m 2024-03"),
    ],
)
def test_a_malformed_series_is_refused_with_a_clear_message(text, message):
    with pytest.raises(InputError, match=message):
        forecast.parse_series(text)


def test_the_chart_is_an_svg_image():
    result = forecast.forecast(series(30), horizon=3, backtest_origins=0)
    image = forecast.chart(result, fmt="svg")
    assert image.lstrip().startswith(b"<?xml") and b"<svg" in image


def test_the_interval_is_widened_until_80_percent_of_the_back_test_errors_fit():
    data = series(48, noise=12.0)
    result = forecast.forecast(data, horizon=6, backtest_origins=12)
    test = result.backtest
    assert test.points >= forecast.MIN_CALIBRATION_POINTS
    assert test.scale >= 1.0
    assert test.calibrated_coverage_80 >= 80.0
    mean, lower, upper = forecast._fit_predict(data.counts, data.months[0], result.model, 6)
    for point, m, hi in zip(result.points, mean, upper, strict=True):
        assert point.upper - point.forecast == pytest.approx(test.scale * (hi - m), rel=1e-6)
    assert test.as_dict()["interval_scale"] == round(test.scale, 3)


def test_a_back_test_too_short_to_calibrate_keeps_the_models_interval_and_says_so():
    result = forecast.forecast(series(30), horizon=3, backtest_origins=2)
    assert result.backtest.points < forecast.MIN_CALIBRATION_POINTS
    assert result.backtest.scale == 1.0
    assert any("te smal" in w for w in result.warnings)
