"""Shielded files (afgeschermde dossiers) are invisible to everyone not named on them: in every
list, search and count of every page and API endpoint (walked, so new ones are included)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from meldpunt.registry.models import Case
from tests.access.test_walk import SEARCHES, _answers, _content
from tests.access.urlwalk import CASE_ROLES, build_world, routes
from tests.process import flow

COUNT = re.compile(r'data-testid="count-[\w-]+">(\d+)<')


@pytest.fixture
def world(make_user, reference, clock):
    clock.at(2026, 3, 2, 10)
    w = build_world(make_user)
    # A second report on the file still waiting for triage, so the worklist counts include it.
    w.waiting = flow.register(
        make_user(*CASE_ROLES), people=[flow.person(person_id=w.ids["person"][0])]
    )
    assert w.waiting.case_id == w.ids["case"][0]
    w.numbers.append(w.waiting.number)
    return w


def _figures(response) -> list[int]:
    text = _content(response)
    figures = [int(n) for n in COUNT.findall(text)]
    if response.get("Content-Type", "").startswith("application/json"):
        figures += [int(n) for n in re.findall(r'"count":\s*(\d+)', text)]
    return figures


def _survey(client, world):
    """Every page and endpoint without an id (lists, counts, searches), as the colleague sees
    them: {url: (markers found, figures)}."""
    markers = [m for m, (_, cases) in world.markers.items() if cases] + world.numbers
    out = {}
    for route in routes():
        if route.args or route.name in ("web:logout",):
            continue
        for url, _, response in _answers(client, world, route):
            if response.status_code == 200:
                # The search form shows the typed name again: that is not a result.
                text = _content(response).replace('value="Vlasbloem"', "")
                out[url] = ([m for m in markers if m in text], _figures(response))
    return out


def test_a_shielded_file_is_in_no_list_search_or_count_of_those_not_named(world, make_user):
    colleague = make_user(*CASE_ROLES)
    client = Client()
    client.force_login(colleague)
    open_file = _survey(client, world)
    showing = [url for url, (found, _) in open_file.items() if found]
    assert any("zoeken" in u for u in showing) and any("search" in u for u in showing)
    assert any("werkvoorraad" in u for u in showing)

    case = Case.objects.get(pk=world.ids["case"][0])
    Case.objects.filter(pk=case.pk).update(shielded=True)
    case.shielded_for.add(world.user)
    shielded = _survey(client, world)
    wrong = []
    for url, (found, figures) in shielded.items():
        if found:
            wrong.append(f"{url} still shows {found}")
        before = open_file.get(url, ([], []))[1]
        if len(before) == len(figures) and any(a > b for a, b in zip(figures, before, strict=True)):
            wrong.append(f"{url}: a figure went up ({before} -> {figures})")
        if url in showing and before and sum(figures) >= sum(before):
            wrong.append(f"{url}: its figures still count the file ({before} -> {figures})")
    assert not wrong, "\n".join(wrong)


def test_the_named_user_still_finds_and_counts_the_shielded_file(world):
    case = Case.objects.get(pk=world.ids["case"][0])
    Case.objects.filter(pk=case.pk).update(shielded=True)
    case.shielded_for.add(world.user)
    client = Client()
    client.force_login(world.user)
    page = client.post("/zoeken/", SEARCHES["web:search"]).content.decode()
    assert "Vlasbloem" in page
    worklist = client.get("/werkvoorraad/").content.decode()
    assert world.waiting.number in worklist
