"""Every page and API endpoint, walked with real objects (tests/access/urlwalk.py):

- whatever shows personal data writes an audit entry naming the people and files it showed;
- guessing ids reaches no one else's file (404/403, nothing of it in the answer);
- no form or endpoint takes a POST without a CSRF token;
- no URL pattern and no GET form or query parameter carries personal data;
- a confidential address never reaches a role without the right to see it.
"""

from __future__ import annotations

import logging
import re

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client

from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.registry.models import Case
from tests.access.urlwalk import CASE_ROLES, allowed_roles, build_world, routes

# Pages that only take a POST (search): walked with a search for the world's people.
SEARCHES = {
    "web:search": {"surname": "Vlasbloem"},
    "api:persons_search": {"surname": "Vlasbloem"},
}
PERSONAL_FIELDS = re.compile(
    r"(bsn|surname|given_names|first_name|last_name|name|naam|date_of_birth|birth|street|postcode"
    r"|house_number|address|phone|email|q|query|search|zoek)$"
)


@pytest.fixture
def world(make_user, reference, clock):
    clock.at(2026, 3, 2, 10)
    return build_world(make_user)


def _get(client, route, url):
    if route.name in SEARCHES:
        if route.api:
            return client.post(url, SEARCHES[route.name], content_type="application/json")
        return client.post(url, SEARCHES[route.name])
    return client.get(url, HTTP_ACCEPT="application/json" if route.api else "text/html")


def _last_entry() -> int:
    return AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _answers(client, world, route):
    """(url, last audit entry before the request, response) for the route with the world's
    objects; for `pk` every candidate until the endpoint finds one."""
    candidates = world.pk_candidates() if "pk" in route.args else [None]
    for pk in candidates:
        url = route.url(world.values(route, pk))
        before = _last_entry()
        response = _get(client, route, url)
        yield url, before, response
        if response.status_code != 404:
            return


def _content(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


class _Undo(Exception):
    pass


def _probe(client, route, url):
    """(method, response) of opening `url` the way the page is used: GET, or for a page that
    takes only a POST an empty POST; whatever the request changes is rolled back."""
    answer = []
    try:
        with transaction.atomic():
            response = client.get(url)
            method = "GET"
            if response.status_code == 405:
                method = "POST"
                if route.api:
                    response = client.post(url, {}, content_type="application/json")
                else:
                    response = client.post(url, {})
            answer.append((method, response))
            raise _Undo
    except _Undo:
        return answer[0]


def _real_url(client, world, route) -> str:
    """The route's URL with the world's objects that the world's user finds (for `pk`: the
    first candidate that is not a 404)."""
    candidates = world.pk_candidates() if "pk" in route.args else [None]
    for pk in candidates:
        url = route.url(world.values(route, pk))
        if _probe(client, route, url)[1].status_code != 404:
            break
    return url


def test_the_walk_covers_every_page_and_endpoint_with_an_argument_it_knows(world):
    walked = routes()
    assert any(r.api for r in walked) and any(not r.api for r in walked)
    for route in walked:
        # Fails with a clear message for an unknown argument, or for an argument whose kind of
        # object the world does not build (unless WITHOUT_OBJECT says why).
        world.values(route, 1)


def test_every_page_with_an_id_is_walked_with_a_real_object(world):
    """No page or endpoint with an id is probed with a missing id only: the world's user (every
    case role) finds a real object behind every one of them."""
    client = Client()
    client.force_login(world.user)
    missing = []
    for route in routes():
        if not route.args:
            continue
        url = _real_url(client, world, route)
        method, response = _probe(client, route, url)
        if response.status_code == 404:
            missing.append(f"{route.name}: {method} {url} is a 404")
    assert not missing, "\n".join(missing)


# Pages that compute figures or a schema: one role that may open them is enough (the guard is
# the same code for every role), every role that may not is still tried.
HEAVY = {
    "api:schema",
    "api:docs",
    "api:kpi",
    "api:policy_riskscores",
    "api:policy_forecast",
    "api:policy_capacity",
    "web:dashboard",
    "web:quality",
    "web:policy_risk",
    "web:policy_forecast",
    "web:policy_capacity",
}


@pytest.mark.slow
def test_every_role_opens_exactly_the_pages_the_matrix_gives_it(world, make_user):
    """Generated from the matrix (access/roles.py) and the page table (urlwalk.PAGE_RIGHTS):
    every role opens every page and endpoint with the world's real objects; a role the matrix
    gives the page gets its answer (a page, a redirect, a form error: never 403 or 404), every
    other role 403 or 404."""
    from meldpunt.insight.models import MunicipalityViewer
    from meldpunt.reference.models import Municipality

    users = {role: make_user(role) for role in Role}
    MunicipalityViewer.objects.create(
        user=users[Role.MUNICIPALITY], municipality=Municipality.objects.get(cbs_code="GM0606")
    )
    clients = {}
    for role, user in users.items():
        clients[role] = Client()
        clients[role].force_login(user)
    finder = Client()
    finder.force_login(world.user)
    wrong = []
    for route in routes():
        url = _real_url(finder, world, route) if route.args else "/" + route.path
        tried_allowed = False
        expected = allowed_roles(route, _probe(finder, route, url)[0])
        for role in Role:
            allowed = role in expected
            if allowed and route.name in HEAVY and tried_allowed:
                continue
            tried_allowed |= allowed
            method, response = _probe(clients[role], route, url)
            if route.name in ("web:login", "web:login_code", "web:logout"):
                clients[role].force_login(users[role])  # the probe may have logged it out
            status = response.status_code
            refused = status in (401, 403, 404)
            if (allowed and (refused or status >= 500)) or (not allowed and not refused):
                may = "may" if allowed else "may not"
                wrong.append(f"{route.name} {method} {url}: {role} {may}, got {status}")
    assert not wrong, "\n".join(wrong)


def test_every_page_and_endpoint_that_shows_personal_data_names_it_in_the_audit_trail(
    world, caplog
):
    """Walked by the world's user (every case role) and by the privacy officer (the pages of
    the rights of the people in the files)."""
    caplog.set_level(logging.DEBUG)
    missing, showing = [], 0
    for user in (world.user, world.officer):
        client = Client()
        client.force_login(user)
        for route in routes():
            for url, before, response in _answers(client, world, route):
                missing += _unnamed(world, user, route, url, before, response)
                showing += response.status_code == 200 and any(
                    m in _content(response) for m in world.markers
                )
    assert showing >= 5, "the walk found too few pages with personal data: the world is off"
    assert not missing, "\n".join(missing)
    logged = [m for m in world.markers if m in caplog.text]
    assert not logged, f"personal data in the application log: {logged}"


def _unnamed(world, user, route, url, before, response) -> list[str]:
    """What the answer shows of the world that the audit entries it wrote do not name."""
    missing: list[str] = []
    if response.status_code == 200:
        shown = {m: ids for m, ids in world.markers.items() if m in _content(response)}
        if shown:
            entries = list(AuditEntry.objects.filter(pk__gt=before, actor_id=user.pk))
            named_people = {p for e in entries for p in AuditEntry.ids(e.person_ids)}
            named_cases = {c for e in entries for c in AuditEntry.ids(e.case_ids)}
            named_subjects = {(e.subject_type, e.subject_id) for e in entries}
            for marker, (people, cases) in shown.items():
                ok = (
                    people <= named_people
                    if people
                    else (cases <= named_cases if cases else bool(named_subjects))
                )
                if not ok:
                    missing.append(
                        f"{route.name} {url} ({user}): shows {marker!r}, not in the trail"
                    )
    return missing


def test_guessing_ids_reaches_no_one_elses_file(world, make_user):
    """The world's file is shielded (named: the world's user only); a colleague with every case
    role tries every page and endpoint with its ids (GET and POST): 404 or 403, and nothing of
    the file in the answer. (An advice request belongs to no file: every case role sees it.)"""
    colleague = make_user(*CASE_ROLES)
    case = Case.objects.get(pk=world.ids["case"][0])
    Case.objects.filter(pk=case.pk).update(shielded=True)
    case.shielded_for.add(world.user)
    client = Client()
    client.force_login(colleague)
    leaks = []
    markers = [m for m, (_, cases) in world.markers.items() if cases] + world.numbers
    for route in routes():
        # Advice requests and survey links belong to no file: every case role may see them.
        if not route.args or set(route.args) <= {"advice_id", "token"}:
            continue
        if route.path.startswith("api/v1/advices/"):
            continue
        for pk in world.pk_candidates() if "pk" in route.args else [None]:
            url = route.url(world.values(route, pk))
            answers = [client.get(url)]
            if route.api:
                answers.append(client.post(url, {}, content_type="application/json"))
            else:
                answers.append(client.post(url, {}))
            for response in answers:
                found = [m for m in markers if m in _content(response)]
                if response.status_code not in (403, 404, 405) or found:
                    method = response.request["REQUEST_METHOD"]
                    leaks.append(f"{method} {url}: {response.status_code} {found}")
    assert not leaks, "\n".join(leaks)


def test_no_form_or_endpoint_takes_a_post_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user)
    accepted = []
    for route in routes():
        url = route.url(world.values(route, world.pk_candidates()[0]))
        response = client.post(url, {"surname": "Vlasbloem"})
        if response.status_code != 403:
            accepted.append(f"{url}: {response.status_code}")
    assert not accepted, "\n".join(accepted)


def test_no_url_carries_personal_data(world):
    """URL arguments are ids and fixed words only; every GET form on every page and every query
    parameter of the API asks for no name, BSN, birth date or address (those are POSTed)."""
    from drf_spectacular.generators import SchemaGenerator

    wrong = []
    for route in routes():
        for arg in route.args:
            converter = route.path.split(f":{arg}>")[0].rsplit("<", 1)[-1]
            if converter not in ("int", "slug") and arg not in ("step", "token", "period"):
                wrong.append(f"{route.name}: <{converter}:{arg}>")
    client = Client()
    client.force_login(world.user)
    forms = 0
    for route in routes():
        if route.api:
            continue
        for url, _, response in _answers(client, world, route):
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            for attrs, body in re.findall(r"<form([^>]*)>(.*?)</form>", _content(response), re.S):
                forms += 1
                if re.search(r'method="?post', attrs, re.I):
                    continue
                for name in re.findall(r'<(?:input|select|textarea)[^>]*name="([^"]+)"', body):
                    if PERSONAL_FIELDS.search(name.split("-")[-1].lower()):
                        wrong.append(f"GET form on {url}: field {name!r}")
    assert forms >= 10
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query" and PERSONAL_FIELDS.search(parameter["name"].lower()):
                    wrong.append(f"{method.upper()} {path}?{parameter['name']}=")
    assert not wrong, "\n".join(wrong)


def test_a_confidential_address_never_reaches_a_role_without_the_right(world, make_user):
    """An intake worker sees the file, never the address of the person in hiding: not on a
    page, not in an answer of the API, not in a search result."""
    intake = make_user(Role.INTAKE)
    client = Client()
    client.force_login(intake)
    seen, pages = [], 0
    for route in routes():
        for url, _, response in _answers(client, world, route):
            if response.status_code == 200:
                pages += 1
                if world.confidential_street in _content(response):
                    seen.append(url)
    assert pages >= 5
    assert not seen, seen


def test_the_admin_site_registers_no_personal_data():
    """The admin site is not walked: it holds reference data and settings only — no model of
    the register, and none that points at a file, a report or a person."""
    register = {"registry", "process", "acute", "quality", "radar", "access"}
    files = {"registry.person", "registry.case", "registry.report", "registry.household"}
    wrong = []
    for model in admin.site._registry:
        if model._meta.app_label in register:
            wrong.append(model._meta.label)
        for f in [*model._meta.concrete_fields, *model._meta.many_to_many]:
            if f.is_relation and f.related_model._meta.label_lower in files:
                wrong.append(f"{model._meta.label}.{f.name}")
    assert not wrong, wrong
