"""GET /api/v1/kpi/: the command's JSON, for the user asking, with clear errors."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.insight.models import MunicipalityViewer
from meldpunt.reference.models import Municipality
from tests.insight import register


@pytest.fixture
def reg(reference, clock, make_user):
    return register.build(clock, make_user)


def _get(client, user, query):
    client.force_login(user)
    return client.get(f"/api/v1/kpi/?{query}")


def test_the_api_gives_the_same_object_as_the_command(reg, make_user, client):
    manager = make_user(Role.MANAGER)
    reg.reports["r4"].case.shielded_for.add(manager)  # sees every file, like the command
    response = _get(client, manager, "period=2026-03&area=Regio%20Noord")
    assert response.status_code == 200
    out = io.StringIO()
    call_command(
        "kpi",
        "--period",
        "2026-03",
        "--area",
        "Regio Noord",
        "--format",
        "json",
        "--output",
        "-",
        stdout=out,
        stderr=io.StringIO(),
    )
    api, command = response.json(), json.loads(out.getvalue())
    api.pop("generated_at"), command.pop("generated_at")
    assert api == command
    assert AuditEntry.objects.filter(event="kpi.viewed", actor_id=manager.pk).exists()


def test_a_municipality_account_gets_its_own_suppressed_figures_only(reg, make_user, client):
    account = make_user(Role.MUNICIPALITY)
    MunicipalityViewer.objects.create(
        user=account, municipality=Municipality.objects.get(cbs_code="GM0606")
    )
    data = _get(client, account, "period=2026-03").json()
    assert data["scope"]["cbs_code"] == "GM0606"
    assert next(i for i in data["indicators"] if i["code"] == "reports")["value"] == "<5"
    other = _get(client, account, "period=2026-03&municipality=Vlaardingen")
    assert other.status_code == 403
    assert "Schiedam" in other.json()["detail"]


def test_the_api_refuses_bad_parameters_in_dutch(reg, make_user, client):
    lead = make_user(Role.TEAM_LEAD)
    response = _get(client, lead, "from=2026-03-01")
    assert response.status_code == 400
    assert "einddatum" in response.json()["detail"]
    assert _get(client, lead, "period=maart").status_code == 400
    assert _get(client, lead, "period=2026-03&municipality=GM9999").status_code == 400
    assert _get(client, lead, "period=2026-03&norms=xyz").status_code == 400


def test_the_api_refuses_users_without_figures_rights(reg, make_user, client):
    assert client.get("/api/v1/kpi/").status_code in (401, 403)
    assert _get(client, make_user(Role.CASE_WORKER), "period=2026-03").status_code == 403
