"""The policy pages: ranking and scatter charts, the forecast and the capacity form, for users
who may see aggregates; bad input shown in Dutch next to the form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role


@pytest.fixture
def analyst(reference, make_user, client):
    user = make_user(Role.ANALYST)
    client.force_login(user)
    return user


def test_the_risk_page_shows_the_ranking_the_scatter_and_the_table(analyst, client):
    response = client.get(reverse("web:policy_risk"), {"source": "document"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="ranking-chart"' in html and 'data-testid="scatter-chart"' in html
    assert "data:image/svg+xml;base64," in html
    table = html.split('data-testid="risk-table"')[1]
    assert table.index("Rotterdam") < table.index("Lansingerland")
    assert "meer dan verwacht" in table and "minder dan verwacht" in table
    assert AuditEntry.objects.filter(event="policy.viewed", actor_id=analyst.pk).exists()


def test_the_policy_pages_are_in_the_menu_of_an_analyst_only(reference, make_user, client):
    client.force_login(make_user(Role.ANALYST))
    assert reverse("web:policy_risk") in client.get(reverse("web:policy_capacity")).content.decode()
    client.force_login(make_user(Role.INTAKE))
    assert client.get(reverse("web:policy_risk")).status_code == 403
    assert client.get(reverse("web:policy_capacity")).status_code == 403


def test_a_bad_setting_is_shown_in_dutch_with_its_label(analyst, client):
    response = client.get(reverse("web:policy_risk"), {"sd": "mediaan"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Standaarddeviatie</strong>: Kies een van: population, sample." in html
    assert "ranking-chart" not in html


def test_the_forecast_page_explains_an_empty_register(analyst, client):
    html = client.get(reverse("web:policy_forecast"), {"metric": "reports"}).content.decode()
    assert "nog geen volledige maand met meldingen" in html


def test_the_capacity_form_computes_fte_and_the_shortage(analyst, client):
    html = client.get(
        reverse("web:policy_capacity"),
        {"reports": "1350", "advices": "675", "available_fte": "10"},
    ).content.decode()
    # 1,350 x 16 + 675 x 2 = 22,950 hours / 1,350 = 17 FTE; 10 available: 7 short.
    assert 'data-testid="total-fte">17,00<' in html
    assert 'data-testid="gap-fte">-7,00<' in html
    assert "fte tekort" in html


def test_the_capacity_form_without_volumes_shows_only_the_form(analyst, client):
    html = client.get(reverse("web:policy_capacity")).content.decode()
    assert "capacity-table" not in html and "policy-error" not in html


def test_a_negative_volume_is_refused_on_the_form(analyst, client):
    html = client.get(reverse("web:policy_capacity"), {"reports": "-1"}).content.decode()
    assert "<strong>Meldingen (triage)</strong>: Geef een getal van 0 of meer." in html
