"""System clients of the API (the police intake, a municipality's system): a user with the
non-interactive role `system`, no password, and one token."""

from __future__ import annotations

from django.db import transaction
from rest_framework.authtoken.models import Token

from meldpunt.access import audit
from meldpunt.access.models import User
from meldpunt.access.roles import ROLES, Role
from meldpunt.access.services import grant_roles
from meldpunt.errors import DomainError


@transaction.atomic
def system_client(name: str) -> User:
    """The system client called `name`, created (role `system`, no password) when missing."""
    name = name.strip()
    if not name:
        raise DomainError("Geef de koppeling een naam.", field="name")
    client, created = User.objects.get_or_create(
        username=name, defaults={"first_name": "Systeemkoppeling", "last_name": name}
    )
    if created:
        client.set_unusable_password()
        client.save(update_fields=["password"])
        grant_roles(client, [Role.SYSTEM])
    elif any(ROLES[role].interactive for role in client.roles):
        raise DomainError(
            f"'{name}' is een gebruiker met een interactieve rol; kies een andere naam.",
            field="name",
        )
    return client


@transaction.atomic
def issue_token(*, name: str, rotate: bool = False) -> tuple[User, str, bool]:
    """The client's token, created when missing; `rotate` replaces it (the old one stops
    working at once). Returns (client, key, new)."""
    client = system_client(name)
    if rotate:
        Token.objects.filter(user=client).delete()
    token, new = Token.objects.get_or_create(user=client)
    if new:
        audit.record("api_client.token_issued", actor=None, subject=client)
    return client, token.key, new
