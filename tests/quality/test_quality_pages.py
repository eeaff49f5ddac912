"""The public survey page, the invitation from a closed service (e-mail or a printed letter with
a QR code), the partner survey and the complaints pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail

from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.process import services as process
from meldpunt.process.models import ServiceKind
from meldpunt.quality import selectors, services
from meldpunt.quality.models import Complaint, SurveyResponse
from meldpunt.reference.models import Municipality, ViolenceForm
from tests.process import flow

NAME = "Jantine Verhoeckx"


@pytest.fixture
def closed_service(intake, triage, approver, case_worker, clock, reference):
    clock.at(2026, 3, 2, 10)
    person = flow.person("victim", given_names="Jantine", surname="Verhoeckx")
    report = flow.register(intake, people=[person])
    flow.decide(report, triage=triage, approver=approver, outcome="onderzoek")
    service = report.services.get(kind=ServiceKind.INVESTIGATION)
    flow.hand_over(report, by=case_worker, service=service)
    form = ViolenceForm.objects.get(code="partnergeweld")
    process.propose_service_close(
        service=service, by=case_worker, conclusion="x", findings={form.pk: "bevestigd"}
    )
    service.refresh_from_db()
    process.approve_service_close(service=service, by=approver)
    service.refresh_from_db()
    return service


def _token(text: str) -> str:
    return re.search(r"/tevredenheid/([A-Za-z0-9_-]+)/", text).group(1)


def test_the_case_worker_sends_the_link_by_email_from_the_closed_service(
    closed_service, case_worker, client
):
    client.force_login(case_worker)
    page = client.get(f"/diensten/{closed_service.pk}/").content.decode()
    assert 'data-testid="survey-invite"' in page
    response = client.post(
        f"/diensten/{closed_service.pk}/tevredenheid/",
        {"respondent": "family", "channel": "email", "email": "ouder@example.nl"},
    )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["ouder@example.nl"]
    assert "/tevredenheid/" in mail.outbox[0].body
    assert closed_service.survey_invitations.get().channel == "email"


def test_an_email_invitation_without_an_address_is_refused_in_dutch(
    closed_service, case_worker, client
):
    client.force_login(case_worker)
    response = client.post(
        f"/diensten/{closed_service.pk}/tevredenheid/", {"respondent": "family", "channel": "email"}
    )
    assert response.status_code == 400
    assert "Geef een geldig e-mailadres." in response.content.decode()
    assert not closed_service.survey_invitations.exists()


def test_the_printed_letter_is_a_pdf_with_the_link_and_a_qr_code(closed_service, case_worker):
    import segno

    invitation, token = services.invite_for_service(
        service=closed_service, by=case_worker, respondent="reporter", channel="letter"
    )
    letter = services.survey_letter(token=token, invitation=invitation)
    url = f"http://127.0.0.1:8000/tevredenheid/{token}/"
    assert url in letter["text"]
    assert "geldig tot 01-04-2026" in letter["text"]  # 30 days from 2 March
    # The QR code encodes exactly the link.
    assert letter["qr_svg"] == segno.make(url, error="m").svg_inline(scale=4)
    assert NAME not in letter["text"] and closed_service.report.number not in letter["text"]
    pdf = services.survey_letter_pdf(token=token, invitation=invitation)
    assert pdf.startswith(b"%PDF")


def test_the_letter_comes_from_the_service_page_as_a_download(closed_service, case_worker, client):
    client.force_login(case_worker)
    response = client.post(
        f"/diensten/{closed_service.pk}/tevredenheid/",
        {"respondent": "family", "channel": "letter"},
    )
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")


def test_the_public_page_asks_two_marks_shows_nothing_of_the_case_and_works_once(
    closed_service, case_worker, client
):
    _, token = services.invite_for_service(
        service=closed_service, by=case_worker, respondent="family", channel="letter"
    )
    page = client.get(f"/tevredenheid/{token}/")  # no login
    body = page.content.decode()
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "no-referrer"
    assert "Welk cijfer geeft u de hulp van Veilig Thuis?" in body
    assert "manier waarop wij met u omgingen" in body
    for secret in (
        NAME,
        "Verhoeckx",
        closed_service.report.number,
        closed_service.report.case.number,
    ):
        assert secret not in body
    bad = client.post(f"/tevredenheid/{token}/", {"score_service": "11", "comment": "Fijn"})
    assert bad.status_code == 200 and "Kies een cijfer van 1 tot en met 10." in bad.content.decode()
    assert "Fijn" in bad.content.decode()  # what was typed stays
    done = client.post(
        f"/tevredenheid/{token}/", {"score_service": "8", "score_treatment": "9", "comment": "Fijn"}
    )
    assert "Bedankt voor uw antwoord" in done.content.decode()
    answer = SurveyResponse.objects.get()
    assert (answer.score_service, answer.score_treatment, answer.comment) == (8, 9, "Fijn")
    again = client.get(f"/tevredenheid/{token}/")
    assert again.status_code == 410
    assert "Deze link werkt niet meer" in again.content.decode()
    assert (
        client.post(
            f"/tevredenheid/{token}/", {"score_service": "1", "score_treatment": "1"}
        ).status_code
        == 410
    )
    assert SurveyResponse.objects.count() == 1


def test_an_expired_or_unknown_link_gets_the_same_calm_message(
    closed_service, case_worker, client, clock
):
    _, token = services.invite_for_service(
        service=closed_service, by=case_worker, respondent="family", channel="letter"
    )
    clock.at(2026, 6, 1, 10)
    expired = client.get(f"/tevredenheid/{token}/")
    unknown = client.get("/tevredenheid/bestaat-niet/")
    assert expired.status_code == unknown.status_code == 410
    assert expired.content == unknown.content


def test_partners_get_the_same_survey_with_other_questions(make_user, clock, reference, client):
    clock.at(2026, 11, 2, 10)
    manager = make_user(Role.MANAGER)
    client.force_login(manager)
    schiedam = Municipality.objects.get(cbs_code="GM0606")
    response = client.post(
        "/kwaliteit/", {"municipality": schiedam.pk, "email": "beleid@schiedam.example"}
    )
    assert response.status_code == 302
    token = _token(mail.outbox[0].body)
    services.invite_partner(by=manager, partner_name="Politie Eenheid", email="p@example.nl")
    client.logout()
    body = client.get(f"/tevredenheid/{token}/").content.decode()
    assert "samenwerking met Veilig Thuis" in body and "bereikbaarheid" in body
    client.post(f"/tevredenheid/{token}/", {"score_service": "7", "score_treatment": "6"})
    assert selectors.partner_satisfaction(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == 7.0
    rows = {r["partner_name"]: r for r in selectors.answers_for_partners(
        dt.date(2026, 1, 1), dt.date(2026, 12, 31))}  # fmt: skip
    assert (rows["Schiedam"]["answered"], rows["Politie Eenheid"]["answered"]) == (1, 0)
    client.force_login(manager)
    page = client.get("/kwaliteit/").content.decode()
    assert "Politie Eenheid" in page and "gemiddeld cijfer samenwerking: 7,0" in page


def test_only_a_manager_invites_partners(make_user, client, reference):
    client.force_login(make_user(Role.ANALYST))
    response = client.post("/kwaliteit/", {"partner_name": "GGD", "email": "g@example.nl"})
    assert response.status_code == 403
    assert not mail.outbox


# -- complaints --------------------------------------------------------------------------------


def test_the_complaints_officer_registers_and_handles_a_complaint_linked_to_its_case(
    closed_service, make_user, client, clock
):
    clock.at(2026, 4, 1, 10)
    officer = make_user(Role.COMPLAINTS_OFFICER)
    client.force_login(officer)
    case = closed_service.report.case
    response = client.post(
        "/klachten/nieuw/",
        {"received_on": "2026-03-20", "summary": "Niet teruggebeld", "case_number": case.number},
    )
    assert response.status_code == 302, response.content.decode()
    complaint = Complaint.objects.get()
    assert complaint.case == case
    page = client.get(f"/klachten/{complaint.pk}/").content.decode()
    assert "Niet teruggebeld" in page and case.number in page
    assert AuditEntry.objects.filter(event="complaint.viewed", actor_id=officer.pk).exists()
    client.post(f"/klachten/{complaint.pk}/", {"stage": "committee", "on": "2026-03-25"})
    complaint.refresh_from_db()
    assert complaint.committee_on == dt.date(2026, 3, 25)
    refused = client.post(f"/klachten/{complaint.pk}/", {"stage": "decided", "on": "2026-03-26"})
    assert (
        refused.status_code == 400
        and "Geef aan of de klacht gegrond is." in refused.content.decode()
    )
    client.post(
        f"/klachten/{complaint.pk}/",
        {"stage": "decided", "on": "2026-03-26", "well_founded": "1", "measures": "Bellen"},
    )
    complaint.refresh_from_db()
    assert (complaint.stage, complaint.well_founded) == ("decided", True)
    listing = client.get("/klachten/").content.decode()
    assert f"K-{complaint.pk}" in listing and "gegrond" in listing


def test_an_unknown_case_number_is_explained_and_nothing_is_saved(make_user, client, db):
    client.force_login(make_user(Role.COMPLAINTS_OFFICER))
    response = client.post(
        "/klachten/nieuw/",
        {"received_on": "2026-03-20", "summary": "x", "case_number": "D-9999999"},
    )
    assert response.status_code == 400
    assert "Er is geen dossier of melding D-9999999." in response.content.decode()
    assert not Complaint.objects.exists()


def test_management_reads_complaints_but_does_not_handle_them_and_others_see_nothing(
    make_user, client, db
):
    officer = make_user(Role.COMPLAINTS_OFFICER)
    complaint = services.register_complaint(
        by=officer, received_on=dt.date(2026, 1, 5), summary="Klacht"
    )
    client.force_login(make_user(Role.MANAGER))
    assert "Klacht" in client.get(f"/klachten/{complaint.pk}/").content.decode()
    refused = client.post(f"/klachten/{complaint.pk}/", {"stage": "internal", "on": "2026-01-06"})
    assert refused.status_code == 403
    assert client.get("/klachten/nieuw/").status_code == 403
    for role in (Role.CASE_WORKER, Role.TEAM_LEAD, Role.ANALYST):
        client.force_login(make_user(role))
        assert client.get("/klachten/").status_code == 403
        assert client.get(f"/klachten/{complaint.pk}/").status_code == 403
