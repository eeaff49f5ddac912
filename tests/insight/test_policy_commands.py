"""The riskscore, forecast and capacity commands: the register's figures, files and errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from meldpunt.access.roles import Role
from meldpunt.insight import forecast, policy_selectors
from meldpunt.reference.models import Municipality, ReporterType
from meldpunt.registry.services import register_advice
from tests.process import flow


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def register_2025(reference, clock, make_user):
    """Three reports in Schiedam (78,000 inhabitants) and one in Vlaardingen (72,000) in 2025,
    one in Schiedam in 2024; two advice requests in 2025."""
    intake = make_user(Role.INTAKE)
    schiedam = Municipality.objects.get(name="Schiedam")
    vlaardingen = Municipality.objects.get(name="Vlaardingen")
    clock.at(2024, 12, 31, 23, 30)  # Amsterdam time: still 2024
    flow.register(intake, municipality=schiedam)
    for month in (2, 3, 5):
        moment = clock.at(2025, month, 10)
        flow.register(intake, municipality=schiedam)
        if month != 5:
            register_advice(
                by=intake,
                received_at=moment,
                asker_type=ReporterType.objects.get(code="politie"),
                question="Wat moet ik doen?",
            )
    clock.at(2025, 6, 2)
    flow.register(intake, municipality=vlaardingen)
    clock.at(2026, 1, 15)


def test_reports_per_1000_from_the_register_count_the_calendar_year_per_municipality(
    register_2025,
):
    rates = policy_selectors.reports_per_1000(year=2025)
    assert rates["Schiedam"] == pytest.approx(round(3 * 1000 / 78000, 2))
    assert rates["Vlaardingen"] == pytest.approx(round(1000 / 72000, 2))
    assert rates["Maassluis"] == 0
    assert "Hoeksche Waard" not in rates  # served by Veilig Thuis Zuid-Holland-Zuid


def test_riskscore_without_a_reports_file_takes_last_year_from_the_register(register_2025):
    out, err = run("riskscore")
    rows = {r["municipality"]: r for r in json.loads(out)}
    assert rows["Schiedam"]["reports_per_1000"] == pytest.approx(0.04)
    assert rows["Rotterdam"]["rank"] == 1
    assert {"score", "mean_z", "factors_used", "tier", "residual", "flag"} <= set(rows["Schiedam"])
    assert "het register, 2025" in err


def test_riskscore_writes_csv_to_the_output_file(reference, tmp_path):
    target = tmp_path / "risico.csv"
    out, _ = run(
        "riskscore",
        "--reports",
        "meldpunt/reference/data/reports_per_1000.csv",
        "--format",
        "csv",
        "--output",
        str(target),
    )
    assert out == ""
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 16
    assert rows[0]["municipality"] == "Rotterdam"
    assert rows[0]["rank"] == "1"


def test_riskscore_refuses_a_reports_file_with_a_municipality_twice(reference, tmp_path):
    bad = tmp_path / "meldingen.csv"
    bad.write_text("municipality,reports_per_1000\nSchiedam,11\nSchiedam,12\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Schiedam staat er twee keer in"):
        run("riskscore", "--reports", str(bad))


def test_riskscore_names_a_missing_file(reference, tmp_path):
    with pytest.raises(CommandError, match="niet gevonden"):
        run("riskscore", "--factors", str(tmp_path / "nergens.csv"))


def test_forecast_from_a_csv_prints_the_back_test_and_writes_the_chart(tmp_path):
    lines = ["month,count"] + [
        f"{2022 + t // 12}-{t % 12 + 1:02d},{100 + t + (15 if t % 12 in (5, 6) else 0)}"
        for t in range(30)
    ]
    source = tmp_path / "maanden.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    chart = tmp_path / "voorspelling.png"
    out, err = run(
        "forecast",
        "--metric",
        "reports",
        "--horizon",
        "4",
        "--input",
        str(source),
        "--backtest",
        "2",
        "--chart",
        str(chart),
    )
    data = json.loads(out)
    assert [p["month"] for p in data["forecast"]] == ["2024-07", "2024-08", "2024-09", "2024-10"]
    assert {"forecast", "lower_80", "upper_80"} <= set(data["forecast"][0])
    assert data["backtest"]["origins"] == 2
    assert "Terugtoets" in err
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_forecast_from_the_register_counts_complete_months_and_falls_back_without_season(
    register_2025,
):
    out, err = run("forecast", "--metric", "reports", "--horizon", "2", "--backtest", "1")
    data = json.loads(out)
    history = {h["month"]: h["count"] for h in data["history"]}
    # December 2024 up to December 2025 (January 2026 is not complete yet), empty months as 0.
    assert list(history)[0] == "2024-12" and list(history)[-1] == "2025-12"
    assert history["2024-12"] == 1 and history["2025-01"] == 0 and history["2025-06"] == 1
    assert data["model"] == "damped_trend_no_season"
    assert "24 nodig" in err


def test_forecast_with_an_empty_register_says_so(reference):
    with pytest.raises(CommandError, match="nog geen volledige maand"):
        run("forecast", "--metric", "advices")


def test_forecast_refuses_a_chart_that_is_not_svg_or_png(tmp_path):
    with pytest.raises(CommandError, match=r"\.svg- of \.png"):
        run("forecast", "--metric", "reports", "--chart", str(tmp_path / "x.gif"))


def test_capacity_computes_hours_fte_and_the_gap_from_typed_volumes():
    out, _ = run(
        "capacity",
        "--advices",
        "3168",
        "--reports",
        "4400",
        "--support",
        "576",
        "--investigations",
        "576",
        "--monitoring",
        "576",
        "--available-fte",
        "63.4",
    )
    data = json.loads(out)
    # 6,336 + 70,400 + 9,216 + 12,672 + 6,912 = 105,536 hours / 1,350 = 78.17 FTE.
    assert data["total_hours"] == 105536
    assert data["total_fte"] == pytest.approx(78.17)
    assert data["gap_fte"] == pytest.approx(63.4 - 105536 / 1350, abs=0.01)
    assert data["hours_by_activity"]["reports"] == 70400


def test_capacity_takes_a_year_of_volumes_from_the_register(register_2025):
    out, _ = run("capacity", "--from-register", "2025", "--format", "json")
    data = json.loads(out)
    assert data["volumes"]["reports"] == 4
    assert data["volumes"]["advices"] == 2
    assert data["hours_by_activity"]["reports"] == 64


def test_capacity_without_volumes_asks_for_them():
    with pytest.raises(CommandError, match="Geef volumes op"):
        run("capacity")


def test_capacity_refuses_a_negative_volume_without_a_traceback():
    with pytest.raises(CommandError, match="moet 0 of meer zijn"):
        run("capacity", "--reports", "-5")


def test_capacity_takes_next_years_volumes_from_the_forecast(register_2025):
    expected = {
        metric: round(
            forecast.forecast(
                policy_selectors.monthly_counts(metric=metric), horizon=12, backtest_origins=0
            ).total
        )
        for metric in ("reports", "advices")
    }
    out, _ = run("capacity", "--from-forecast", "--monitoring", "7")
    volumes = json.loads(out)["volumes"]
    assert volumes["reports"] == expected["reports"]
    assert volumes["advices"] == expected["advices"]
    assert volumes["monitoring"] == 7  # typed in: it takes precedence
    assert volumes["investigations"] == 0  # no Onderzoek last year: none in proportion


def test_capacity_refuses_both_register_and_forecast(reference):
    with pytest.raises(CommandError, match="niet allebei"):
        run("capacity", "--from-forecast", "--from-register", "2025")
