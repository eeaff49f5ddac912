"""`make screenshots`: the main pages in Debian's Chromium, saved under docs/screenshots/.

Skipped in the normal test run; the make target sets MELDPUNT_SCREENSHOTS to the output folder.
The data is built through the services, like every other test."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import factory.random
import pytest

from meldpunt import clock
from meldpunt.access.roles import Role
from meldpunt.process import services
from meldpunt.reference.models import Municipality, ViolenceForm
from tests.process import flow

OUTPUT = os.environ.get("MELDPUNT_SCREENSHOTS")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not OUTPUT, reason="only for `make screenshots`"),
]

MUNICIPALITIES = ["GM0599", "GM0606", "GM0622", "GM0597", "GM0502", "GM1924"]


@pytest.fixture
def register(person_with_password):
    from meldpunt.reference.services import load_reference

    load_reference()
    factory.random.reseed_random(7)
    staff = {
        "intake": person_with_password(Role.INTAKE, first_name="Iris", last_name="de Vries"),
        "triage": person_with_password(Role.TRIAGE, first_name="Tom", last_name="Bakker"),
        "approver": person_with_password(
            Role.APPROVER, Role.TEAM_LEAD, first_name="Aya", last_name="El Amrani"
        ),
        "worker": person_with_password(Role.CASE_WORKER, first_name="Kees", last_name="Visser"),
    }
    municipalities = list(Municipality.objects.filter(cbs_code__in=MUNICIPALITIES)) or list(
        Municipality.objects.filter(served=True)[:6]
    )
    forms = list(ViolenceForm.objects.all()[:4])
    now = clock.now()
    reports = []
    for i in range(14):
        report = flow.register(
            staff["intake"],
            municipality=municipalities[i % len(municipalities)],
            received_at=now - dt.timedelta(days=i, hours=2),
            description="Buren hoorden geschreeuw; kinderen waren thuis.",
            acute=i % 5 == 0,
        )
        report.violence_forms.set(forms[i % len(forms) : i % len(forms) + 1])
        reports.append(report)
    triage, approver, worker = staff["triage"], staff["approver"], staff["worker"]
    # A household with a history: three reports about the same mother.
    mother = reports[10].involvements.first().person
    for days in (9, 3):
        again = flow.register(
            staff["intake"],
            municipality=reports[10].municipality,
            received_at=now - dt.timedelta(days=days),
            people=[flow.person(person_id=mother.pk)],
            description="Opnieuw melding van de politie na huiselijk geweld.",
        )
        reports.append(again)
    flow.decide(reports[10], triage=triage, approver=approver, outcome="onderzoek")
    investigation = reports[10].services.get()
    flow.hand_over(reports[10], by=worker, service=investigation)
    services.propose_service_close(
        service=investigation,
        by=worker,
        conclusion="Partnergeweld bevestigd; veiligheidsvoorwaarden afgesproken met het gezin.",
        findings={f.pk: "bevestigd" for f in reports[10].violence_forms.all()},
    )
    flow.decide(reports[-1], triage=triage, approver=approver, outcome="voorwaarden_vervolg")
    for report in reports[7:9]:
        flow.decide(report, triage=triage, approver=approver, outcome="overdracht")
    services.start_assessment(report=reports[2], by=triage)
    services.propose_triage_decision(
        report=reports[2],
        by=triage,
        acute_unsafety=False,
        structural_unsafety=True,
        assessment_rationale="Herhaald geweld in het bijzijn van kinderen.",
        outcome="onderzoek",
        rationale="Onderzoek naar kindermishandeling nodig.",
    )
    services.start_assessment(report=reports[1], by=triage)
    return staff, reports, investigation


def _shot(page, name: str, *, full_page: bool = True) -> None:
    folder = Path(OUTPUT)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def test_screenshots_of_the_main_pages(page, live_server, log_in, register):
    staff, reports, investigation = register
    url = live_server.url
    page.goto(f"{url}/inloggen/")
    _shot(page, "inloggen", full_page=False)

    log_in(page, staff["triage"])
    _shot(page, "werkvoorraad")
    page.goto(f"{url}/meldingen/{reports[1].pk}/")
    _shot(page, "triage")

    log_in(page, staff["intake"])
    page.goto(f"{url}/meldingen/nieuw/")
    known = reports[10].involvements.first().person
    page.select_option("#id_municipality", label=str(reports[10].municipality))
    page.select_option("#id_reporter_type", label="Politie")
    page.fill("#id_reporter_name", "Agent Bakker")
    page.fill("#id_description", "Ruzie tussen ouders, kinderen waren erbij.")
    page.fill("#id_people-0-given_names", known.given_names)
    page.fill("#id_people-0-surname", known.surname)
    page.fill("#id_people-0-date_of_birth", known.date_of_birth.isoformat())
    page.click("button[value=check]")
    page.wait_for_selector("[data-testid=known-0]")
    _shot(page, "melding-registreren")

    log_in(page, staff["approver"])
    page.goto(f"{url}/accorderen/")
    _shot(page, "accorderen")
    page.goto(f"{url}/diensten/{investigation.pk}/")
    _shot(page, "onderzoek-afsluiten")
    page.goto(f"{url}/dossiers/{reports[10].case_id}/")
    _shot(page, "dossier")
    page.goto(f"{url}/zoeken/")
    page.fill("#id_surname", known.surname[:3])
    page.click("button:has-text('Zoeken')")
    page.wait_for_selector("[data-testid=search-results]")
    _shot(page, "zoeken")
