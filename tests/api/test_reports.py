"""/api/v1/reports/: register, read, list, and the triage steps as verbs (four-eyes)."""

import pytest

from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.registry.models import Report, ReportSource
from tests.process import flow

pytestmark = pytest.mark.django_db


def report_body(**overrides):
    body = {
        "received_at": "2026-03-02T10:15:00+01:00",
        "municipality": "GM0606",
        "reporter": {"type": "politie", "name": "Agent Jansen", "organisation": "Politie"},
        "people": [
            {
                "role": "victim",
                "given_names": "Fatima",
                "surname": "El Amrani",
                "date_of_birth": "1990-04-01",
                "sex": "v",
                "bsn": "111222333",
                "postcode": "3111ab",
            },
            {"role": "suspect", "given_names": "Karim", "surname": "El Amrani", "sex": "m"},
        ],
        "violence_forms": ["partnergeweld"],
        "description": "Ruzie met letsel, kinderen aanwezig.",
        "acute": False,
    }
    body.update(overrides)
    return body


@pytest.fixture
def registered(api, clock, intake, reference):
    clock.at(2026, 3, 2, 11)
    response = api.as_user(intake).post("/api/v1/reports/", report_body(), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_a_created_report_answers_id_case_status_and_triage_due(registered):
    assert registered["status"] == "received"
    assert registered["case_id"] > 0
    assert registered["number"] == f"M-{registered['id']:07d}"
    # Received Monday 2 March 2026: five working days, the day of receipt not counted.
    assert registered["triage_due"] == "2026-03-09"
    report = Report.objects.get(pk=registered["id"])
    assert report.source == ReportSource.API
    assert {p["postcode"] for p in registered["people"]} >= {"3111 AB"}


def test_registering_needs_the_right_of_the_web_page(api, make_user, reference):
    response = api.as_user(make_user(Role.CASE_WORKER)).post(
        "/api/v1/reports/", report_body(), format="json"
    )
    assert response.status_code == 403
    assert "melding registreren" in response.json()["detail"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"municipality": "GM9999"}, "municipality"),
        ({"municipality": "Schiedam"}, "municipality"),
        ({"violence_forms": ["geen-code"]}, "violence_forms.0"),
        ({"reporter": {"type": "marsmannetje"}}, "reporter.type"),
        ({"people": []}, "people"),
        ({"people": [{"role": "victim", "bsn": "123456789"}]}, "people.0.bsn"),
        ({"people": [{"role": "victim", "surname": "X", "postcode": "AB12"}]}, "people.0.postcode"),
        ({"people": [{"role": "koning", "surname": "X"}]}, "people.0.role"),
        ({"people": [{"role": "victim", "surname": "X", "hobby": "x"}]}, "people.0.hobby"),
        ({"received_at": "2099-01-01T10:00:00+01:00"}, "received_at"),
        ({"received_at": "1850-01-01T10:00:00+01:00"}, "received_at"),
        ({"acute": "ja"}, "acute"),
    ],
)
def test_invalid_input_is_a_problem_naming_the_field(api, clock, intake, reference, change, field):
    clock.at(2026, 3, 2, 11)
    response = api.as_user(intake).post("/api/v1/reports/", report_body(**change), format="json")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Report.objects.exists()


def test_a_known_person_is_named_by_id_only_when_the_caller_may_see_them(
    api, clock, intake, reference
):
    clock.at(2026, 3, 2, 11)
    earlier = flow.register(intake)
    known = earlier.involvements.get().person_id
    body = report_body(people=[{"role": "victim", "person_id": known}])
    response = api.as_user(intake).post("/api/v1/reports/", body, format="json")
    assert response.status_code == 201
    assert response.json()["people"][0]["person_id"] == known
    assert response.json()["case_id"] == earlier.case_id
    unknown = report_body(people=[{"role": "victim", "person_id": 99_999_999}])
    refused = api.post("/api/v1/reports/", unknown, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "people.0.person_id"


def test_reading_a_report_is_audited_with_the_people_shown(api, registered, make_user):
    triage = make_user(Role.TRIAGE)
    response = api.as_user(triage).get(f"/api/v1/reports/{registered['id']}/")
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(event="report.viewed", actor_id=triage.pk).get()
    assert entry.channel == "api"
    assert set(AuditEntry.ids(entry.person_ids)) == {p["person_id"] for p in registered["people"]}


def test_an_anonymous_reporter_is_hidden_from_roles_without_that_right(
    api, clock, intake, make_user, reference
):
    clock.at(2026, 3, 2, 11)
    body = report_body(reporter={"type": "omgeving", "name": "Buurvrouw", "anonymous": True})
    created = api.as_user(intake).post("/api/v1/reports/", body, format="json").json()
    assert created["reporter"]["name"] == "Buurvrouw"
    seen = api.as_user(make_user(Role.CASE_WORKER)).get(f"/api/v1/reports/{created['id']}/")
    assert seen.json()["reporter"] == {
        "type": "omgeving",
        "anonymous": True,
        "wants_feedback": True,
        "identity_hidden": True,
        "name": None,
        "organisation": None,
        "phone": None,
        "email": None,
    }


def test_a_report_outside_your_view_is_a_404_problem(api, registered, make_user):
    response = api.as_user(make_user(Role.MANAGER)).get(f"/api/v1/reports/{registered['id']}/")
    assert response.status_code == 403  # no right to case data at all
    lead = api.as_user(make_user(Role.TEAM_LEAD)).get("/api/v1/reports/99999999/")
    assert lead.status_code == 404
    assert lead["Content-Type"] == "application/problem+json"


def test_the_list_filters_and_pages(api, registered, clock, intake):
    api.as_user(intake)
    api.post("/api/v1/reports/", report_body(municipality="GM0599", acute=True), format="json")
    everything = api.get("/api/v1/reports/").json()
    assert everything["count"] == 2
    only = api.get("/api/v1/reports/?municipality=GM0606").json()
    assert [r["id"] for r in only["results"]] == [registered["id"]]
    assert only["results"][0]["triage_due"] == "2026-03-09"
    assert api.get("/api/v1/reports/?acute=true").json()["count"] == 1
    assert api.get("/api/v1/reports/?status=decided").json()["count"] == 0
    assert api.get("/api/v1/reports/?limit=1&offset=1").json()["count"] == 2
    assert len(api.get("/api/v1/reports/?limit=1").json()["results"]) == 1
    assert api.get("/api/v1/reports/?received_from=2026-03-03").json()["count"] == 0
    assert api.get("/api/v1/reports/?status=kapot").status_code == 400
    assert api.get("/api/v1/reports/?limit=100000").status_code == 400
    assert AuditEntry.objects.filter(event="report.listed").count() == 7


def test_the_triage_path_through_the_api_with_four_eyes(api, registered, make_user, clock):
    url = f"/api/v1/reports/{registered['id']}"
    triage, approver = make_user(Role.TRIAGE), make_user(Role.APPROVER)
    clock.at(2026, 3, 3, 9)
    api.as_user(triage)
    assert api.post(f"{url}/start-assessment", {}, format="json").json()["status"] == (
        "in_assessment"
    )
    proposed = api.post(
        f"{url}/propose-decision",
        {
            "acute_unsafety": False,
            "structural_unsafety": True,
            "assessment_rationale": "Herhaald geweld",
            "outcome": "voorwaarden_vervolg",
            "rationale": "Veiligheidsvoorwaarden nodig",
            "version": 1,
        },
        format="json",
    )
    assert proposed.status_code == 200, proposed.content
    assert proposed.json()["decisions"][0]["status"] == "proposed"
    own = api.post(f"{url}/approve-decision", {}, format="json")
    assert own.status_code == 403
    assert "Vier-ogenprincipe" in own.json()["detail"] or "mag alleen" in own.json()["detail"]
    api.as_user(approver)
    waiting = api.get("/api/v1/approvals/").json()
    assert [d["report_id"] for d in waiting["decisions"]] == [registered["id"]]
    stale = api.post(f"{url}/approve-decision", {"version": 1}, format="json")
    assert stale.status_code == 409
    approved = api.post(f"{url}/approve-decision", {"note": "Akkoord"}, format="json")
    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert body["status"] == "decided"
    assert [s["kind"] for s in body["services"]] == ["voorwaarden_vervolg"]
    assert {t["kind"] for t in body["open_terms"]} >= {
        "voorwaarden_vervolg",
        "informeren_betrokkenen",
    }
    again = api.post(f"{url}/approve-decision", {}, format="json")
    assert again.status_code == 400
    assert again.json()["detail"] == "Er ligt geen triagebesluit ter accordering."


def test_reject_needs_a_reason_and_return_to_police(api, registered, make_user, clock):
    url = f"/api/v1/reports/{registered['id']}"
    api.as_user(make_user(Role.TRIAGE))
    missing = api.post(f"{url}/return-to-police", {}, format="json")
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["field"] == "reason"
    # An API report is not a police report: the service's rule answers in Dutch.
    refused = api.post(f"{url}/return-to-police", {"reason": "Niet voor VT"}, format="json")
    assert refused.status_code == 400
    assert "politiemelding" in refused.json()["detail"]
    moved = api.post(
        f"{url}/transfer",
        {"to_organisation": "Veilig Thuis Haaglanden", "reason": "Woont daar"},
        format="json",
    )
    assert moved.status_code == 200
    assert moved.json()["status"] == "transferred"


def test_inform_and_hand_over_after_the_decision(api, clock, intake, make_user, reference):
    clock.at(2026, 3, 2, 11)
    report = flow.register(intake)
    flow.decide(report, triage=make_user(Role.TRIAGE), approver=make_user(Role.APPROVER))
    url = f"/api/v1/reports/{report.pk}"
    api.as_user(make_user(Role.TRIAGE))
    informed = api.post(
        f"{url}/inform", {"kind": "informeren_betrokkenen", "on": "2026-03-02"}, format="json"
    )
    assert informed.status_code == 200, informed.content
    assert "informeren_betrokkenen" not in {t["kind"] for t in informed.json()["open_terms"]}
    handed = api.post(
        f"{url}/hand-over",
        {"destination": "lokale-veld", "handed_over_on": "2026-03-02", "warm": True},
        format="json",
    )
    assert handed.status_code == 200, handed.content
    bad = api.post(
        f"{url}/hand-over",
        {"destination": "nergens", "handed_over_on": "2026-03-02"},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "destination"
