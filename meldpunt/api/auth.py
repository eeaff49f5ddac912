"""Who calls the API: professionals through their web session, other systems with a token.

A token belongs to a system client: a user with only non-interactive roles (`Role.SYSTEM`, see
`access/roles.py`), created with `meldpunt api-client NAME`. A token of a professional is
refused, so a token can never bypass the web login with its second factor. What a caller may do
is the same `Right` the web pages check (`HasRight`).
"""

from __future__ import annotations

from rest_framework import authentication, exceptions, permissions

from meldpunt.access.roles import RIGHT_LABELS, ROLES, Right


class SystemTokenAuthentication(authentication.TokenAuthentication):
    """`Authorization: Token <key>` for system clients only."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        roles = user.roles
        if not roles or any(ROLES[role].interactive for role in roles):
            raise exceptions.AuthenticationFailed(
                "Dit token hoort niet bij een systeemkoppeling; professionals melden zich aan "
                "via het inlogscherm."
            )
        return user, token


class HasRight(permissions.BasePermission):
    """The endpoint's right (`ApiView.right`, or per method `ApiView.rights`), as on the web."""

    message = "U heeft geen recht op dit eindpunt."

    def has_permission(self, request, view) -> bool:
        right: Right | None = getattr(view, "rights", {}).get(request.method) or getattr(
            view, "right", None
        )
        if right is None:
            return True
        if request.user.can(right):
            return True
        self.message = f"U heeft hier geen recht op (nodig: {RIGHT_LABELS[right].lower()})."
        return False
