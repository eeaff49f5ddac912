"""The privacy officer's pages for the rights of the people in the files: find the person who
asks, then on "Rechten van betrokkene" the access report, correction, annotation and
restriction; every form answers in Dutch next to the field, and every step is audited."""

from __future__ import annotations

import re

import pytest

from meldpunt.access.models import AuditEntry, PersonAnnotation, ProcessingRestriction
from meldpunt.access.roles import Role
from tests.process import flow


@pytest.fixture
def anna(intake, reference):
    report = flow.register(
        intake, people=[flow.person(given_names="Anna", surname="Verbeek", bsn="111222333")]
    )
    return report.involvements.get().person


@pytest.fixture
def officer_client(client, make_user):
    client.force_login(make_user(Role.PRIVACY_OFFICER))
    return client


def _url(person, step: str = "") -> str:
    return f"/rechten-betrokkenen/{person.pk}/{step + '/' if step else ''}"


def _errors_of(page: str, field: str) -> str:
    found = re.search(rf'id="id_{field}_error">(.*?)</ul>', page, re.S)
    return found.group(1) if found else ""


def _events(person) -> list[str]:
    return list(
        AuditEntry.objects.filter(person_ids__contains=f",{person.pk},")
        .order_by("pk")
        .values_list("event", flat=True)
    )


def test_the_privacy_officer_finds_the_person_by_bsn_or_by_surname_and_birth_date(
    officer_client, anna
):
    page = officer_client.post("/rechten-betrokkenen/", {"bsn": "111222333"}).content.decode()
    assert _url(anna) in page
    found = officer_client.post(
        "/rechten-betrokkenen/",
        {"surname": "verbeek", "date_of_birth": anna.date_of_birth.isoformat()},
    )
    assert _url(anna) in found.content.decode()
    assert _events(anna).count("rights.person_searched") == 2


def test_finding_a_person_needs_a_bsn_or_surname_and_birth_date(officer_client, anna):
    answer = officer_client.post("/rechten-betrokkenen/", {"surname": "Verbeek"})
    assert answer.status_code == 400
    assert "Zoek op BSN, of op achternaam én geboortedatum." in answer.content.decode()
    wrong = officer_client.post("/rechten-betrokkenen/", {"bsn": "123456789"})
    assert wrong.status_code == 400 and _errors_of(wrong.content.decode(), "bsn")


def test_the_rights_page_shows_the_person_and_offers_the_access_report(officer_client, anna):
    page = officer_client.get(_url(anna)).content.decode()
    assert "Rechten van betrokkene: Anna Verbeek" in page
    assert _url(anna, "inzage") in page
    assert _events(anna)[-1] == "rights.person_viewed"
    report = officer_client.get(_url(anna, "inzage") + "?formaat=json")
    assert report["Content-Type"].startswith("application/json")
    assert report.json()["persoon"]["naam"] == "Anna Verbeek"
    assert _events(anna)[-1] == "rights.access_report"


def test_correcting_a_detail_keeps_the_old_value_and_is_audited(officer_client, anna):
    answer = officer_client.post(
        _url(anna, "corrigeren"),
        {
            "correctie-field": "surname",
            "correctie-value": "Verbeek-Smit",
            "correctie-reason": "Paspoort",
        },
    )
    assert answer.status_code == 302
    anna.refresh_from_db()
    assert anna.surname == "Verbeek-Smit"
    page = officer_client.get(_url(anna)).content.decode()
    assert "Verbeek-Smit" in page and "Paspoort" in page
    assert "rights.corrected" in _events(anna)


def test_a_correction_without_reason_or_with_a_wrong_date_is_refused_next_to_the_field(
    officer_client, anna
):
    no_reason = officer_client.post(
        _url(anna, "corrigeren"), {"correctie-field": "surname", "correctie-value": "X"}
    )
    assert no_reason.status_code == 400
    assert "Geef een reden." in _errors_of(no_reason.content.decode(), "correctie-reason")
    bad_date = officer_client.post(
        _url(anna, "corrigeren"),
        {
            "correctie-field": "date_of_birth",
            "correctie-value": "31-02-2015",
            "correctie-reason": "Geboorteakte",
        },
    )
    assert bad_date.status_code == 400
    error = _errors_of(bad_date.content.decode(), "correctie-value")
    assert "geef de geboortedatum als 2015-03-31" in error and "isoformat" not in error
    anna.refresh_from_db()
    assert anna.surname == "Verbeek"
    assert "rights.corrected" not in _events(anna)


def test_an_annotation_of_disputed_information_is_recorded(officer_client, anna):
    answer = officer_client.post(
        _url(anna, "aantekening"),
        {
            "aantekening-kind": "dispute",
            "aantekening-concerns": "omschrijving van de melding",
            "aantekening-text": "Ik was die avond niet thuis.",
        },
    )
    assert answer.status_code == 302
    assert PersonAnnotation.objects.get(person=anna).text == "Ik was die avond niet thuis."
    assert "Ik was die avond niet thuis." in officer_client.get(_url(anna)).content.decode()
    assert "rights.annotated" in _events(anna)


def test_an_annotation_needs_what_it_concerns_and_what_the_person_says(officer_client, anna):
    answer = officer_client.post(
        _url(anna, "aantekening"), {"aantekening-kind": "dispute", "aantekening-text": "Onjuist"}
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Geef aan welke informatie het betreft." in _errors_of(page, "aantekening-concerns")
    assert not PersonAnnotation.objects.exists()


def test_processing_is_restricted_and_the_restriction_lifted(officer_client, anna):
    refused = officer_client.post(_url(anna, "beperken"), {"beperking-reason": ""})
    assert refused.status_code == 400
    assert "Geef een reden." in _errors_of(refused.content.decode(), "beperking-reason")

    done = officer_client.post(_url(anna, "beperken"), {"beperking-reason": "Betwist de juistheid"})
    assert done.status_code == 302 and ProcessingRestriction.objects.filter(person=anna).exists()
    assert "beperkt</span>" in officer_client.get(_url(anna)).content.decode()

    assert officer_client.post(_url(anna, "beperking-opheffen")).status_code == 302
    assert not ProcessingRestriction.objects.filter(person=anna).exists()
    again = officer_client.post(_url(anna, "beperking-opheffen"))
    assert again.status_code == 400
    assert "De verwerking van deze persoon is niet beperkt." in again.content.decode()
    events = _events(anna)
    assert "rights.restricted" in events and "rights.restriction_lifted" in events


def test_only_the_privacy_officer_opens_the_rights_pages(client, make_user, anna):
    client.force_login(make_user(Role.TRIAGE, Role.TEAM_LEAD))
    assert client.get(_url(anna)).status_code == 403
    assert client.post(_url(anna, "beperken"), {"beperking-reason": "x"}).status_code == 403
    assert not ProcessingRestriction.objects.exists()


def test_the_professionals_see_the_restriction_and_the_annotations_on_the_person_page(
    client, make_user, anna
):
    from meldpunt.access import subject_rights

    officer = make_user(Role.PRIVACY_OFFICER)
    subject_rights.annotate(
        by=officer,
        person=anna,
        kind="dispute",
        concerns="omschrijving van de melding",
        text="Ik was die avond niet thuis.",
    )
    subject_rights.restrict(by=officer, person=anna, reason="Betwist de juistheid")
    client.force_login(make_user(Role.TRIAGE))
    page = client.get(f"/personen/{anna.pk}/").content.decode()
    assert 'data-testid="processing-restricted"' in page
    assert "Ik was die avond niet thuis." in page
    assert "Betwist de juistheid" not in page  # the reason stays with the privacy officer
