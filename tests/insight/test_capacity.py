"""Capacity arithmetic, and the VT Zuid-Holland-Zuid table reproduced (pure, no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from meldpunt.insight import capacity
from meldpunt.insight.csvtables import InputError

DATA = Path(capacity.__file__).resolve().parents[1] / "reference" / "data"


@pytest.fixture
def norms():
    return capacity.parse_norms((DATA / "capacity_norms.csv").read_text(encoding="utf-8"))


VOLUMES = {"advices": 10, "reports": 5, "support": 2, "investigations": 1, "monitoring": 1}


def test_hours_are_volume_times_the_regional_norm_and_fte_divides_by_productive_hours(norms):
    result = capacity.compute(volumes=VOLUMES, norms=norms, hours_per_fte=100, available_fte=2)
    # 10 x 2 + 5 x 16 + 2 x 16 + 1 x 22 + 1 x 12 = 20 + 80 + 32 + 22 + 12 = 166 hours.
    assert result.hours_by_activity == {
        "advices": 20,
        "reports": 80,
        "support": 32,
        "investigations": 22,
        "monitoring": 12,
    }
    assert result.total_hours == 166
    assert result.total_fte == pytest.approx(1.66)
    assert result.gap_fte == pytest.approx(0.34)  # available minus needed: a surplus


def test_the_national_norms_count_more_hours_for_investigation_and_monitoring(norms):
    result = capacity.compute(volumes=VOLUMES, norms=norms, norm_set="national", hours_per_fte=100)
    # Onderzoek 35 and monitoring 15 instead of 22 and 12: 166 + 13 + 3 = 182.
    assert result.total_hours == 182
    assert result.gap_fte is None
    assert "gap_fte" not in result.as_dict()


def test_a_shortage_is_a_negative_gap(norms):
    result = capacity.compute(
        volumes={"reports": 1350}, norms=norms, hours_per_fte=1350, available_fte=10
    )
    assert result.total_fte == pytest.approx(16)
    assert result.gap_fte == pytest.approx(-6)


def test_1350_productive_hours_reproduce_every_needed_fte_of_the_zhz_table(norms):
    table = capacity.parse_volume_table((DATA / "vt_zhz_volumes.csv").read_text(encoding="utf-8"))
    rows = capacity.compare_with_table(table, norms=norms, hours_per_fte=1350)
    assert len(rows) == 14  # 7 periods x regional and national
    assert all(abs(r["difference_fte"]) < 0.005 for r in rows)


def test_the_zhz_table_is_not_reproduced_when_triage_counts_every_report(norms):
    table = capacity.parse_volume_table((DATA / "vt_zhz_volumes.csv").read_text(encoding="utf-8"))
    rows = capacity.compare_with_table(table, norms=norms, triage_line="Meldingen")
    # Realisatie 2021: (3894 - 3116 handed over directly) x 16 h / 1350 = 9.22 FTE more.
    first = rows[0]
    assert first["period"] == "Realisatie 2021"
    assert first["difference_fte"] == pytest.approx(9.22, abs=0.01)


def test_negative_volumes_and_zero_productive_hours_are_refused(norms):
    with pytest.raises(InputError, match="niet negatief"):
        capacity.compute(volumes={"reports": -1}, norms=norms)
    with pytest.raises(InputError, match="groter dan 0"):
        capacity.compute(volumes=VOLUMES, norms=norms, hours_per_fte=0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("activity,hours_regional\nAdvies,2\n", "kolommen ontbreken: hours_national"),
        ("activity,hours_regional,hours_national\nKoffie,1,1\n", "onbekende activiteit 'Koffie'"),
        ("activity,hours_regional,hours_national\nAdvies,twee,2\n", "'twee' is geen getal"),
        (
            "activity,hours_regional,hours_national\nAdvies,2,2\nAdvies,3,3\n",
            "'Advies' staat er twee keer in",
        ),
        ("activity,hours_regional,hours_national\nAdvies,2,2\n", "activiteiten ontbreken: Triage"),
    ],
)
def test_a_malformed_norms_file_is_refused_with_a_clear_message(text, message):
    with pytest.raises(InputError, match=message):
        capacity.parse_norms(text)
