"""Every row of the year plan in the management information: `meldpunt kpi` (JSON, CSV, XLSX)
and the dashboard, computed and entered rows side by side, missing rows as missing."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command

from meldpunt.access.roles import Role
from meldpunt.yearplan import selectors, services
from meldpunt.yearplan.indicators import plan_label
from tests.process import flow


@pytest.fixture
def plans(db):
    return services.load_example_plans()


@pytest.fixture
def march_2020(plans, reference, clock, make_user, intake, triage, approver):
    """Rotterdam-Rijnmond's plan of 2020; one report decided on its due day in March; the HR
    adviser delivered March's sick leave (7.2%, above the 6.5% bound)."""
    clock.at(2020, 3, 2, 10)
    report = flow.register(intake)
    clock.at(2020, 3, 9, 10)
    flow.decide(report, triage=triage, approver=approver)
    vtrr = next(p for p in plans if "Rotterdam" in p.organisation)
    clock.at(2020, 4, 3, 10)
    services.enter_value(
        kpi=vtrr.kpis.get(name__startswith="Lager ziekteverzuim"),
        by=make_user(Role.HR_ADVISER),
        period="2020-03",
        number=7.2,
        text="Griepgolf in maart.",
    )
    return vtrr


def _kpi_json(tmp_path, *args):
    target = tmp_path / "kpi.json"
    call_command("kpi", "--period", "2020-03", "--output", str(target), *args)
    return json.loads(target.read_text())


def test_every_plan_row_is_an_indicator_with_part_owner_and_frequency(march_2020, tmp_path):
    data = _kpi_json(tmp_path)
    assert data["plan"]["organisation"] == "Veilig Thuis Rotterdam Rijnmond"
    by_code = {i["code"]: i for i in data["indicators"]}
    required = {"code", "part", "name", "norm", "value", "status", "owner", "frequency"}
    assert all(required <= set(i) for i in data["indicators"])
    # Register figures the plan holds carry the plan's row, its norm and its status.
    triage = by_code["triage_on_time"]
    assert triage["part"] == "A Stabiele processen en medewerkers"
    assert (triage["owner"], triage["frequency"]) == ("analyst", "monthly")
    assert (triage["value"], triage["plan_norm"], triage["plan_status"]) == (
        100.0,
        "≥ 80",
        "on_track",
    )
    # Register figures outside the plan have no part.
    assert by_code["hearings"]["part"] is None
    # Entered rows: delivered (sick leave), not delivered (the certificate: null, missing).
    plan_rows = {i["name"][:20]: i for i in data["indicators"] if i["part"] and "source" in i}
    sick = plan_rows["Lager ziekteverzuim"]
    assert (sick["value"], sick["status"], sick["owner"], sick["source"]) == (
        7.2,
        "off_track",
        "hr_adviser",
        "entered",
    )
    assert sick["progress"] == "Griepgolf in maart."
    iso = plan_rows["Certificering kwalit"]
    assert (iso["value"], iso["status"], iso["owner"]) == (None, "missing", "manager")
    outflow = plan_rows["Uitstroom vaste mede"]
    assert (outflow["value"], outflow["status"], outflow["reported_period"]) == (
        None,
        "missing",
        "2020-H1",
    )
    # Computed from the quality registers: no survey answered yet is missing, not zero.
    satisfaction = plan_rows["Clïenttevredenheid o"]
    assert (satisfaction["value"], satisfaction["status"], satisfaction["source"]) == (
        None,
        "missing",
        "computed",
    )
    # All nine rows of the plan are there, once each.
    assert len({i.get("plan_code") for i in data["indicators"]} - {None}) == 9


def test_the_csv_and_the_workbook_carry_the_plan_columns(march_2020, tmp_path):
    target = tmp_path / "kpi.csv"
    call_command("kpi", "--period", "2020-03", "--output", str(target))
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    sick = next(r for r in rows if r["naam"].startswith("Lager ziekteverzuim"))
    assert (sick["waarde"], sick["status"], sick["eigenaar"], sick["bron"]) == (
        "7.2",
        "off_track",
        "hr_adviser",
        "entered",
    )
    iso = next(r for r in rows if r["naam"].startswith("Certificering"))
    assert (iso["waarde"], iso["status"]) == ("", "missing")
    call_command("kpi", "--period", "2020-03", "--output", str(tmp_path / "kpi.xlsx"))
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "kpi.xlsx")["Overzicht"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    sick_row = next(r for r in values if (r[0] or "").startswith("Lager ziekteverzuim"))
    assert sick_row[3] == 7.2 and sick_row[6] == "niet op koers" and sick_row[8] == "HR-adviseur"
    iso_row = next(r for r in values if (r[0] or "").startswith("Certificering"))
    assert iso_row[3] == "–" and iso_row[6] == "ontbreekt"


def test_a_municipality_gets_no_organisation_rows(march_2020, tmp_path):
    data = _kpi_json(tmp_path, "--municipality", "GM0606")
    assert not any(i["name"].startswith("Lager ziekteverzuim") for i in data["indicators"])
    triage = next(i for i in data["indicators"] if i["code"] == "triage_on_time")
    assert triage["part"] == "A Stabiele processen en medewerkers"


def test_a_run_of_days_or_a_year_without_a_plan_shows_no_plan(march_2020, tmp_path):
    target = tmp_path / "k.json"
    call_command("kpi", "--from", "2020-03-02", "--to", "2020-03-20", "--output", str(target))
    data = json.loads(target.read_text())
    assert data["plan"] is None
    assert all(i["part"] is None for i in data["indicators"])


def test_a_yearly_volume_is_held_pro_rata_against_a_shorter_period(plans):
    zhz = next(p for p in plans if "Zuid" in p.organisation)
    reports = zhz.kpis.get(computed_code="reports")
    # 4,600 a year; March has 31 of 365 days: 390.7.
    assert selectors.norm_for_period(reports, "2025-03").low == 390.7
    assert selectors.norm_for_period(reports, "2025").low == 4600
    crisis = zhz.kpis.get(computed_code="crisis_interventions")
    half = selectors.norm_for_period(crisis, "2025-H1")  # 181 of 365 days of 400-500
    assert (half.low, half.high) == (198.4, 247.9)
    vtrr = next(p for p in plans if "Rotterdam" in p.organisation)
    complaints = vtrr.kpis.get(computed_code="external_complaints")
    assert selectors.norm_for_period(complaints, "2020-H1").high == 5  # a bound stands


def test_every_computing_plan_row_is_wired_to_a_figure(plans):
    from meldpunt.yearplan.models import PlanKpi

    codes = set(PlanKpi.objects.exclude(computed_code="").values_list("computed_code", flat=True))
    assert codes <= set(selectors.REGISTER_INDICATORS) | set(selectors.COMPUTED)


def test_plan_labels_follow_the_period():
    from meldpunt.insight.periods import Period

    assert plan_label(Period.parse("2025-03")) == "2025-03"
    assert plan_label(Period.parse("2025Q2")) == "2025-Q2"
    assert plan_label(Period.parse("2025H2")) == "2025-H2"
    assert plan_label(Period.parse("2025")) == "2025"


def test_the_dashboard_shows_the_whole_plan_side_by_side(march_2020, make_user, client, clock):
    client.force_login(make_user(Role.MANAGER))
    page = client.get("/overzicht/?period=2020-03").content.decode()
    table = page.split('data-testid="plan-table"')[1].split("</table>")[0]
    rows = {r.split("<td>")[2].split("<")[0][:20]: r for r in table.split("<tr>")[2:]}
    assert len(rows) == 9
    assert "100,0%" in rows["Aantal beoordeelde m"] and "✔ op koers" in rows["Aantal beoordeelde m"]
    sick = rows["Lager ziekteverzuim"]
    assert "7,2" in sick and "niet op koers" in sick and "HR-adviseur" in sick
    assert "Griepgolf in maart." in sick
    iso = rows["Certificering kwalit"]
    assert "<td>–</td>" in iso and "ontbreekt" in iso


def test_the_internal_pdf_report_holds_the_whole_plan(march_2020, tmp_path):
    from meldpunt.insight import kpis, letter
    from meldpunt.insight.periods import Period, trailing_months
    from meldpunt.yearplan.indicators import attach

    march = Period.month(2020, 3)
    figures = attach(kpis.compute(period=march))
    html = letter.management_report_html(
        figures=figures, trend=kpis.compute(period=trailing_months(march.end))
    )
    assert "Sturingsrapportage maart 2020" in html
    assert "Jaarplan: Activiteitenplan 2020" in html
    sick = html.split("Lager ziekteverzuim")[1].split("</tr>")[0]
    assert "7,2" in sick and "niet op koers" in sick and "HR-adviseur" in sick
    iso = html.split("Certificering kwaliteitskeurmerk")[1].split("</tr>")[0]
    assert "ontbreekt" in iso
    assert "exacte aantallen" in html and "<svg" in html
    target = tmp_path / "intern.pdf"
    call_command(
        "kpi", "--period", "2020-03", "--format", "pdf", "--internal", "--output", str(target)
    )
    assert target.read_bytes().startswith(b"%PDF")


def test_the_api_serves_the_plan_rows_as_well(march_2020, make_user, client):
    client.force_login(make_user(Role.MANAGER))
    data = client.get("/api/v1/kpi/?period=2020-03").json()
    sick = next(i for i in data["indicators"] if i["name"].startswith("Lager ziekteverzuim"))
    assert (sick["value"], sick["status"], sick["owner"], sick["frequency"]) == (
        7.2,
        "off_track",
        "hr_adviser",
        "monthly",
    )
    iso = next(i for i in data["indicators"] if i["name"].startswith("Certificering"))
    assert (iso["value"], iso["status"]) == (None, "missing")
