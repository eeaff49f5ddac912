"""/overzicht/: every KPI against its norm with an on-track mark and a 13-month trend."""

from __future__ import annotations

import pytest

from meldpunt.access.roles import Role
from tests.insight import register


@pytest.fixture
def reg(reference, clock, make_user):
    return register.build(clock, make_user)


def test_a_team_lead_sees_each_kpi_against_its_norm_with_a_trend(reg, make_user, client):
    client.force_login(make_user(Role.TEAM_LEAD))
    page = client.get("/overzicht/?period=2026-03").content.decode()
    assert "Overzicht — maart 2026, de hele organisatie" in page
    triage = page.split('data-testid="kpi-triage_on_time"')[1].split("</section>")[0]
    assert "33,3%" in triage and "norm ≥ 80%" in triage
    assert "niet op koers" in triage  # 1 of 3 on time
    assert "<svg" in triage  # the 13-month trend, drawn on the server
    safety = page.split('data-testid="kpi-safety_score"')[1].split("</section>")[0]
    assert "66,7%" in safety and "✔ op koers" in safety
    assert "Schiedam" in page  # per municipality


def test_the_dashboard_defaults_to_the_last_full_month(reg, make_user, client):
    client.force_login(make_user(Role.MANAGER))
    page = client.get("/overzicht/").content.decode()  # the clock stands on 15 April 2026
    assert "maart 2026" in page


def test_a_bad_period_is_explained_in_dutch(reg, make_user, client):
    client.force_login(make_user(Role.TEAM_LEAD))
    response = client.get("/overzicht/?period=maart")
    assert response.status_code == 200
    assert "is geen periode" in response.content.decode()


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.MUNICIPALITY, Role.INTAKE])
def test_roles_without_aggregate_rights_do_not_get_the_dashboard(
    reference, make_user, client, role
):
    client.force_login(make_user(role))
    assert client.get("/overzicht/").status_code == 403
