"""The risk score and the signalling structure on small tables worked out by hand (pure, no
database), and on the regional vision's own table."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from meldpunt.insight import risk
from meldpunt.insight.csvtables import InputError

DATA = Path(risk.__file__).resolve().parents[1] / "reference" / "data"

# Four municipalities, one risk factor (F1) and the property value (less risk when higher).
# F1: 1, 2, 3, 6 -> mean 3, deviations -2, -1, 0, 3, population variance 14/4 = 3.5.
# WOZ: 40, 30, 30, 20 -> mean 30, deviations 10, 0, 0, -10, variance 200/4 = 50; direction -1.
FACTORS_CSV = """municipality,category,factor,value,unit,source
A,Structureel,F1,1,percent,CBS
A,Structureel,WOZ-waarde,40,thousand_euro,CBS
B,Structureel,F1,2,percent,CBS
B,Structureel,WOZ-waarde,30,thousand_euro,CBS
C,Structureel,F1,3,percent,CBS
C,Structureel,WOZ-waarde,30,thousand_euro,CBS
D,Structureel,F1,6,percent,CBS
D,Structureel,WOZ-waarde,20,thousand_euro,CBS
"""
REPORTS = {"A": 2.0, "B": 5.0, "C": 4.0, "D": 9.0}
SCORE = {
    "A": -2 / math.sqrt(3.5) - 10 / math.sqrt(50),  # -2.4833
    "B": -1 / math.sqrt(3.5),  # -0.5345
    "C": 0.0,
    "D": 3 / math.sqrt(3.5) + 10 / math.sqrt(50),  # 3.0178
}


def _by_name(analysis):
    return {s.municipality: s for s in analysis.scores}


@pytest.fixture
def table():
    return risk.parse_factors(FACTORS_CSV)


def test_the_score_sums_the_directed_z_scores_of_every_factor(table):
    scores = _by_name(risk.analyse(table))
    for name, expected in SCORE.items():
        assert scores[name].score == pytest.approx(expected)
        assert scores[name].mean_z == pytest.approx(expected / 2)
        assert scores[name].factors_used == 2


def test_a_higher_property_value_counts_as_less_risk_by_default(table):
    scores = _by_name(risk.analyse(table))
    assert scores["A"].z_scores["WOZ-waarde"] == pytest.approx(-10 / math.sqrt(50))
    assert scores["D"].z_scores["WOZ-waarde"] == pytest.approx(10 / math.sqrt(50))


def test_a_direction_given_by_the_analyst_overrides_the_default(table):
    directions = risk.parse_directions("factor,direction\nWOZ-waarde,1\nF1,-1\n")
    scores = _by_name(risk.analyse(table, directions=directions))
    assert scores["D"].score == pytest.approx(-SCORE["D"])
    assert scores["A"].rank == 1


def test_a_factor_with_direction_zero_is_left_out_and_named(table):
    analysis = risk.analyse(table, directions={"WOZ-waarde": 0})
    assert analysis.factors_in_use == ["F1"]
    assert "WOZ-waarde" in analysis.factors_left_out
    # One factor in use: the score is the F1 z-score alone.
    assert _by_name(analysis)["D"].score == pytest.approx(3 / math.sqrt(3.5))


def test_rank_one_is_the_highest_score_and_tiers_follow_the_spread_of_the_scores(table):
    # Scores have mean 0 and population SD sqrt(sum of squares / 4) = 1.972; D is 1.53 SD
    # above (high), A 1.26 SD below (low), B and C within 0.5 SD (average).
    scores = _by_name(risk.analyse(table))
    assert [s.municipality for s in risk.analyse(table).scores] == ["D", "C", "B", "A"]
    assert scores["D"].rank == 1 and scores["A"].rank == 4
    assert {n: s.tier for n, s in scores.items()} == {
        "A": "low",
        "B": "average",
        "C": "average",
        "D": "high",
    }


def test_the_sample_standard_deviation_can_be_chosen_instead(table):
    # Sample SD: variance 14/3 for F1 and 200/3 for WOZ.
    scores = _by_name(risk.analyse(table, sd="sample"))
    expected = 3 / math.sqrt(14 / 3) + 10 / math.sqrt(200 / 3)
    assert scores["D"].score == pytest.approx(expected)


def test_the_signalling_line_expected_values_and_residuals_are_ordinary_least_squares(table):
    # x = the scores (mean 0), y = 2, 5, 4, 9 (mean 5): intercept 5, slope = Sxy / Sxx.
    analysis = risk.analyse(table, reports=REPORTS)
    x = SCORE
    sxx = sum(v * v for v in x.values())
    sxy = sum(x[m] * (REPORTS[m] - 5) for m in x)
    slope = sxy / sxx  # 1.2546
    assert analysis.fit.intercept == pytest.approx(5.0)
    assert analysis.fit.slope == pytest.approx(slope)
    scores = _by_name(analysis)
    for name in x:
        expected = 5 + slope * x[name]
        assert scores[name].expected_reports_per_1000 == pytest.approx(expected)
        assert scores[name].residual == pytest.approx(REPORTS[name] - expected)
        assert scores[name].flag == "none"


def test_a_municipality_far_below_the_line_is_flagged_fewer_than_expected():
    # One factor 1..6, reports 1..6 except R with 0.5 instead of 3. By hand: slope 6/7 per
    # unit of the factor, residual of R -2.048, residual SE sqrt(SSR / 4), leverage of R 1/6 +
    # 0.25 / 17.5; standardised residual exactly -2.0.
    text = "municipality,factor,value\n" + "".join(
        f"{m},F,{i}\n" for i, m in enumerate("PQRSTU", start=1)
    )
    reports = {"P": 1, "Q": 2, "R": 0.5, "S": 4, "T": 5, "U": 6}
    analysis = risk.analyse(risk.parse_factors(text), reports=reports, flag_threshold=1.5)
    scores = _by_name(analysis)
    assert scores["R"].residual == pytest.approx(-43 / 21)
    assert scores["R"].standardised_residual == pytest.approx(-2.0)
    assert scores["R"].flag == "fewer_than_expected"
    assert {n for n, s in scores.items() if s.flag != "none"} == {"R"}
    higher = risk.analyse(risk.parse_factors(text), reports={**reports, "R": 5.5})
    assert _by_name(higher)["R"].flag == "more_than_expected"


def test_a_municipality_with_a_missing_factor_is_scored_on_its_mean_over_the_factors_it_has():
    text = FACTORS_CSV.replace("D,Structureel,WOZ-waarde,20,", "D,Structureel,WOZ-waarde,,")
    analysis = risk.analyse(risk.parse_factors(text), reports=REPORTS)
    d = _by_name(analysis)["D"]
    # F1 is still over all four; WOZ over A, B, C: mean 33.33, variance 22.22.
    assert d.factors_used == 1
    assert d.factors_missing == ["WOZ-waarde"]
    assert d.mean_z == pytest.approx(3 / math.sqrt(3.5))
    assert d.score == pytest.approx(2 * 3 / math.sqrt(3.5))  # mean_z x 2 factors in use
    woz_sd = math.sqrt(((40 - 100 / 3) ** 2 + 2 * (30 - 100 / 3) ** 2) / 3)
    a = _by_name(analysis)["A"]
    assert a.z_scores["WOZ-waarde"] == pytest.approx(-(40 - 100 / 3) / woz_sd)


def test_a_municipality_without_reports_keeps_its_score_and_expected_value_but_no_flag(table):
    reports = {**REPORTS, "D": None}
    d = _by_name(risk.analyse(table, reports=reports))["D"]
    assert d.reports_per_1000 is None
    assert d.expected_reports_per_1000 is not None
    assert d.residual is None and d.flag == "none"


def test_a_factor_known_for_too_few_municipalities_is_left_out():
    text = FACTORS_CSV + "A,Sociaal,Zeldzaam,5,percent,GGD\n"
    analysis = risk.analyse(risk.parse_factors(text))
    assert "Zeldzaam" not in analysis.factors_in_use
    assert "1 van 4" in analysis.factors_left_out["Zeldzaam"]


def test_the_regional_vision_table_ranks_rotterdam_first_and_signals_lansingerland_and_brielle():
    table = risk.parse_factors((DATA / "risk_factors.csv").read_text(encoding="utf-8"))
    reports = risk.parse_reports((DATA / "reports_per_1000.csv").read_text(encoding="utf-8"))
    analysis = risk.analyse(table, reports=reports)
    scores = _by_name(analysis)
    assert analysis.scores[0].municipality == "Rotterdam"
    assert "Aandeel bijstandsgerechtigde alleenstaande ouders" in analysis.factors_left_out
    assert len(analysis.factors_in_use) == 41
    assert scores["Hoeksche Waard"].factors_used == 21
    assert scores["Hoeksche Waard"].flag == "none"
    assert scores["Lansingerland"].flag == "more_than_expected"
    assert scores["Brielle"].flag == "fewer_than_expected"
    assert analysis.fit.slope > 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("municipality,factor\nA,F1\n", "kolommen ontbreken: value"),
        ("municipality;factor;value\nA;F1;1\n", "puntkomma"),
        ("municipality,factor,value\nA,F1,veel\n", "regel 2 (value): 'veel' is geen getal"),
        ('municipality,factor,value\nA,F1,"3,1"\n', "decimale punt"),
        ("municipality,factor,value\nA,F1,1\nA,F1,2\n", "regel 3: A heeft de factor 'F1' twee"),
        ("municipality,factor,value\n,F1,1\n", "gemeente en factor zijn verplicht"),
        ("", "is leeg"),
    ],
)
def test_a_malformed_factors_file_is_refused_with_a_clear_message(text, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        risk.parse_factors(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("municipality,reports\nA,1\n", "kolommen ontbreken: reports_per_1000"),
        ("municipality,reports_per_1000\nA,1\nA,2\n", "regel 3: A staat er twee keer in"),
        ("municipality,reports_per_1000\nA,-1\n", "niet negatief"),
        ("municipality,reports_per_1000\nA,x\n", "'x' is geen getal"),
    ],
)
def test_a_malformed_reports_file_is_refused_with_a_clear_message(text, message):
    with pytest.raises(InputError, match=message):
        risk.parse_reports(text)


def test_an_unknown_direction_is_refused():
    with pytest.raises(InputError, match="richting 'omhoog' is onbekend"):
        risk.parse_directions("factor,direction\nF1,omhoog\n")
