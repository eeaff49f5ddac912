"""The whole path a report takes, in a real browser: intake → triage with four-eyes approval →
Onderzoek started → closed with a hand-over; and a form error path."""

import pytest

from meldpunt.access.roles import Role
from meldpunt.registry.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(person_with_password):
    from meldpunt.reference.services import load_reference

    load_reference()
    return {
        "intake": person_with_password(Role.INTAKE, first_name="Iris", last_name="Intake"),
        "triage": person_with_password(Role.TRIAGE, first_name="Tom", last_name="Triage"),
        "approver": person_with_password(Role.APPROVER, first_name="Aya", last_name="Akkoord"),
        "worker": person_with_password(Role.CASE_WORKER, first_name="Kees", last_name="Regie"),
        "senior": person_with_password(Role.APPROVER, first_name="Sara", last_name="Senior"),
    }


def _intake(page, live_server, *, bsn="111222333"):
    page.goto(f"{live_server.url}/meldingen/nieuw/")
    page.select_option("#id_municipality", label="Schiedam")
    page.select_option("#id_reporter_type", label="Politie")
    page.fill("#id_reporter_name", "Agent Bakker")
    page.fill("#id_description", "Ruzie tussen ouders, kinderen waren erbij")
    page.check("text=(Ex-)partnergeweld")
    page.select_option("#id_people-0-role", "victim")
    page.fill("#id_people-0-given_names", "Anna")
    page.fill("#id_people-0-surname", "Jansen")
    page.fill("#id_people-0-date_of_birth", "1990-04-01")
    page.fill("#id_people-0-bsn", bsn)
    page.fill("#id_people-0-postcode", "3117ab")


def test_a_report_goes_from_intake_to_a_closed_investigation(page, live_server, log_in, staff):
    log_in(page, staff["intake"])
    assert "Iris Intake" in page.inner_text("[data-testid=user-name]")
    assert "Intakemedewerker" in page.inner_text("[data-testid=user-roles]")
    _intake(page, live_server)
    page.click("button[value=check]")
    page.click("button[value=save]")
    page.wait_for_selector("[data-testid=report-status]")
    assert page.inner_text("[data-testid=report-status]") == "Ontvangen"
    report = Report.objects.get()

    log_in(page, staff["triage"])
    assert report.number in page.content()
    page.click(f"text={report.number}")
    page.click("text=Veiligheidsbeoordeling starten")
    page.check("#id_structural_unsafety")
    page.fill("#id_assessment_rationale", "Herhaald geweld in bijzijn van kinderen")
    page.select_option("#id_outcome", "onderzoek")
    page.fill("#id_rationale", "Onderzoek of er sprake is van kindermishandeling")
    page.click("text=Besluit voorleggen aan tweede professional")
    assert page.inner_text("[data-testid=report-status]") == "Besluit ter accordering"
    assert "Een tweede professional moet dit besluit accorderen" in page.content()

    log_in(page, staff["approver"])
    page.goto(f"{live_server.url}/accorderen/")
    page.click(f"text={report.number}")
    page.click("button:has-text('Accorderen')")
    assert page.inner_text("[data-testid=report-status]") == "Triagebesluit genomen"
    page.click("text=Onderzoek")

    log_in(page, staff["worker"])
    service = report.services.get()
    page.goto(f"{live_server.url}/diensten/{service.pk}/")
    page.select_option("#id_destination", label="Lokale veld")
    page.check("#id_warm")
    page.click("button:has-text('Overdracht vastleggen')")
    page.fill("#id_conclusion", "Partnergeweld bevestigd; veiligheidsvoorwaarden afgesproken")
    page.select_option("select[name^=finding_]", "bevestigd")
    page.click("text=Afsluiting voorleggen")
    assert page.inner_text("[data-testid=service-status]") == "Afsluiting ter accordering"

    log_in(page, staff["senior"])
    page.goto(f"{live_server.url}/diensten/{service.pk}/")
    page.click("text=Afsluiting accorderen")
    assert page.inner_text("[data-testid=service-status]") == "Afgesloten"
    page.goto(f"{live_server.url}/dossiers/{report.case_id}/")
    timeline = page.inner_text("[data-testid=timeline]")
    assert "Warme overdracht aan Lokale veld" in timeline
    assert "Monitoring gestart" in timeline


def test_an_intake_with_a_wrong_bsn_shows_the_error_next_to_the_field(
    page, live_server, log_in, staff
):
    log_in(page, staff["intake"])
    _intake(page, live_server, bsn="123456789")
    page.click("button[value=check]")
    error = page.inner_text("#id_people-0-bsn_error")
    assert "11-proef" in error
    assert page.input_value("#id_people-0-surname") == "Jansen"
    assert not Report.objects.exists()
