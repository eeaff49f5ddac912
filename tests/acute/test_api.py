"""/api/v1/restraining-orders/ and /api/v1/crisis-interventions/: create, read, list with
filters, verbs; problem details in Dutch; audited reads."""

import pytest

from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.acute.models import CrisisIntervention
from meldpunt.registry.models import InvolvementRole
from tests.process import flow

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, make_user, reference):
    user = make_user(Role.CRISIS_TEAM)
    client.force_login(user)
    client.user = user
    return client


def test_an_order_is_created_extended_too_late_and_refused_with_a_problem(api, clock, intake):
    clock.at(2026, 3, 4, 15)
    report = flow.register(intake, people=[flow.person("suspect"), flow.person("victim")])
    people = {i.role: i.person.pk for i in report.involvements.all()}
    response = api.post(
        "/api/v1/restraining-orders/",
        {
            "municipality": "GM0606",
            "imposed_at": "2026-03-04T14:00:00+01:00",
            "removed_person": people[InvolvementRole.SUSPECT],
            "staying_behind": [people[InvolvementRole.VICTIM]],
            "street": "Broersvest",
            "house_number": "12",
            "city": "Schiedam",
            "report": report.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    order = response.json()
    assert order["status"] == "imposed"
    assert order["ends_at"] == "2026-03-14T14:00:00+01:00"
    clock.at(2026, 3, 15, 9)
    refused = api.post(
        f"/api/v1/restraining-orders/{order['id']}/extend",
        {"decided_at": "2026-03-15T09:00:00+01:00", "until": "2026-03-30T14:00:00+02:00"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused["Content-Type"] == "application/problem+json"
    assert "Verlengen kan alleen vóór het einde van de 10 dagen" in refused.json()["detail"]
    listed = api.get("/api/v1/restraining-orders/?municipality=GM0606&status=imposed").json()
    assert [o["id"] for o in listed] == [order["id"]]
    assert AuditEntry.objects.filter(event="restraining_order.listed").exists()


def test_a_crisis_intervention_is_created_completed_and_handed_over_through_the_api(api, clock):
    clock.at(2026, 3, 5, 10)
    created = api.post(
        "/api/v1/crisis-interventions/",
        {"municipality": "GM0606", "called_at": "2026-03-04T23:30:00+01:00", "summary": "Ruzie"},
        content_type="application/json",
    ).json()
    assert created["out_of_hours"] and not created["is_complete"]
    url = f"/api/v1/crisis-interventions/{created['id']}"
    done = api.post(
        f"{url}/complete",
        {"on_site_at": "2026-03-05T00:05:00+01:00", "outcome": "safety_plan"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["is_complete"]
    handed = api.post(
        f"{url}/handover",
        {"handed_over_at": "2026-03-05T10:00:00+01:00", "destination": "lokale-veld"},
        content_type="application/json",
    ).json()
    assert handed["handed_over_in_time"] is True
    assert api.get("/api/v1/crisis-interventions/?open=true").json() == []
    assert api.get(f"{url}/").status_code == 200
    assert AuditEntry.objects.filter(
        event="crisis_intervention.viewed", subject_id=created["id"]
    ).exists()


def test_a_case_worker_may_not_register_a_crisis_intervention(client, make_user, clock, reference):
    clock.at(2026, 3, 5, 10)
    client.force_login(make_user(Role.CASE_WORKER))
    response = client.post(
        "/api/v1/crisis-interventions/",
        {"municipality": "GM0606", "called_at": "2026-03-05T09:00:00+01:00", "summary": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not CrisisIntervention.objects.exists()


def test_an_unknown_municipality_and_a_missing_field_are_named_in_the_problem(api, clock):
    clock.at(2026, 3, 5, 10)
    response = api.post(
        "/api/v1/crisis-interventions/",
        {"municipality": "GM9999", "called_at": "2026-03-05T09:00:00+01:00"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert {"field": "summary", "pointer": "#/summary", "detail": "Dit veld is vereist."} in (
        response.json()["errors"]
    )
