import pytest

from meldpunt.access.roles import Role


@pytest.fixture
def crisis(make_user):
    return make_user(Role.CRISIS_TEAM)
