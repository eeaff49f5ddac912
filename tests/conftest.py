from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from meldpunt.access.roles import Role
from meldpunt.reference.models import Municipality, ReporterType
from meldpunt.reference.services import load_reference
from tests.factories import UserFactory

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")

# For the whole test session, before any live server loads its middleware: the test client and
# the live test server speak plain HTTP (production redirects to HTTPS and sends HTTPS-only
# cookies: `tests/access/test_deploy_settings.py`), and tests move the clock over days with one
# logged-in client (the 30-minute idle expiry has its own test in `tests/web/test_login.py`).
settings.SECURE_SSL_REDIRECT = False
settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
settings.SECURE_HSTS_SECONDS = 0
settings.SESSION_COOKIE_AGE = 400 * 24 * 3600


@pytest.fixture(autouse=True)
def force_login_with_second_factor(monkeypatch):
    """`client.force_login(user)` stands for a full login: password and, where the role needs
    one, the second factor (a confirmed TOTP device stored in the session, as the login view
    does). Two-factor enforcement stays on in every test; `tests/web/test_login.py` walks the
    real login."""
    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY

        from meldpunt.access import twofactor

        if twofactor.required_for(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = twofactor.enrol(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def fresh_reference_cache():
    """Each test starts without the per-process copy of the reference data: a rolled-back test
    sends no signal, so its municipalities or holidays must not reach the next test."""
    from meldpunt.reference import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reference(db):
    load_reference()


@pytest.fixture
def clock():
    """Move the one clock: `clock.at(2026, 3, 2, 9)` sets Amsterdam local time."""

    class _Clock:
        def __init__(self):
            self._traveller = None

        def at(self, *args) -> dt.datetime:
            moment = (
                dt.datetime(*args, tzinfo=AMS)
                if len(args) > 3
                else dt.datetime(*args, 9, tzinfo=AMS)
            )
            if self._traveller is not None:
                self._traveller.stop()
            self._traveller = time_machine.travel(moment, tick=False)
            self._traveller.start()
            return moment

        def stop(self):
            if self._traveller is not None:
                self._traveller.stop()

    c = _Clock()
    yield c
    c.stop()


@pytest.fixture
def make_user(db):
    def _make(*roles: Role, **kwargs):
        return UserFactory(roles=list(roles), **kwargs)

    return _make


@pytest.fixture
def intake(make_user):
    return make_user(Role.INTAKE)


@pytest.fixture
def triage(make_user):
    return make_user(Role.TRIAGE)


@pytest.fixture
def approver(make_user):
    return make_user(Role.APPROVER)


@pytest.fixture
def case_worker(make_user):
    return make_user(Role.CASE_WORKER)


@pytest.fixture
def crisis(make_user):
    return make_user(Role.CRISIS_TEAM)


@pytest.fixture
def shielded_report(intake, make_user, reference):
    """A registered report whose file is shielded, named only for a team lead."""
    from tests.process import flow

    report = flow.register(intake)
    case = report.case
    case.shielded = True
    case.save(update_fields=["shielded"])
    case.shielded_for.add(make_user(Role.TEAM_LEAD))
    return report


@pytest.fixture
def rotterdam(reference):
    return Municipality.objects.get(cbs_code="GM0599")


@pytest.fixture
def schiedam(reference):
    return Municipality.objects.get(cbs_code="GM0606")


@pytest.fixture
def police(reference):
    return ReporterType.objects.get(code="politie")
