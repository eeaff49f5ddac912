"""Advices, persons, services, terms, the worklist and approvals through the API."""

import pytest

from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.process.models import ServiceKind
from tests.api.test_reports import report_body
from tests.process import flow

pytestmark = pytest.mark.django_db


def advice_body(**overrides):
    body = {
        "received_at": "2026-03-02T10:00:00+01:00",
        "asker_type": "huisarts",
        "question": "Een patiënte vertelt over geweld thuis; wat kan ik doen?",
        "consent": True,
        "asker_name": "Dokter Bakker",
        "municipality": "GM0606",
        "violence_forms": ["partnergeweld"],
    }
    body.update(overrides)
    return body


def test_an_advice_is_registered_read_listed_given_and_converted(api, clock, intake, reference):
    clock.at(2026, 3, 2, 11)
    api.as_user(intake)
    created = api.post("/api/v1/advices/", advice_body(), format="json")
    assert created.status_code == 201, created.content
    advice = created.json()
    assert advice["status"] == "open" and advice["asker_name"] == "Dokter Bakker"
    assert api.get(f"/api/v1/advices/{advice['id']}/").json()["number"] == advice["number"]
    assert AuditEntry.objects.filter(event="advice.viewed").count() == 1
    listed = api.get("/api/v1/advices/?status=open&municipality=GM0606").json()
    assert [a["id"] for a in listed["results"]] == [advice["id"]]
    given = api.post(
        f"/api/v1/advices/{advice['id']}/give", {"advice_given": "Meldcode volgen"}, format="json"
    )
    assert given.json()["status"] == "given"
    converted = api.post(f"/api/v1/advices/{advice['id']}/convert", report_body(), format="json")
    assert converted.status_code == 201, converted.content
    assert converted.json()["source"] == "advice"
    assert converted.json()["triage_due"] == "2026-03-09"
    after = api.get(f"/api/v1/advices/{advice['id']}/").json()
    assert after["status"] == "converted" and after["report_id"] == converted.json()["id"]
    twice = api.post(f"/api/v1/advices/{advice['id']}/convert", report_body(), format="json")
    assert twice.status_code == 400
    assert "al omgezet" in twice.json()["detail"]


def test_an_asker_name_without_consent_is_refused_by_the_service(api, clock, intake, reference):
    clock.at(2026, 3, 2, 11)
    response = api.as_user(intake).post(
        "/api/v1/advices/", advice_body(consent=False), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "asker_name"
    assert "toestemming" in response.json()["detail"]


def test_people_are_searched_by_post_and_read_with_their_reports(
    api, clock, intake, make_user, reference
):
    clock.at(2026, 3, 2, 11)
    report = flow.register(intake, people=[flow.person(surname="Vermeulen", bsn="111222333")])
    person = report.involvements.get().person
    triage = make_user(Role.TRIAGE)
    api.as_user(triage)
    by_bsn = api.post("/api/v1/persons/search", {"bsn": "111222333"}, format="json").json()
    assert [p["id"] for p in by_bsn["results"]] == [person.pk]
    by_name = api.post("/api/v1/persons/search", {"surname": "verm"}, format="json").json()
    assert [p["id"] for p in by_name["results"]] == [person.pk]
    searched = AuditEntry.objects.filter(event="person.searched", actor_id=triage.pk)
    assert searched.count() == 2
    assert searched.first().details["criteria"] in (["bsn"], ["surname"])
    nothing = api.post("/api/v1/persons/search", {}, format="json")
    assert nothing.status_code == 400
    assert "Zoek op BSN" in nothing.json()["detail"]
    assert api.post("/api/v1/persons/search", {"bsn": "123"}, format="json").status_code == 400
    # A search never goes in the URL.
    assert api.get("/api/v1/persons/search?bsn=111222333").status_code == 405
    read = api.get(f"/api/v1/persons/{person.pk}/").json()
    assert read["involvements"][0]["report_id"] == report.pk
    assert AuditEntry.objects.filter(event="person.viewed", subject_id=person.pk).exists()


def test_a_confidential_address_is_hidden_from_roles_without_that_right(
    api, clock, intake, reference
):
    clock.at(2026, 3, 2, 11)
    report = flow.register(intake, people=[flow.person(confidential_address=True)])
    person_id = report.involvements.get().person_id
    shown = api.as_user(intake).get(f"/api/v1/persons/{person_id}/").json()
    assert shown["street"] == "(afgeschermd)"


def test_a_support_service_is_handed_over_closed_with_four_eyes_and_monitored(
    api, clock, intake, make_user, reference
):
    clock.at(2026, 3, 2, 11)
    report = flow.register(intake)
    approver = make_user(Role.APPROVER)
    flow.decide(
        report, triage=make_user(Role.TRIAGE), approver=approver, outcome="voorwaarden_vervolg"
    )
    service = report.services.get()
    worker = make_user(Role.CASE_WORKER)
    api.as_user(worker)
    url = f"/api/v1/services/{service.pk}"
    read = api.get(f"{url}/")
    assert read.status_code == 200 and read.json()["kind"] == "voorwaarden_vervolg"
    early = api.post(f"{url}/propose-close", {"conclusion": "Veilig"}, format="json")
    assert early.status_code == 400
    assert "overdracht" in early.json()["detail"]
    clock.at(2026, 4, 6, 10)
    api.as_user(worker)  # a new session: the old one expired while the clock moved
    handed = api.post(
        f"{url}/hand-over", {"destination": "lokale-veld", "handed_over_on": "2026-04-06"},
        format="json",
    )  # fmt: skip
    assert handed.status_code == 200, handed.content
    proposed = api.post(f"{url}/propose-close", {"conclusion": "Veilig"}, format="json")
    assert proposed.json()["status"] == "close_proposed"
    assert api.post(f"{url}/approve-close", {}, format="json").status_code == 403
    api.as_user(approver)
    closes = api.get("/api/v1/approvals/").json()["service_closes"]
    assert [c["service_id"] for c in closes] == [service.pk]
    closed = api.post(f"{url}/approve-close", {"note": "Akkoord"}, format="json")
    assert closed.json()["status"] == "closed"
    monitoring = api.get(f"/api/v1/services/?report={report.pk}&kind=monitoring").json()
    assert monitoring["count"] == 1
    mon = monitoring["results"][0]
    assert [e["moment"] for e in mon["evaluations"]] == [3, 9, 18]
    clock.at(2026, 7, 6, 10)
    api.as_user(worker)
    evaluation = mon["evaluations"][0]["id"]
    out_of_range = api.post(
        f"/api/v1/services/{mon['id']}/evaluations/{evaluation}/record",
        {"done_on": "2026-07-06", "score_family": 11},
        format="json",
    )
    assert out_of_range.status_code == 400
    recorded = api.post(
        f"/api/v1/services/{mon['id']}/evaluations/{evaluation}/record",
        {"done_on": "2026-07-06", "score_family": 7, "score_professionals": 6},
        format="json",
    )
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["evaluations"][0]["score_family"] == 7


def test_an_investigation_close_names_its_findings_by_code(
    api, clock, intake, make_user, reference
):
    clock.at(2026, 3, 2, 11)
    report = flow.register(intake)
    flow.decide(
        report,
        triage=make_user(Role.TRIAGE),
        approver=make_user(Role.APPROVER),
        outcome="onderzoek",
    )
    service = report.services.get(kind=ServiceKind.INVESTIGATION)
    api.as_user(make_user(Role.CASE_WORKER))
    url = f"/api/v1/services/{service.pk}"
    api.post(
        f"{url}/hand-over", {"destination": "lokale-veld", "handed_over_on": "2026-03-02"},
        format="json",
    )  # fmt: skip
    missing = api.post(f"{url}/propose-close", {"conclusion": "Klaar"}, format="json")
    assert "per geweldsvorm" in missing.json()["detail"]
    done = api.post(
        f"{url}/propose-close",
        {
            "conclusion": "Klaar",
            "findings": [{"violence_form": "partnergeweld", "finding": "bevestigd"}],
        },
        format="json",
    )
    assert done.status_code == 200, done.content
    assert done.json()["findings"] == [{"violence_form": "partnergeweld", "finding": "bevestigd"}]


def test_the_worklist_lists_open_terms_most_urgent_first(api, clock, intake, make_user, reference):
    clock.at(2026, 3, 2, 11)
    first = flow.register(intake)
    clock.at(2026, 3, 4, 11)
    flow.register(intake)
    triage = make_user(Role.TRIAGE)
    api.as_user(triage)
    page = api.get("/api/v1/worklist/?kind=triage").json()
    assert page["count"] == 2
    assert page["results"][0]["report_id"] == first.pk
    assert page["results"][0]["days_left"] == 3
    assert api.get("/api/v1/worklist/?municipality=GM0599").json()["count"] == 0
    assert api.get("/api/v1/worklist/?assignee=me").json()["count"] == 0
    assert api.get("/api/v1/worklist/?assignee=iemand").status_code == 400
    assert AuditEntry.objects.filter(event="worklist.viewed").count() == 3


def test_a_term_is_extended_by_an_approving_role_with_a_reason(
    api, clock, intake, make_user, reference
):
    clock.at(2026, 3, 2, 11)
    report = flow.register(intake)
    term = report.terms.get()
    refused = api.as_user(make_user(Role.TRIAGE)).post(
        f"/api/v1/terms/{term.pk}/extend",
        {"until": "2026-03-16", "reason": "Wachten op politie"},
        format="json",
    )
    assert refused.status_code == 403
    extended = api.as_user(make_user(Role.TEAM_LEAD)).post(
        f"/api/v1/terms/{term.pk}/extend",
        {"until": "2026-03-16", "reason": "Wachten op politie"},
        format="json",
    )
    assert extended.status_code == 200, extended.content
    assert extended.json()["due_on"] == "2026-03-16"
    assert extended.json()["original_due_on"] == "2026-03-09"
    far = api.post(
        f"/api/v1/terms/{term.pk}/extend", {"until": "2031-01-01", "reason": "x"}, format="json"
    )
    assert far.status_code == 400


def test_approvals_need_the_right_to_approve(api, make_user):
    response = api.as_user(make_user(Role.INTAKE)).get("/api/v1/approvals/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
