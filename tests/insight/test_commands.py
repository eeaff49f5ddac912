"""`meldpunt kpi` and `meldpunt cbs`: their output and how they refuse bad flags."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from meldpunt.insight import letter
from meldpunt.insight.periods import Period
from meldpunt.reference.models import Municipality
from tests.insight import register


@pytest.fixture
def reg(reference, clock, make_user):
    return register.build(clock, make_user)


def _kpi(*args) -> str:
    out = io.StringIO()
    call_command("kpi", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_kpi_json_holds_period_scope_and_indicators(reg):
    data = json.loads(
        _kpi("--from", "2026-03-01", "--to", "2026-03-31", "--output", "-", "--format", "json")
    )
    assert data["period"] == {
        "from": "2026-03-01",
        "to": "2026-03-31",
        "kind": "month",
        "label": "maart 2026",
    }
    assert data["scope"]["kind"] == "organisation"
    triage = next(i for i in data["indicators"] if i["code"] == "triage_on_time")
    assert {"code", "name", "norm", "value", "status", "breakdown"} <= set(triage)
    assert triage["value"] == 33.3


def test_kpi_municipality_by_name_and_suppressed_on_request(reg):
    data = json.loads(
        _kpi(
            "--period",
            "2026-03",
            "--municipality",
            "schiedam",
            "--suppress",
            "--output",
            "-",
            "--format",
            "json",
        )
    )
    assert data["scope"]["cbs_code"] == "GM0606"
    reports = next(i for i in data["indicators"] if i["code"] == "reports")
    assert reports["value"] == "<5"


def test_kpi_csv_has_a_row_per_total_and_breakdown_cell(reg):
    text = _kpi("--period", "2026-03", "--area", "Regio Noord", "--output", "-", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    total = next(r for r in rows if r["indicator"] == "reports" and r["uitsplitsing"] == "totaal")
    assert total["waarde"] == "3"
    cell = next(
        r
        for r in rows
        if r["indicator"] == "reports"
        and r["uitsplitsing"] == "gemeente"
        and r["omschrijving"] == "Schiedam"
    )
    assert cell["waarde"] == "2"


def test_kpi_xlsx_opens_with_an_overview_and_the_months(reg, tmp_path):
    from openpyxl import load_workbook

    target = tmp_path / "kpi.xlsx"
    _kpi("--period", "2026Q1", "--output", str(target))
    book = load_workbook(target)
    assert book.sheetnames == ["Overzicht", "Per maand", "Uitsplitsing"]
    months = book["Per maand"]
    assert [c.value for c in months[1]][1:] == ["jan 2026", "feb 2026", "mrt 2026"]


def test_the_monitor_letter_is_a_dutch_pdf_with_small_numbers_suppressed(reg, tmp_path):
    schiedam = Municipality.objects.get(cbs_code="GM0606")
    html = letter.render_html(municipalities=[schiedam], period=Period.month(2026, 3))
    assert "Monitorbrief maart 2026" in html
    assert "gemeente Schiedam" in html
    assert "&lt;5" in html  # 2 reports in Schiedam in March
    assert "<svg" in html
    target = tmp_path / "brief.pdf"
    _kpi("--period", "2026-03", "--municipality", "GM0606", "--output", str(target))
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "2026-03-31", "--output", "-", "--format", "json"], "--from en --to"),
        (
            ["--from", "2026-04-01", "--to", "2026-03-01", "--output", "-", "--format", "json"],
            "vóór",
        ),
        (
            ["--from", "1-3-2026", "--to", "2026-03-31", "--output", "-", "--format", "json"],
            "geen datum",
        ),
        (["--period", "2026Q5", "--output", "-", "--format", "json"], "geen geldige kwartaal"),
        (
            ["--period", "2026-03", "--from", "2026-03-01", "--output", "-", "--format", "json"],
            "niet allebei",
        ),
        (
            [
                "--period",
                "2026-03",
                "--municipality",
                "Atlantis",
                "--output",
                "-",
                "--format",
                "json",
            ],
            "Onbekende gemeente",
        ),
        (
            ["--period", "2026-03", "--area", "Zuidpool", "--output", "-", "--format", "json"],
            "Onbekend werkgebied",
        ),
        (["--period", "2026-03", "--output", "cijfers.txt"], "--format"),
        (["--period", "2026-03", "--output", "-", "--format", "xlsx"], "scherm"),
        (["--period", "2026-03", "--output", "/geen/map/x.json"], "bestaat niet"),
        (
            ["--period", "2026-03", "--output", "-", "--format", "json", "--user", "niemand"],
            "bestaat niet",
        ),
        (["--period", "2099", "--output", "-", "--format", "json"], "toekomst"),
    ],
)
def test_kpi_refuses_bad_flags_with_a_clear_message(reference, args, message):
    with pytest.raises(CommandError, match=message):
        _kpi(*args)


def test_kpi_refuses_an_area_and_a_municipality_together(reference):
    with pytest.raises(CommandError, match="not allowed with argument"):
        _kpi(
            "--period",
            "2026-03",
            "--area",
            "Regio Noord",
            "--municipality",
            "Schiedam",
            "--output",
            "-",
            "--format",
            "json",
        )
