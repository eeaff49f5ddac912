"""Accessibility of the main pages, checked in Chromium with axe-core (vendored in
tests/browser/assets/axe-core, no CDN) against the WCAG 2.1 A and AA rules; plus the skip link
and the page language."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.test_screenshots import register  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def violations(page) -> list[str]:
    # Evaluated through the browser's devtools protocol: a <script> tag without the response's
    # nonce would (rightly) be refused by the Content-Security-Policy.
    page.evaluate(AXE.read_text() + "\n;0")
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} -- ` +
                v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '));
        }""",
        WCAG_21_AA,
    )
    return [f"{page.url}: {v}" for v in found]


def test_the_main_pages_pass_the_wcag_21_aa_rules_of_axe(page, live_server, log_in, register):  # noqa: F811
    staff, reports, investigation = register
    url = live_server.url
    problems: list[str] = []
    page.goto(f"{url}/inloggen/")
    problems += violations(page)

    log_in(page, staff["triage"])
    for path in ("/werkvoorraad/", f"/meldingen/{reports[1].pk}/", f"/meldingen/{reports[2].pk}/"):
        page.goto(url + path)
        problems += violations(page)

    log_in(page, staff["intake"])
    page.goto(f"{url}/meldingen/nieuw/")
    problems += violations(page)
    page.click("button[value=check]")  # empty: every error next to its field
    page.wait_for_selector("[aria-invalid=true]")
    problems += violations(page)
    page.goto(f"{url}/adviesvragen/nieuw/")
    problems += violations(page)

    log_in(page, staff["approver"])
    for path in (
        "/accorderen/",
        f"/diensten/{investigation.pk}/",
        f"/dossiers/{reports[10].case_id}/",
        "/zoeken/",
        "/overzicht/",
        "/beleid/risico/?source=document",
        "/beleid/formatie/?reports=100",
    ):
        page.goto(url + path)
        problems += violations(page)
    assert problems == []


def test_every_page_has_a_language_and_a_skip_link_that_moves_the_focus(
    page,
    live_server,
    log_in,
    register,  # noqa: F811
):
    staff, _, _ = register
    log_in(page, staff["triage"])
    assert page.get_attribute("html", "lang") == "nl"
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()  # visible when it has the focus
    page.keyboard.press("Enter")
    assert page.url.endswith("#inhoud")
