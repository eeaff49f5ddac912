import pytest
from rest_framework.test import APIClient

from meldpunt.access.roles import Role
from meldpunt.api.clients import issue_token


@pytest.fixture
def api(db):
    """An API client; `api.as_user(user)` logs in through the session like the web app."""
    client = APIClient()

    def as_user(user):
        client.force_login(user)
        client.user = user
        return client

    client.as_user = as_user
    return client


@pytest.fixture
def system_client(db):
    """A system client with its token (role `system`: the police intake)."""
    client = APIClient()
    user, key, _ = issue_token(name="politie-intake")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    client.user = user
    assert user.roles == {Role.SYSTEM}
    return client
