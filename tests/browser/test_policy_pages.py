"""The policy pages in a real browser: the risk ranking with its charts, own CSV files uploaded
(and a malformed one refused in Dutch), the forecast of an uploaded series and the capacity
form, for an analyst."""

import pytest

from meldpunt.access.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FACTORS = """municipality,category,factor,value,unit,source
Aastad,x,Werkloosheid,10,percent,test
Bedorp,x,Werkloosheid,4,percent,test
Cestad,x,Werkloosheid,1,percent,test
"""
REPORTS = "municipality,reports_per_1000\nAastad,12\nBedorp,3\nCestad,2\n"


@pytest.fixture
def analyst(person_with_password):
    from meldpunt.reference.services import load_reference

    load_reference()
    return person_with_password(Role.ANALYST, first_name="Ada", last_name="Analist")


def _write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_an_analyst_reads_the_risk_ranking_and_scores_own_files(
    page, live_server, log_in, analyst, tmp_path
):
    log_in(page, analyst)
    page.goto(f"{live_server.url}/beleid/risico/?source=document")
    assert page.locator("[data-testid=ranking-chart]").is_visible()
    assert page.locator("[data-testid=scatter-chart]").is_visible()
    first = page.locator("[data-testid=risk-table] tbody tr").first.inner_text()
    assert "Rotterdam" in first

    page.click("text=Eigen bestanden gebruiken (CSV)")
    page.set_input_files("#u-factors", _write(tmp_path, "factoren.csv", FACTORS))
    page.set_input_files("#u-reports", _write(tmp_path, "meldingen.csv", REPORTS))
    page.click("text=Berekenen met deze bestanden")
    page.wait_for_selector("[data-testid=risk-table]")
    rows = page.locator("[data-testid=risk-table] tbody tr").all_inner_texts()
    assert [r.split("\t")[1] for r in rows] == ["Aastad", "Bedorp", "Cestad"]
    assert "uit het geüploade bestand" in page.content()


def test_a_malformed_file_is_refused_in_dutch_and_the_form_stays_open(
    page, live_server, log_in, analyst, tmp_path
):
    log_in(page, analyst)
    page.goto(f"{live_server.url}/beleid/risico/")
    page.click("text=Eigen bestanden gebruiken (CSV)")
    bad = "gemeente;factor;waarde\nAastad;Werkloosheid;10\n"
    page.set_input_files("#u-factors", _write(tmp_path, "fout.csv", bad))
    page.click("text=Berekenen met deze bestanden")
    alert = page.locator("[role=alert]")
    alert.wait_for()
    text = alert.inner_text()
    assert text.startswith("Eigen risicofactoren (CSV): Het geüploade risicofactorenbestand")
    assert "puntkomma" in text
    assert page.locator("#u-factors").get_attribute("aria-invalid") == "true"
    assert page.locator("#u-factors").is_visible()  # the upload form is open again
    assert page.locator("[data-testid=risk-table]").count() == 0


def test_an_uploaded_series_is_forecast_and_capacity_is_computed(
    page, live_server, log_in, analyst, tmp_path
):
    log_in(page, analyst)
    page.goto(f"{live_server.url}/beleid/voorspelling/")
    page.click("text=Eigen maandcijfers gebruiken (CSV)")
    rows = "\n".join(f"{2022 + i // 12}-{i % 12 + 1:02d},{300 + i + i % 12 * 5}" for i in range(36))
    page.set_input_files("#u-series", _write(tmp_path, "maanden.csv", f"month,count\n{rows}\n"))
    page.fill("#u-horizon", "6")
    page.click("text=Voorspellen met dit bestand")
    page.wait_for_selector("[data-testid=forecast-table]")
    assert page.locator("[data-testid=forecast-chart]").is_visible()
    months = page.locator("[data-testid=forecast-table] tbody tr").all_inner_texts()
    assert [m.split("\t")[0] for m in months][:2] == ["2025-01", "2025-02"]
    assert len(months) == 6
    assert "Terugtoets" in page.inner_text("[data-testid=backtest]")

    page.get_by_role("link", name="Formatie", exact=True).click()
    page.fill("#f-reports", "1350")
    page.fill("#f-advices", "675")
    page.fill("#f-available", "10")
    page.keyboard.press("Enter")  # the form submits from the keyboard
    page.wait_for_selector("[data-testid=total-fte]")
    assert page.inner_text("[data-testid=total-fte]") == "17,00"
    assert page.inner_text("[data-testid=gap-fte]") == "-7,00"
