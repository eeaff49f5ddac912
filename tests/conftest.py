from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

from meldpunt.access.roles import Role
from meldpunt.reference.models import Municipality, ReporterType
from meldpunt.reference.services import load_reference
from tests.factories import UserFactory

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


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
def rotterdam(reference):
    return Municipality.objects.get(cbs_code="GM0599")


@pytest.fixture
def schiedam(reference):
    return Municipality.objects.get(cbs_code="GM0606")


@pytest.fixture
def police(reference):
    return ReporterType.objects.get(code="politie")
