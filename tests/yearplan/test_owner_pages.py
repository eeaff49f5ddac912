"""The owner's year-plan worklist (/jaarplan/): what is due with a warning before the reporting
date, and the entry page where a correction keeps the earlier value in the history."""

from __future__ import annotations

import pytest

from meldpunt.access.roles import Role
from meldpunt.yearplan import services
from meldpunt.yearplan.models import EnteredValue


@pytest.fixture
def vtrr(db):
    plans = services.load_example_plans()
    return next(p for p in plans if "Rotterdam" in p.organisation)


def _sick(vtrr):
    return vtrr.kpis.get(name__startswith="Lager ziekteverzuim")


def _rows(page: str) -> list[str]:
    table = page.split('data-testid="plan-due"')[1].split("</table>")[0]
    return table.split('data-testid="due-row"')[1:]


def test_the_owner_starts_on_the_year_plan_and_sees_what_is_due_with_a_warning(
    vtrr, make_user, client, clock
):
    # Sick leave is monthly and due 10 days after the month: March 2020 is due 10 April.
    clock.at(2020, 4, 6, 10)
    hr = make_user(Role.HR_ADVISER)
    client.force_login(hr)
    assert client.get("/").url == "/jaarplan/"
    page = client.get("/jaarplan/").content.decode()
    rows = _rows(page)
    march = next(r for r in rows if "<td>2020-03</td>" in r)
    assert "Lager ziekteverzuim" in march and "10-04-2020" in march
    assert 'class="warning"' in page.split(march)[0][-40:]  # 4 days left: a warning
    assert "<strong>4 dagen</strong>" in march
    february = next(r for r in rows if "<td>2020-02</td>" in r)
    assert "te laat" in february  # due 10 March
    # Staff outflow (half-yearly) is not due before the first half-year ends.
    assert not any("Uitstroom" in r and "2020-H1" in r for r in rows)
    assert "Jaarplan" in page  # in the navigation


def test_the_owner_enters_a_value_and_a_correction_keeps_the_history(
    vtrr, make_user, client, clock
):
    clock.at(2020, 4, 6, 10)
    hr = make_user(Role.HR_ADVISER)
    client.force_login(hr)
    url = f"/jaarplan/kpi/{_sick(vtrr).pk}/2020-03/"
    form = client.get(url).content.decode()
    assert "norm <strong>≤ 6,5</strong>" in form
    response = client.post(url, {"period": "2020-03", "number": "7,2", "text": "Griep"})
    assert response.status_code == 302
    page = client.get("/jaarplan/").content.decode()
    assert not any("<td>2020-03</td>" in r for r in _rows(page))  # no longer due
    client.post(url, {"period": "2020-03", "number": "6,1", "text": "Herberekend"})
    values = list(
        EnteredValue.objects.order_by("entered_at", "id").values_list("number", flat=True)
    )
    assert values == [7.2, 6.1]
    history = client.get(url).content.decode().split('data-testid="entry-history"')[1]
    assert "7,2 — Griep" in history and "(gecorrigeerd)" in history and "6,1" in history


def test_bad_input_is_explained_and_nothing_is_saved(vtrr, make_user, client, clock):
    clock.at(2020, 4, 6, 10)
    client.force_login(make_user(Role.HR_ADVISER))
    url = f"/jaarplan/kpi/{_sick(vtrr).pk}/2020-03/"
    empty = client.post(url, {"period": "2020-03", "text": "Nog niet bekend"})
    assert empty.status_code == 400 and "Geef een getal." in empty.content.decode()
    assert "Nog niet bekend" in empty.content.decode()  # what was typed stays
    future = client.post(f"/jaarplan/kpi/{_sick(vtrr).pk}/2020-09/", {"number": "5"})
    assert future.status_code == 400 and "nog niet begonnen" in future.content.decode()
    assert not EnteredValue.objects.exists()


def test_a_yes_no_indicator_asks_yes_or_no(vtrr, make_user, client, clock):
    clock.at(2021, 1, 4, 10)
    client.force_login(make_user(Role.MANAGER))
    iso = vtrr.kpis.get(name__startswith="Certificering")
    url = f"/jaarplan/kpi/{iso.pk}/2020/"
    assert 'name="yes_no"' in client.get(url).content.decode()
    client.post(url, {"period": "2020", "yes_no": "1", "text": "Audit oktober"})
    assert EnteredValue.objects.get().yes_no is True


def test_only_the_owner_enters_and_others_do_not_get_the_page(vtrr, make_user, client, clock):
    clock.at(2020, 4, 6, 10)
    client.force_login(make_user(Role.COMPLAINTS_OFFICER))  # owns no entered indicator here
    assert client.get("/jaarplan/").status_code == 403
    client.force_login(make_user(Role.MANAGER))  # owns the certificate, not sick leave
    response = client.post(f"/jaarplan/kpi/{_sick(vtrr).pk}/2020-03/", {"number": "5"})
    assert response.status_code == 403
    triage = vtrr.kpis.get(computed_code="triage_on_time")
    assert client.get(f"/jaarplan/kpi/{triage.pk}/2020-03/").status_code == 404
    assert not EnteredValue.objects.exists()


def test_a_policy_adviser_owns_what_the_plan_gives_the_role(vtrr, make_user, client, clock):
    clock.at(2020, 7, 6, 10)
    outflow = vtrr.kpis.get(name__startswith="Uitstroom")
    outflow.owner_role = Role.POLICY_ADVISER
    outflow.save()
    client.force_login(make_user(Role.POLICY_ADVISER))
    page = client.get("/jaarplan/").content.decode()
    assert any("Uitstroom" in r and "2020-H1" in r for r in _rows(page))


def test_a_case_worker_who_owns_an_indicator_sees_it_on_the_worklist(
    vtrr, make_user, client, clock
):
    clock.at(2020, 4, 6, 10)
    sick = _sick(vtrr)
    sick.owner_role = Role.TEAM_LEAD
    sick.save()
    client.force_login(make_user(Role.TEAM_LEAD))
    page = client.get("/werkvoorraad/").content.decode()
    assert 'data-testid="plan-due-count"' in page and "aan te leveren" in page
