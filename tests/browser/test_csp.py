"""The strict Content-Security-Policy holds in a real browser: the main pages, htmx and the
API docs page (Swagger UI) work under it without a single violation."""

import pytest

from meldpunt.access.roles import Role
from tests.process import flow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


@pytest.fixture
def watched(page):
    """The page, recording every CSP violation (event and console) and script error."""
    problems = []
    page.add_init_script(WATCH)
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda err: problems.append(f"script error: {err}"))

    def visit(url, ready="main, #swagger-ui"):
        page.goto(url)
        page.wait_for_selector(ready, state="attached")
        page.wait_for_load_state("networkidle")
        problems.extend(page.evaluate("window.__csp"))
        assert not problems, f"{url}: {problems}"

    page.visit = visit
    return page


def test_the_main_pages_and_htmx_work_under_the_policy_without_violations(
    watched, live_server, log_in, person_with_password
):
    from meldpunt.reference.services import load_reference

    load_reference()
    intake = person_with_password(Role.INTAKE)
    triage = person_with_password(Role.TRIAGE, Role.TEAM_LEAD, Role.CRISIS_TEAM)
    report = flow.register(intake)
    person = report.involvements.first().person
    url = live_server.url

    watched.visit(f"{url}/inloggen/")
    log_in(watched, triage)
    for path in (
        "/werkvoorraad/",
        f"/meldingen/{report.pk}/",
        f"/dossiers/{report.case_id}/",
        f"/personen/{person.pk}/",
        "/zoeken/",
        "/meldingen/nieuw/",
        "/acuut/",
        "/overzicht/",
    ):
        watched.visit(url + path)

    # htmx: changing a filter swaps in the rows without a page load.
    watched.visit(f"{url}/werkvoorraad/")
    with watched.expect_response(
        lambda r: "werkvoorraad" in r.url and r.request.headers.get("hx-request")
    ):
        watched.select_option("#f-kind", "triage")
    watched.wait_for_selector(f"#resultaten >> text={report.number}")
    assert watched.evaluate("window.__csp") == []

    # A search is a POST: nothing typed ends up in the address bar.
    watched.visit(f"{url}/zoeken/")
    watched.fill("#id_surname", person.surname)
    watched.click("button:has-text('Zoeken')")
    watched.wait_for_selector("[data-testid=search-results]")
    assert watched.url == f"{url}/zoeken/"
    assert watched.evaluate("window.__csp") == []


def test_the_two_factor_enrolment_page_works_under_the_policy(
    watched, live_server, person_with_password
):
    user = person_with_password(Role.TRIAGE)
    watched.goto(f"{live_server.url}/inloggen/")
    watched.fill("#id_username", user.username)
    watched.fill("#id_password", "Veilig-Thuis-2026!")
    watched.click("button[type=submit]")
    watched.wait_for_selector("[data-testid=totp-qr] svg")
    assert watched.evaluate("window.__csp") == []


def test_the_api_docs_page_renders_the_operations_under_the_policy(watched, live_server):
    watched.visit(f"{live_server.url}/api/v1/docs/", ready="#swagger-ui")
    watched.wait_for_selector(".opblock", timeout=20000)
    assert watched.evaluate("window.__csp") == []
