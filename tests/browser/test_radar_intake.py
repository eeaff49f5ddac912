"""The radar at intake, in a real browser: a person typed with a typo and day and month swapped
is proposed as the known person, with the evidence; the professional confirms and the new
report joins the known person's file."""

import datetime as dt

import pytest

from meldpunt.access.roles import Role
from meldpunt.radar.models import DecisionKind, LinkDecision
from meldpunt.registry.models import Report
from tests.process import flow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_known_person_is_proposed_at_intake_and_confirmed(
    page, live_server, log_in, person_with_password
):
    from meldpunt.reference.services import load_reference

    load_reference()
    intake = person_with_password(Role.INTAKE, first_name="Iris", last_name="Intake")
    earlier = flow.register(
        intake,
        people=[
            flow.person(
                given_names="Fatima",
                surname_prefix="van der",
                surname="Berg",
                date_of_birth=dt.date(1988, 3, 11),
                bsn="",
                postcode="3117 AB",
                house_number="12",
            )
        ],
    )
    known = earlier.involvements.get().person

    log_in(page, intake)
    page.goto(f"{live_server.url}/meldingen/nieuw/")
    page.select_option("#id_municipality", label="Schiedam")
    page.select_option("#id_reporter_type", label="Politie")
    page.fill("#id_reporter_name", "Agent Bakker")
    page.fill("#id_description", "Opnieuw ruzie, buren belden")
    page.select_option("#id_people-0-role", "victim")
    page.fill("#id_people-0-given_names", "Fatma")
    page.fill("#id_people-0-surname", "v.d. Berg")
    page.fill("#id_people-0-date_of_birth", "1988-11-03")
    page.fill("#id_people-0-postcode", "3117ab")
    page.fill("#id_people-0-house_number", "12")
    page.click("button[value=check]")

    candidate = page.locator("[data-testid=candidate-0-0]")
    text = candidate.inner_text()
    assert "Fatima van der Berg" in text and "waarschijnlijk" in text
    candidate.locator("summary").click()
    assert "dag en maand omgewisseld" in candidate.inner_text()
    candidate.locator(f"input[value='{known.pk}']").check()
    page.click("button[value=save]")
    page.wait_for_selector("[data-testid=report-status]")

    report = Report.objects.latest("id")
    assert report.involvements.get().person_id == known.pk
    assert report.case_id == earlier.case_id
    decision = LinkDecision.objects.get()
    assert decision.kind == DecisionKind.CONFIRMED and decision.decided_by == intake
