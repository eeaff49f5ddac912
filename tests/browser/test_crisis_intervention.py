"""A crisis intervention registered at night with the short form and completed the next day,
in a real browser."""

import pytest

from meldpunt.access.roles import Role
from meldpunt.acute.models import CrisisIntervention

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_crisis_intervention_is_registered_at_night_and_completed_the_next_day(
    page, live_server, log_in, person_with_password, clock
):
    from meldpunt.reference.services import load_reference

    load_reference()
    worker = person_with_password(Role.CRISIS_TEAM, first_name="Cor", last_name="Crisis")

    clock.at(2026, 3, 4, 23, 50)
    log_in(page, worker)
    page.click("text=Acuut")
    page.click("text=Crisisinterventie vastleggen")
    page.fill("#id_called_at", "2026-03-04T23:30")
    page.select_option("#id_municipality", label="Schiedam")
    page.fill("#id_summary", "Escalatie thuis, moeder en twee kinderen")
    page.click("button[type=submit] >> text=Vastleggen")
    page.wait_for_selector("[data-testid=crisis-status]")
    assert page.inner_text("[data-testid=crisis-status]") == "Nog aanvullen"
    assert "buiten kantoortijd" in page.content()
    ci = CrisisIntervention.objects.get()

    clock.at(2026, 3, 5, 10)
    page.goto(f"{live_server.url}/werkvoorraad/")
    assert "Overdracht crisisinterventie (48 uur)" in page.inner_text("[data-testid=acute-clocks]")
    page.click(f"text={ci.number}")
    page.fill("#id_on_site_at", "2026-03-05T00:05")
    page.select_option("#id_outcome", "safety_plan")
    page.fill("#id_outcome_note", "Veiligheidsafspraken met moeder gemaakt")
    page.click("button[type=submit] >> text=Aanvullen")
    page.wait_for_selector("text=De crisisinterventie is aangevuld.")
    assert page.inner_text("[data-testid=crisis-status]") == "Volledig"
    assert page.inner_text("[data-testid=crisis-on-site]") == "05-03-2026 00:05"
    page.fill("#id_handed_over_at", "2026-03-05T10:00")
    page.click("button[type=submit] >> text=Overdracht vastleggen")
    page.wait_for_selector("text=De overdracht is vastgelegd.")
    assert "binnen 48 uur" in page.inner_text("[data-testid=crisis-handover]")
    ci.refresh_from_db()
    assert ci.is_complete and ci.handed_over_in_time
