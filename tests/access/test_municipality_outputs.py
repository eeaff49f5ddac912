"""What a municipality account can get out of Meldpunt: only its own municipality's figures,
with every count of 1–4 suppressed, wherever it asks (every page and endpoint is walked)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from meldpunt.access.roles import Role
from meldpunt.insight.models import MunicipalityViewer
from meldpunt.reference.models import Municipality
from tests.access.test_walk import _content
from tests.access.urlwalk import routes
from tests.insight import register

COUNT_UNITS = {"aantal"}


@pytest.fixture
def account(reference, clock, make_user):
    register.build(clock, make_user)
    user = make_user(Role.MUNICIPALITY)
    MunicipalityViewer.objects.create(
        user=user, municipality=Municipality.objects.get(cbs_code="GM0606")
    )
    return user


def _small_counts(data) -> list[str]:
    """Every count of 1–4 in a KPI answer: numerators and denominators everywhere, values of
    indicators that are counts, and their breakdowns."""
    found = []

    def small(x) -> bool:
        return isinstance(x, int) and not isinstance(x, bool) and 1 <= x <= 4

    def walk(node, path, counts):
        if isinstance(node, dict):
            counts = counts or node.get("unit") in COUNT_UNITS
            for key, value in node.items():
                here = f"{path}.{key}"
                is_count = key in ("numerator", "denominator") or (key == "value" and counts)
                if is_count and small(value):
                    found.append(f"{here}={value}")
                else:
                    walk(value, here, counts)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{path}[{i}]", counts)

    walk(data, "", False)
    return found


@pytest.mark.parametrize("period", ["2026-03", "2026Q1", "2026H1", "2026"])
def test_the_api_gives_a_municipality_no_count_below_five(account, client, period):
    client.force_login(account)
    data = client.get(f"/api/v1/kpi/?period={period}").json()
    assert data["scope"]["cbs_code"] == "GM0606" and data["suppressed"] is True
    assert data["indicators"]
    assert _small_counts(data) == []


def test_the_command_for_a_municipality_account_suppresses_too(account):
    out = io.StringIO()
    call_command(
        "kpi",
        "--period",
        "2026Q1",
        "--format",
        "json",
        "--output",
        "-",
        "--municipality",
        "GM0606",
        "--user",
        account.username,
        stdout=out,
        stderr=io.StringIO(),
    )
    data = json.loads(out.getvalue())
    assert data["scope"]["cbs_code"] == "GM0606"
    assert _small_counts(data) == []


def test_the_small_count_check_finds_an_unsuppressed_answer(account, client, make_user):
    """The check above can fail: the same figures for a manager hold counts of 1–4."""
    client.force_login(make_user(Role.MANAGER))
    data = client.get("/api/v1/kpi/?period=2026-03&municipality=GM0606").json()
    assert _small_counts(data)


def test_a_municipality_account_reaches_nothing_else(account):
    client = Client()
    client.force_login(account)
    reached = []
    for route in routes():
        if route.args or route.name in ("web:logout", "web:login", "web:login_code", "web:home"):
            continue
        response = client.get("/" + route.path)
        if response.status_code == 200:
            reached.append(route.name)
            if route.api and response["Content-Type"].startswith("application/json"):
                assert _small_counts(json.loads(_content(response))) == [], route.name
    assert set(reached) <= {"api:kpi", "api:schema", "api:docs", "web:worklist"}, reached
