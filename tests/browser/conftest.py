"""Browser tests: Debian's Chromium driven by Playwright against the live test server."""

from __future__ import annotations

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "Veilig-Thuis-2026!"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Debian's chromium is missing: run `make chromium` (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Generous: on a shared 2-core machine a policy page with charts took over 15 s to load
    # while other work ran; a page that hangs still fails within a minute.
    page.set_default_timeout(60000)
    yield page
    context.close()


def totp_code(user) -> str:
    """The code the user's authenticator app shows now (the device is made when missing, as
    `meldpunt demo-users` does)."""
    from meldpunt.access import twofactor

    return twofactor.current_code(twofactor.enrol(user))


@pytest.fixture
def log_in(live_server):
    """Log in as a person does: user name and password, then the code from the authenticator
    app for every role that sees personal data."""

    def _log_in(page, user):
        from meldpunt.access import twofactor

        page.context.clear_cookies()
        page.goto(f"{live_server.url}/inloggen/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        if twofactor.required_for(user):
            page.wait_for_url(f"{live_server.url}/inloggen/code/")
            page.fill("#id_code", totp_code(user))
            page.click("button[type=submit]")
        # Home sends each role to where its work is (worklist, year plan, overview, ...).
        page.wait_for_url(lambda url: "/inloggen/" not in url)
        page.wait_for_load_state()
        return page

    return _log_in


@pytest.fixture
def person_with_password(make_user):
    def _make(*roles, **kwargs):
        user = make_user(*roles, **kwargs)
        user.set_password(PASSWORD)
        user.save()
        return user

    return _make
