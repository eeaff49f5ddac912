"""Break the glass in a real browser: at night a crisis-team member finds a shielded file the
application does not show, requests emergency access with a reason, and sees the file with the
banner until when."""

import pytest

from meldpunt.access.roles import Role
from tests.process import flow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_crisis_team_breaks_the_glass_at_night_and_sees_the_file_with_a_banner(
    page, live_server, log_in, person_with_password, make_user, clock
):
    from meldpunt.reference.services import load_reference

    load_reference()
    clock.at(2026, 3, 6, 23, 30)  # Friday night
    case = flow.register(make_user(Role.INTAKE)).case
    case.shielded = True
    case.save(update_fields=["shielded"])
    worker = person_with_password(Role.CRISIS_TEAM, first_name="Cor", last_name="Crisis")

    log_in(page, worker)
    page.goto(f"{live_server.url}/dossiers/{case.pk}/")
    assert "Niet gevonden" in page.inner_text("h1")
    page.click("[data-testid=request-emergency-access]")
    assert page.input_value("#id_case_number") == case.number
    page.fill("#id_reason", "kort")
    page.click("button[type=submit] >> text=Noodtoegang nemen")
    assert "ten minste 10 tekens" in page.inner_text("#id_reason_error")
    page.fill("#id_reason", "Politie belt: acute dreiging, kinderen in huis")
    page.click("button[type=submit] >> text=Noodtoegang nemen")
    page.wait_for_url(f"{live_server.url}/dossiers/{case.pk}/")
    assert page.inner_text("[data-testid=emergency-banner]").startswith(
        "Noodtoegang tot 07-03-2026 11:30"
    )
    assert case.number in page.inner_text("h1")
