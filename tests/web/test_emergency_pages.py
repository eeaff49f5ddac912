"""Emergency access in the web application: the crisis team breaks the glass from the file the
application did not show, sees the file with a banner until the access ends, and the privacy
officer reviews it the next working day."""

from __future__ import annotations

import re

import pytest

from meldpunt.access.models import AuditEntry, EmergencyAccess
from meldpunt.access.roles import Role

REASON = "Politie belt: acute dreiging, kinderen in huis"


@pytest.fixture
def shielded(shielded_report):
    return shielded_report.case


def _errors_of(page: str, field: str) -> str:
    found = re.search(rf'id="id_{field}_error">(.*?)</ul>', page, re.S)
    return found.group(1) if found else ""


def test_the_crisis_team_breaks_the_glass_from_the_file_it_cannot_see_until_the_access_ends(
    client, crisis, shielded, clock
):
    clock.at(2026, 3, 6, 23)  # Friday night
    client.force_login(crisis)
    url = f"/dossiers/{shielded.pk}/"
    hidden = client.get(url)
    assert hidden.status_code == 404
    assert f"/noodtoegang/?dossier={shielded.pk}" in hidden.content.decode()

    form = client.get(f"/noodtoegang/?dossier={shielded.pk}").content.decode()
    assert f'value="{shielded.number}"' in form

    answer = client.post("/noodtoegang/", {"case_number": shielded.number, "reason": REASON})
    assert answer.status_code == 302 and answer["Location"] == url
    page = client.get(url).content.decode()
    assert 'data-testid="emergency-banner"' in page
    assert "Noodtoegang tot 07-03-2026 11:00" in page
    assert AuditEntry.objects.filter(event="emergency.opened", actor_id=crisis.pk).count() == 1
    assert AuditEntry.objects.filter(event="case.viewed", subject_id=shielded.pk).exists()

    clock.at(2026, 3, 7, 11, 0)  # twelve hours later (the default period)
    after = client.get(url)
    assert after.status_code == 404
    assert "emergency-banner" not in after.content.decode()


def test_the_crisis_team_breaks_the_glass_from_a_report_it_cannot_see(
    client, crisis, shielded, clock
):
    clock.at(2026, 3, 7, 2)  # Saturday night
    client.force_login(crisis)
    report = shielded.reports.get()
    hidden = client.get(f"/meldingen/{report.pk}/")
    assert hidden.status_code == 404 and report.number not in hidden.content.decode()
    assert f"/noodtoegang/?melding={report.pk}" in hidden.content.decode()
    form = client.get(f"/noodtoegang/?melding={report.pk}").content.decode()
    assert f'value="{report.number}"' in form
    answer = client.post("/noodtoegang/", {"case_number": report.number, "reason": REASON})
    assert answer.status_code == 302 and answer["Location"] == f"/dossiers/{shielded.pk}/"
    assert client.get(f"/meldingen/{report.pk}/").status_code == 200


def test_a_reason_is_required_and_the_error_is_next_to_the_field(client, crisis, shielded, clock):
    clock.at(2026, 3, 6, 23)
    client.force_login(crisis)
    for reason, message in (("", "Geef een reden."), ("nood", "ten minste 10 tekens")):
        answer = client.post("/noodtoegang/", {"case_number": shielded.number, "reason": reason})
        assert answer.status_code == 400
        assert message in _errors_of(answer.content.decode(), "reason")
    answer = client.post("/noodtoegang/", {"case_number": "D-9999999", "reason": REASON})
    assert "Er is geen dossier met dit nummer." in _errors_of(
        answer.content.decode(), "case_number"
    )
    answer = client.post("/noodtoegang/", {"case_number": "X-12", "reason": REASON})
    assert "Geef een nummer als D-0000123" in _errors_of(answer.content.decode(), "case_number")
    assert not EmergencyAccess.objects.exists()


def test_within_office_hours_the_page_refuses_and_says_why(client, crisis, shielded, clock):
    clock.at(2026, 3, 4, 10)  # Wednesday morning
    client.force_login(crisis)
    assert "alleen mogelijk buiten kantoortijd" in client.get("/noodtoegang/").content.decode()
    answer = client.post("/noodtoegang/", {"case_number": shielded.number, "reason": REASON})
    assert answer.status_code == 400
    assert "alleen mogelijk buiten kantoortijd" in answer.content.decode()
    assert not EmergencyAccess.objects.exists()


def test_other_roles_get_no_way_to_emergency_access(client, make_user, shielded):
    triage = make_user(Role.TRIAGE)
    client.force_login(triage)
    assert client.get("/noodtoegang/").status_code == 403
    hidden = client.get(f"/dossiers/{shielded.pk}/")
    assert hidden.status_code == 404 and "noodtoegang" not in hidden.content.decode().lower()


def test_the_privacy_officer_reviews_an_emergency_access_with_a_decision_and_a_note(
    client, crisis, shielded, make_user, clock
):
    from meldpunt.access import emergency

    clock.at(2026, 3, 6, 23)
    access = emergency.break_glass(by=crisis, case_id=shielded.pk, reason=REASON)
    clock.at(2026, 3, 9, 9)  # Monday: the review is due
    officer = make_user(Role.PRIVACY_OFFICER)
    client.force_login(officer)
    assert client.get("/").url == "/noodtoegang/controle/"
    page = client.get("/noodtoegang/controle/").content.decode()
    assert REASON in page and shielded.number in page and "vandaag" in page
    listed = AuditEntry.objects.get(event="emergency.review_listed", actor_id=officer.pk)
    assert AuditEntry.ids(listed.case_ids) == [shielded.pk]

    prefix = f"toegang-{access.pk}"
    url = f"/noodtoegang/{access.pk}/controle/"
    refused = client.post(url, {f"{prefix}-justified": "0", f"{prefix}-note": ""})
    assert refused.status_code == 400
    assert "Licht toe waarom" in _errors_of(refused.content.decode(), f"{prefix}-note")

    done = client.post(url, {f"{prefix}-justified": "0", f"{prefix}-note": "Geen acute reden"})
    assert done.status_code == 302
    access.refresh_from_db()
    assert access.justified is False and access.reviewed_by == officer
    assert AuditEntry.objects.filter(event="emergency.reviewed", actor_id=officer.pk).exists()
    assert "Er is geen noodtoegang te controleren." in client.get(done.url).content.decode()

    again = client.post(url, {f"{prefix}-justified": "1"}, follow=True)
    assert "al gecontroleerd" in again.content.decode()

    client.force_login(crisis)
    assert client.get("/noodtoegang/controle/").status_code == 403
    assert client.post(url, {f"{prefix}-justified": "1"}).status_code == 403
