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


def _waiting_rows(page: str) -> dict[str, str]:
    section = page.split('data-testid="waiting-age"')[1].split("</section>")[0]
    rows = {}
    for chunk in section.split('data-testid="waiting-')[1:]:
        key = chunk.split('"')[0]
        rows[key] = chunk.split("<td>")[2].split("</td>")[0]
    return rows


def test_the_dashboard_shows_how_long_the_waiting_reports_have_waited(
    reference, clock, make_user, client
):
    """A hand-built register: on 31 March 2026 six reports wait for their triage decision."""
    from meldpunt.insight import kpis
    from meldpunt.insight.periods import Period
    from meldpunt.insight.scope import audience_for
    from tests.process import flow

    intake, triage, approver = (
        make_user(Role.INTAKE),
        make_user(Role.TRIAGE),
        make_user(Role.APPROVER),
    )
    received = {}
    for name, day in [
        ("a", (2026, 3, 30)),  # 1 day on 31 March: 0-7
        ("b", (2026, 3, 24)),  # 7 days: 0-7
        ("c", (2026, 3, 23)),  # 8 days: 8-14
        ("d", (2026, 3, 13)),  # 18 days: 15-28
        ("e", (2026, 3, 2)),  # 29 days: 29 or more
        ("f", (2026, 3, 2)),  # decided on 5 March: not waiting
        ("g", (2026, 3, 16)),  # decided on 1 April, so still waiting on 31 March: 15 days
    ]:
        clock.at(*day)
        received[name] = flow.register(intake)
    clock.at(2026, 3, 5)
    flow.decide(received["f"], triage=triage, approver=approver)
    clock.at(2026, 4, 1)
    flow.decide(received["g"], triage=triage, approver=approver)
    flow.register(intake)  # received after the period: not on its waiting list
    clock.at(2026, 4, 15)

    lead = make_user(Role.TEAM_LEAD)
    client.force_login(lead)
    page = client.get("/overzicht/?period=2026-03").content.decode()
    section = page.split('data-testid="waiting-age"')[1].split("</section>")[0]
    assert "Wachtend op triagebesluit op 31-03-2026: <strong>6</strong>" in section
    assert _waiting_rows(page) == {"0-7": "2", "8-14": "1", "15-28": "2", "29+": "1"}
    assert "0 t/m 7 dagen" in section and "<svg" in section

    # The same buckets as the KPI output: one definition of waiting, not a second one.
    data = kpis.compute(period=Period.month(2026, 3), audience=audience_for(lead)).as_dict()
    waiting = next(i for i in data["indicators"] if i["code"] == "waiting_list")
    assert {c["key"]: str(c["value"]) for c in waiting["breakdown"]["wachttijd"]} == (
        _waiting_rows(page)
    )
