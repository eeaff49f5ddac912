"""The worklist and the dossier pages cost the same number of queries whatever their number of
rows: no query per row (N+1), which is what keeps them fast at 200,000 reports (bench/)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meldpunt.registry.services import PersonData
from tests.process import flow


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def _queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def _growth_message(few: list[str], many: list[str]) -> str:
    extra = [q for q in many if q not in few] or many[len(few) :]
    return f"{len(few)} queries with few rows, {len(many)} with more; new ones: {extra[:3]}"


def test_the_worklist_costs_the_same_queries_for_3_and_12_rows(
    login, intake, triage, approver, clock, reference
):
    clock.at(2026, 3, 2, 9)
    reports = [flow.register(intake) for _ in range(3)]
    flow.decide(reports[0], triage=triage, approver=approver, outcome="onderzoek")
    client = login(triage)
    url = reverse("web:worklist")
    _queries(client, url)  # warm caches (holiday calendar, sessions)
    few = _queries(client, url)
    more = [flow.register(intake) for _ in range(9)]
    flow.decide(more[0], triage=triage, approver=approver, outcome="onderzoek")
    flow.decide(more[1], triage=triage, approver=approver, outcome="voorwaarden_vervolg")
    many = _queries(client, url)
    assert len(many) == len(few), _growth_message(few, many)


def _household_with_reports(n, *, intake, triage, approver):
    """One household (one dossier) with `n` reports, each decided and handed over."""
    first = flow.register(intake)
    person_id = first.involvements.get().person_id
    reports = [first]
    for _ in range(n - 1):
        reports.append(
            flow.register(intake, people=[PersonData(role="victim", person_id=person_id)])
        )
    for i, report in enumerate(reports):
        outcome = ("overdracht", "onderzoek", "voorwaarden_vervolg")[i % 3]
        flow.decide(report, triage=triage, approver=approver, outcome=outcome)
        if outcome == "overdracht":
            flow.hand_over(report, by=triage)
    return first.case


def test_the_dossier_and_report_pages_cost_the_same_queries_for_1_and_4_reports(
    login, intake, triage, approver, clock, reference
):
    clock.at(2026, 3, 2, 9)
    small = _household_with_reports(1, intake=intake, triage=triage, approver=approver)
    big = _household_with_reports(4, intake=intake, triage=triage, approver=approver)
    assert big.reports.count() == 4 and big.pk != small.pk
    client = login(triage)
    for name, small_id, big_id in (
        ("web:case_detail", small.pk, big.pk),
        ("web:report_detail", small.reports.get().pk, big.reports.order_by("id").last().pk),
    ):
        url_small = reverse(name, args=[small_id])
        url_big = reverse(name, args=[big_id])
        _queries(client, url_small)
        few, many = _queries(client, url_small), _queries(client, url_big)
        assert len(many) == len(few), f"{name}: {_growth_message(few, many)}"
