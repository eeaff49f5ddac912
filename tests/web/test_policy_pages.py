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


def _csv(name: str, text: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_own_csv_files_are_scored_on_the_risk_page(analyst, client):
    factors = "municipality,factor,value\nAastad,Werkloosheid,10\nBedorp,Werkloosheid,2\n"
    reports = "municipality,reports_per_1000\nAastad,9\nBedorp,3\n"
    html = client.post(
        reverse("web:policy_risk"),
        {"factors": _csv("f.csv", factors), "reports": _csv("r.csv", reports)},
    ).content.decode()
    table = html.split('data-testid="risk-table"')[1]
    assert table.index("Aastad") < table.index("Bedorp")
    assert "uit het geüploade bestand" in html
    entry = AuditEntry.objects.filter(event="policy.viewed", actor_id=analyst.pk).get()
    assert entry.details["uploaded"] == ["factors", "reports"]


def test_a_malformed_upload_is_shown_in_dutch_and_nothing_is_computed(analyst, client):
    html = client.post(
        reverse("web:policy_risk"),
        {"factors": _csv("f.csv", "gemeente;factor;waarde\nAastad;W;1\n")},
    ).content.decode()
    label = "<strong>Eigen risicofactoren (CSV)</strong>: "
    assert f"{label}Het geüploade risicofactorenbestand" in html
    assert "geen puntkomma" in html and "risk-table" not in html
    html = client.post(reverse("web:policy_risk"), {}).content.decode()
    assert "Kies een of twee CSV-bestanden" in html


def test_a_file_that_is_not_utf8_is_refused_with_advice(analyst, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("f.csv", "gemeente,é\n".encode("cp1252"), content_type="text/csv")
    html = client.post(reverse("web:policy_risk"), {"factors": upload}).content.decode()
    assert "geen tekst in UTF-8" in html


def test_an_own_series_is_forecast_on_the_forecast_page(analyst, client):
    rows = "\n".join(f"2024-{m:02d},{20 + m}" for m in range(1, 13))
    html = client.post(
        reverse("web:policy_forecast"),
        {"series": _csv("s.csv", f"month,count\n{rows}\n"), "horizon": "2"},
    ).content.decode()
    assert "12 maanden uit het geüploade bestand" in html
    assert "2025-01" in html and "2025-02" in html
    html = client.post(
        reverse("web:policy_forecast"), {"series": _csv("s.csv", "month,count\n2024-01,1\n")}
    ).content.decode()
    assert "Te weinig maanden" in html


def test_free_text_in_the_query_string_stays_out_of_the_audit_trail(analyst, client):
    response = client.get(reverse("web:policy_risk"), {"source": "document", "noot": "Jan Jansen"})
    assert response.status_code == 200
    entry = AuditEntry.objects.get(event="policy.viewed", actor_id=analyst.pk)
    assert entry.details["query"] == {"source": "document"}
