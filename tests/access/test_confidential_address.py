"""A confidential address (someone in a shelter, a victim in hiding) is shown to the roles that
need it — on the person's page and in the API's person and report, also as the answer of an
action — and every such read is audited on its own; everyone else sees only that the address is
confidential. It is never in a search result and never finds its person in the radar for a
searcher without the right.
(Letters and exports: tests/casefile/test_letters.py, tests/access/test_subject_rights.py.)"""

from __future__ import annotations

import pytest

from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import RIGHTS, Right, Role
from meldpunt.access.visibility import CONFIDENTIAL_ADDRESS_READ
from meldpunt.radar import selectors as radar
from tests.process import flow

STREET = "Schuilhofstraat"
NEED_IT = sorted(RIGHTS[Right.VIEW_CONFIDENTIAL_ADDRESS] & RIGHTS[Right.VIEW_CASES])
DO_NOT = sorted(RIGHTS[Right.VIEW_CASES] - RIGHTS[Right.VIEW_CONFIDENTIAL_ADDRESS])


@pytest.fixture
def hidden(intake, reference):
    report = flow.register(
        intake,
        people=[
            flow.person(
                given_names="Quirijntje",
                surname="Vlasbloem",
                street=STREET,
                house_number="7",
                postcode="3011 AB",
                city="Rotterdam",
                confidential_address=True,
            )
        ],
    )
    return report.involvements.get().person


def _reads(user, person) -> int:
    return AuditEntry.objects.filter(
        event=CONFIDENTIAL_ADDRESS_READ, actor_id=user.pk, person_ids__contains=str(person.pk)
    ).count()


def test_the_roles_that_need_it_are_the_case_roles_of_the_matrix():
    assert Role.TRIAGE in NEED_IT and Role.CASE_WORKER in NEED_IT and Role.CRISIS_TEAM in NEED_IT
    assert DO_NOT == [Role.INTAKE]


@pytest.mark.parametrize("role", NEED_IT)
def test_a_role_that_needs_it_reads_the_address_on_the_person_page_and_that_read_is_audited(
    hidden, make_user, client, role
):
    user = make_user(role)
    client.force_login(user)
    page = client.get(f"/personen/{hidden.pk}/").content.decode()
    assert 'data-testid="confidential-address"' in page
    assert f"{STREET} 7" in page and "geheim adres" in page
    assert _reads(user, hidden) == 1


@pytest.mark.parametrize("role", DO_NOT)
def test_another_role_sees_only_that_the_address_is_confidential(hidden, make_user, client, role):
    user = make_user(role)
    client.force_login(user)
    page = client.get(f"/personen/{hidden.pk}/").content.decode()
    assert "geheim adres" in page and STREET not in page
    assert _reads(user, hidden) == 0


def test_the_api_shows_it_to_a_case_worker_with_an_audited_read_and_hides_it_from_intake(
    hidden, make_user, client
):
    worker = make_user(Role.CASE_WORKER)
    client.force_login(worker)
    body = client.get(f"/api/v1/persons/{hidden.pk}/").json()
    assert body["street"] == STREET and body["confidential_address"] is True
    report_id = body["involvements"][0]["report_id"]
    report = client.get(f"/api/v1/reports/{report_id}/").json()
    assert report["people"][0]["street"] == STREET
    assert _reads(worker, hidden) == 2

    intake = make_user(Role.INTAKE)
    client.force_login(intake)
    assert STREET not in client.get(f"/api/v1/persons/{hidden.pk}/").content.decode()
    assert STREET not in client.get(f"/api/v1/reports/{report_id}/").content.decode()
    assert _reads(intake, hidden) == 0


def test_the_api_answer_of_an_action_audits_the_confidential_address_it_shows(
    hidden, make_user, client
):
    """A verb answers with the whole report, addresses included: that read is audited as on a
    GET, naming the person in hiding."""
    triage = make_user(Role.TRIAGE)
    client.force_login(triage)
    report_id = hidden.involvements.get().report_id
    answer = client.post(
        f"/api/v1/reports/{report_id}/start-assessment", {}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["people"][0]["street"] == STREET
    assert _reads(triage, hidden) == 1
    entry = AuditEntry.objects.get(event=CONFIDENTIAL_ADDRESS_READ, actor_id=triage.pk)
    assert AuditEntry.ids(entry.person_ids) == [hidden.pk]


def test_registering_a_report_through_the_api_audits_the_confidential_address_in_the_answer(
    make_user, client, reference
):
    triage = make_user(Role.TRIAGE)
    client.force_login(triage)
    body = {
        "received_at": "2026-03-02T10:15:00+01:00",
        "municipality": "GM0606",
        "reporter": {"type": "politie", "name": "Agent Jansen"},
        "people": [
            {
                "role": "victim",
                "surname": "Vlasbloem",
                "street": STREET,
                "confidential_address": True,
            },
            {"role": "suspect", "surname": "Knotsenburg", "street": "Dijkweg"},
        ],
        "violence_forms": ["partnergeweld"],
        "description": "Melding via de API.",
    }
    answer = client.post("/api/v1/reports/", body, content_type="application/json")
    assert answer.status_code == 201, answer.content
    victim = next(p for p in answer.json()["people"] if p["role"] == "victim")
    assert victim["street"] == STREET
    entry = AuditEntry.objects.get(event=CONFIDENTIAL_ADDRESS_READ, actor_id=triage.pk)
    assert AuditEntry.ids(entry.person_ids) == [victim["person_id"]]

    intake = make_user(Role.INTAKE)
    client.force_login(intake)
    hidden = client.post("/api/v1/reports/", body, content_type="application/json")
    assert hidden.status_code == 201 and STREET not in hidden.content.decode()
    assert not AuditEntry.objects.filter(event=CONFIDENTIAL_ADDRESS_READ, actor_id=intake.pk)


@pytest.mark.parametrize("role", [Role.TRIAGE, Role.INTAKE])
def test_a_search_result_never_holds_a_confidential_address(hidden, make_user, client, role):
    client.force_login(make_user(role))
    web = client.post("/zoeken/", {"surname": "Vlasbloem"}).content.decode()
    api = client.post(
        "/api/v1/persons/search", {"surname": "Vlasbloem"}, content_type="application/json"
    )
    assert "Quirijntje" in web and STREET not in web
    assert api.json()["results"][0]["id"] == hidden.pk
    assert STREET not in api.content.decode()


AT_THE_SHELTER = {
    "given_names": "Kees",
    "surname": "Vlasbloem",
    "street": STREET,
    "house_number": "7",
    "postcode": "3011 AB",
    "city": "Rotterdam",
}


def test_the_radar_never_finds_someone_through_a_confidential_address_without_the_right(hidden):
    """Typing the shelter's address finds no one for a searcher who may not see it; the same
    search by a role that may see it finds the person there."""
    assert radar.search(AT_THE_SHELTER, confidential_addresses=False).scored == 0
    assert radar.search(AT_THE_SHELTER, confidential_addresses=True).scored == 1


def test_a_radar_match_by_name_does_not_weigh_or_show_a_confidential_address(hidden, make_user):
    typed = AT_THE_SHELTER | {
        "given_names": "Quirijntje",
        "date_of_birth": hidden.date_of_birth,
        "sex": hidden.sex,
    }

    def address_evidence(user):
        (match,) = [m for m in radar.match(user, typed) if m.person and m.person.pk == hidden.pk]
        return next(e.agreement for e in match.all_evidence if e.field == "address")

    assert address_evidence(make_user(Role.INTAKE)) == "missing"
    assert address_evidence(make_user(Role.TRIAGE)) == "agree"
