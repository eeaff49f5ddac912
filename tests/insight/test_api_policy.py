"""GET /api/v1/policy/...: the policy analysis for users who may see aggregates, with problem
details on bad input, audited; a shielded file counts only for those it is opened to."""

from __future__ import annotations

import pytest

from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.reference.models import Municipality
from meldpunt.registry.models import Case
from tests.process import flow


def _get(client, user, path):
    client.force_login(user)
    return client.get(f"/api/v1/policy/{path}")


def test_an_analyst_gets_the_risk_scores_of_the_regional_vision(reference, make_user, client):
    analyst = make_user(Role.ANALYST)
    response = _get(client, analyst, "riskscores/?source=document")
    assert response.status_code == 200
    body = response.json()
    first = body["results"][0]
    assert first["municipality"] == "Rotterdam" and first["rank"] == 1
    assert body["method"]["sd"] == "population"
    assert body["method"]["fit"]["n"] == 15
    assert AuditEntry.objects.filter(event="policy.viewed", actor_id=analyst.pk).exists()


@pytest.mark.parametrize("role", [Role.INTAKE, Role.CASE_WORKER, Role.MUNICIPALITY])
def test_roles_without_the_aggregate_right_are_refused(reference, make_user, client, role):
    for path in ("riskscores/", "forecast/", "capacity/?reports=10"):
        response = _get(client, make_user(role), path)
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"


def test_an_anonymous_caller_is_refused(client):
    assert client.get("/api/v1/policy/capacity/?reports=1").status_code in (401, 403)


def test_a_bad_parameter_is_a_problem_that_names_the_field(reference, make_user, client):
    response = _get(client, make_user(Role.MANAGER), "riskscores/?sd=median")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "sd"
    response = _get(client, make_user(Role.MANAGER), "capacity/?reports=-3")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "reports"


def test_register_reports_per_1000_leave_out_a_shielded_file_not_opened_to_the_analyst(
    reference, clock, make_user, client
):
    intake = make_user(Role.INTAKE)
    schiedam = Municipality.objects.get(name="Schiedam")
    clock.at(2025, 3, 3)
    flow.register(intake, municipality=schiedam)
    shielded = flow.register(intake, municipality=schiedam)
    Case.objects.filter(pk=shielded.case_id).update(shielded=True)
    clock.at(2026, 2, 1)
    analyst = make_user(Role.ANALYST)

    def schiedam_rate():
        body = _get(client, analyst, "riskscores/?year=2025").json()
        return next(r for r in body["results"] if r["municipality"] == "Schiedam")[
            "reports_per_1000"
        ]

    assert schiedam_rate() == pytest.approx(round(1000 / 78000, 2))
    shielded.case.shielded_for.add(analyst)
    assert schiedam_rate() == pytest.approx(round(2000 / 78000, 2))


def test_the_forecast_of_an_empty_register_is_a_clear_problem(reference, make_user, client):
    response = _get(client, make_user(Role.TEAM_LEAD), "forecast/?metric=advices")
    assert response.status_code == 400
    assert "nog geen volledige maand" in response.json()["detail"]


def test_capacity_from_typed_volumes_with_the_gap(reference, make_user, client):
    response = _get(
        client,
        make_user(Role.MANAGER),
        "capacity/?advices=100&reports=100&hours_per_fte=100&available_fte=10&norms=national",
    )
    assert response.status_code == 200
    body = response.json()
    # 100 x 2 + 100 x 16 = 1,800 hours / 100 = 18 FTE; 10 available: 8 short.
    assert body["total_hours"] == 1800
    assert body["total_fte"] == 18
    assert body["gap_fte"] == -8


FACTORS = """municipality,category,factor,value,unit,source
Aastad,x,Werkloosheid,10,percent,test
Bedorp,x,Werkloosheid,4,percent,test
Cestad,x,Werkloosheid,1,percent,test
"""
REPORTS = """municipality,reports_per_1000
Aastad,12
Bedorp,6
Cestad,2
"""


def test_own_factor_and_report_files_are_scored_without_storing_them(reference, make_user, client):
    analyst = make_user(Role.ANALYST)
    client.force_login(analyst)
    response = client.post(
        "/api/v1/policy/riskscores/",
        {"factors_csv": FACTORS, "reports_csv": REPORTS, "sd": "sample"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert [r["municipality"] for r in body["results"]] == ["Aastad", "Bedorp", "Cestad"]
    assert body["results"][0]["reports_per_1000"] == 12
    assert body["reports_source"] == "het geüploade bestand" and body["year"] is None
    entry = AuditEntry.objects.get(event="policy.viewed", actor_id=analyst.pk)
    assert entry.details["uploaded"] == ["factors_csv", "reports_csv"]


def test_a_malformed_upload_is_a_problem_in_dutch_that_names_the_file_and_line(
    reference, make_user, client
):
    client.force_login(make_user(Role.ANALYST))
    bad = FACTORS + "Aastad,x,Werkloosheid,11,percent,test\nDestad,x,Werkloosheid,veel,,\n"
    response = client.post(
        "/api/v1/policy/riskscores/", {"factors_csv": bad}, content_type="application/json"
    )
    assert response.status_code == 400
    problem = response.json()
    assert problem["errors"][0]["field"] == "factors"
    message = problem["errors"][0]["detail"]
    assert "regel 5: Aastad heeft de factor 'Werkloosheid' twee keer" in message
    assert "regel 6 (value): 'veel' is geen getal" in message
    response = client.post("/api/v1/policy/riskscores/", {}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "factors_csv"


def test_an_own_monthly_series_is_forecast(reference, make_user, client):
    client.force_login(make_user(Role.MANAGER))
    rows = "\n".join(f"2023-{m:02d},{100 + m}" for m in range(1, 13))
    response = client.post(
        "/api/v1/policy/forecast/",
        {"series_csv": f"month,count\n{rows}\n", "horizon": 3},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert [p["month"] for p in body["forecast"]] == ["2024-01", "2024-02", "2024-03"]
    response = client.post(
        "/api/v1/policy/forecast/",
        {"series_csv": "maand;aantal\n2023-01;4\n"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "puntkomma" in response.json()["errors"][0]["detail"]
