import pytest

from meldpunt.yearplan.norms import NormKind, Status, evaluate, parse


@pytest.mark.parametrize(
    "text,kind,low,high",
    [
        ("80", NormKind.AT_LEAST, 80, None),
        ("95-100", NormKind.RANGE, 95, 100),
        ("<=6.5", NormKind.AT_MOST, None, 6.5),
        ("< 5", NormKind.AT_MOST, None, 5),
        ("400-500", NormKind.RANGE, 400, 500),
        ("7.5", NormKind.AT_LEAST, 7.5, None),
    ],
)
def test_norms_are_read_as_the_plans_write_them(text, kind, low, high):
    norm = parse(text)
    assert (norm.kind, norm.low, norm.high) == (kind, low, high)


def test_a_text_norm_is_a_yes_no_norm():
    norm = parse("ISO 9001:2015 maintained")
    assert norm.kind is NormKind.YES_NO
    assert evaluate(norm, True) is Status.ON_TRACK
    assert evaluate(norm, False) is Status.OFF_TRACK


def test_a_percentage_norm_is_met_at_the_norm_itself():
    norm = parse("80")
    assert evaluate(norm, 80) is Status.ON_TRACK
    assert evaluate(norm, 79.9) is Status.OFF_TRACK


def test_a_range_is_inclusive_on_both_ends():
    norm = parse("95-100")
    assert [evaluate(norm, v) for v in (94.9, 95, 100)] == [
        Status.OFF_TRACK,
        Status.ON_TRACK,
        Status.ON_TRACK,
    ]


def test_an_upper_bound_is_met_at_the_bound():
    norm = parse("<=5")
    assert evaluate(norm, 5) is Status.ON_TRACK
    assert evaluate(norm, 6) is Status.OFF_TRACK


def test_a_volume_target_is_on_track_within_ten_percent():
    norm = parse("4600", volume=True)
    assert evaluate(norm, 4200) is Status.ON_TRACK
    assert evaluate(norm, 4000) is Status.OFF_TRACK


def test_a_missing_value_is_missing_not_zero():
    assert evaluate(parse("<=5"), None) is Status.MISSING
    assert evaluate(parse("<=5"), 0) is Status.ON_TRACK


def test_a_progress_text_counts_as_the_owner_judges_it():
    norm = parse("voortgang")
    norm = type(norm)(NormKind.TEXT, text="voortgangsrapportage")
    assert evaluate(norm, "Afspraken met 12 van 15 gemeenten gemaakt") is Status.MISSING
    assert evaluate(norm, "Loopt", judged_on_track=True) is Status.ON_TRACK
    assert evaluate(norm, "Loopt achter", judged_on_track=False) is Status.OFF_TRACK


def test_a_range_from_high_to_low_is_refused():
    with pytest.raises(ValueError, match="hoog naar laag"):
        parse("100-95")
