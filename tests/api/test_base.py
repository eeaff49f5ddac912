"""The conventions every endpoint shares: problem details, strict bodies, the size limit,
tokens for systems only, and the schema and docs pages."""

import json

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from meldpunt.access.roles import Role
from meldpunt.api.parsers import max_body_bytes

pytestmark = pytest.mark.django_db

CRISIS = "/api/v1/crisis-interventions/"


@pytest.fixture
def crisis_api(api, make_user, reference):
    return api.as_user(make_user(Role.CRISIS_TEAM))


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["title"] and problem["detail"]
    return problem


def test_malformed_json_is_a_400_problem(crisis_api):
    response = crisis_api.post(CRISIS, '{"municipality": ', content_type="application/json")
    assert "geen geldige JSON" in _problem(response, 400)["detail"]


def test_nan_and_deep_nesting_are_refused_not_crashed_on(crisis_api):
    nan = crisis_api.post(CRISIS, '{"summary": NaN}', content_type="application/json")
    _problem(nan, 400)
    deep = crisis_api.post(CRISIS, "[" * 100_000, content_type="application/json")
    _problem(deep, 400)


def test_invalid_utf8_is_a_400_problem(crisis_api):
    response = crisis_api.post(CRISIS, b'{"summary": "\xff"}', content_type="application/json")
    assert "UTF-8" in _problem(response, 400)["detail"]


def test_an_unknown_field_is_named_and_refused(crisis_api):
    response = crisis_api.post(
        CRISIS,
        {
            "municipality": "GM0606",
            "called_at": "2026-03-04T23:30:00+01:00",
            "summary": "Ruzie",
            "colour": "rood",
        },
        format="json",
    )
    problem = _problem(response, 400)
    assert problem["errors"][0]["field"] == "colour"
    assert problem["errors"][0]["pointer"] == "#/colour"
    assert "Onbekend veld" in problem["errors"][0]["detail"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("summary", 12), ("called_at", 20260304), ("report", "12"), ("report", True)],
)
def test_a_value_of_the_wrong_json_type_is_refused(crisis_api, field, value):
    body = {"municipality": "GM0606", "called_at": "2026-03-04T23:30:00+01:00", "summary": "x"}
    response = crisis_api.post(CRISIS, {**body, field: value}, format="json")
    problem = _problem(response, 400)
    assert [e["field"] for e in problem["errors"]] == [field]
    assert problem["errors"][0]["detail"].startswith("Verwacht")


def test_a_list_body_where_an_object_is_expected_is_a_problem(crisis_api):
    _problem(crisis_api.post(CRISIS, [1, 2], format="json"), 400)


def test_a_body_over_the_limit_is_a_413_problem(crisis_api):
    big = json.dumps({"summary": "x" * (max_body_bytes() + 10)})
    problem = _problem(crisis_api.post(CRISIS, big, content_type="application/json"), 413)
    assert str(max_body_bytes()) in problem["detail"]


def test_a_form_post_is_a_415_problem(crisis_api):
    response = crisis_api.post(CRISIS, {"summary": "x"}, format="multipart")
    assert "JSON" in _problem(response, 415)["detail"]


def test_an_unknown_query_parameter_is_refused(crisis_api):
    problem = _problem(crisis_api.get(CRISIS + "?municipalty=GM0606"), 400)
    assert problem["errors"][0]["field"] == "municipalty"


def test_an_unknown_api_url_is_a_404_problem(crisis_api):
    _problem(crisis_api.get("/api/v1/bestaat-niet/"), 404)


def test_an_anonymous_caller_is_told_how_to_authenticate(api):
    response = api.get(CRISIS)
    problem = _problem(response, 401)
    assert "Token" in problem["detail"]
    assert response["WWW-Authenticate"] == "Token"


def test_a_system_client_authenticates_with_its_token(system_client, reference):
    # Its role has no right to case data: the list is refused, not silently empty.
    response = system_client.get("/api/v1/kpi/?period=2026-01")
    _problem(response, 403)


def test_a_professional_cannot_use_a_token(api, make_user):
    user = make_user(Role.TRIAGE)
    key = Token.objects.create(user=user).key
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert "systeemkoppeling" in _problem(api.get(CRISIS), 401)["detail"]


def test_a_wrong_token_is_a_401_problem(api):
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    _problem(api.get(CRISIS), 401)


def test_the_api_client_command_issues_and_rotates_a_token(db, capsys):
    call_command("api-client", "gemeente-koppeling")
    first = capsys.readouterr().out.split("Token ")[1].strip()
    call_command("api-client", "gemeente-koppeling")
    assert capsys.readouterr().out.split("Token ")[1].strip() == first
    call_command("api-client", "gemeente-koppeling", "--rotate")
    assert capsys.readouterr().out.split("Token ")[1].strip() != first


def test_the_schema_is_openapi_3_and_strict(api):
    response = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    loose = [
        name
        for name, component in schema["components"]["schemas"].items()
        if "properties" in component and component.get("additionalProperties") is not False
    ]
    assert loose == []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            assert "default" in operation["responses"], (method, path)


def test_the_schema_generates_without_warnings(db, tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


def test_the_docs_page_serves_its_assets_itself(api):
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "https://" not in html and "http://" not in html
    asset = api.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert asset.status_code == 200
