"""POST /api/v1/persons/match/: the radar's candidates over the API."""

import datetime as dt

from meldpunt.access.roles import Role
from meldpunt.registry.models import Case
from tests.process import flow

URL = "/api/v1/persons/match/"


def _anna(intake):
    report = flow.register(
        intake,
        people=[
            flow.person(
                given_names="Anna",
                surname="Jansen",
                date_of_birth=dt.date(1990, 4, 1),
                postcode="3117 AB",
                house_number="4",
                bsn="",
            )
        ],
    )
    return report.involvements.get().person


TYPED = {
    "given_names": "Ana",
    "surname": "Jansen",
    "date_of_birth": "1990-01-04",
    "postcode": "3117ab",
    "house_number": "4",
}


def test_the_known_person_comes_back_ranked_with_evidence(api, intake, reference):
    anna = _anna(intake)
    response = api.as_user(intake).post(URL, TYPED, format="json")
    assert response.status_code == 200
    best = response.json()[0]
    assert best["person_id"] == anna.pk and best["likely"] and best["probability"] > 0.9
    evidence = {e["field"]: e for e in best["evidence"]}
    assert evidence["dob"]["level"] == "swapped"
    assert evidence["bsn"]["agreement"] == "missing"


def test_a_shielded_match_gives_only_whom_to_contact(api, intake, make_user, reference):
    anna = _anna(intake)
    colleague = make_user(Role.TRIAGE, first_name="Sanne", last_name="Schild")
    case = Case.objects.get(pk=anna.involvements.get().report.case_id)
    case.shielded = True
    case.save()
    case.shielded_for.add(colleague)
    [hidden] = api.as_user(intake).post(URL, TYPED, format="json").json()
    assert hidden["shielded"] and hidden["contacts"] == ["Sanne Schild"]
    assert hidden["person_id"] is None and hidden["evidence"] == []


def test_an_empty_description_is_a_problem(api, intake, reference):
    response = api.as_user(intake).post(URL, {"city": "Schiedam"}, format="json")
    assert response.status_code == 400
    assert "ten minste een naam" in response.content.decode()


def test_roles_without_intake_may_not_match(api, make_user, reference):
    response = api.as_user(make_user(Role.ANALYST)).post(URL, TYPED, format="json")
    assert response.status_code == 403
