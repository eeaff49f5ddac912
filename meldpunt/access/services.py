from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from meldpunt.access import audit
from meldpunt.access.models import AccessSettings, RoleGrant, Team, User
from meldpunt.access.roles import (
    ROLE_LABELS,
    ROLES,
    Qualification,
    Right,
    Role,
    needs_two_factor,
)
from meldpunt.errors import DomainError, NotAllowed

DEMO_PASSWORD = "Veilig-Thuis-demo-1"


@transaction.atomic
def grant_roles(user: User, roles) -> User:
    for role in roles:
        RoleGrant.objects.get_or_create(user=user, role=Role(role))
    user._roles_cache = None
    return user


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    label: str
    totp_secret: str  # empty for a role that logs in without a second factor


@transaction.atomic
def ensure_demo_users() -> list[DemoUser]:
    """One user per role, each with an authenticator (TOTP) device when the role needs a second
    factor; the secret goes into an authenticator app (demo only)."""
    from meldpunt.access import twofactor
    from meldpunt.reference.models import WorkArea

    area = WorkArea.objects.order_by("name").first()
    team, _ = Team.objects.get_or_create(name="Team Demo", defaults={"work_area": area})
    out = []
    for role in Role:
        username = f"demo-{role.value.replace('_', '-')}"
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"first_name": ROLE_LABELS[role], "last_name": "(demo)", "team": team},
        )
        user.set_password(DEMO_PASSWORD)  # demo only: the printed password always works
        user.save()
        grant_roles(user, [role])
        logs_in = ROLES[role].interactive and needs_two_factor([role])
        secret = twofactor.secret(twofactor.enrol(user)) if logs_in else ""
        out.append(DemoUser(username, DEMO_PASSWORD, ROLE_LABELS[role], secret))
    return out


def _require(by, right: Right, what: str) -> None:
    if not by.can(right):
        raise NotAllowed(f"U heeft geen recht om {what}.")


@transaction.atomic
def set_roles(*, by, user: User, roles, qualification: str | None = None) -> User:
    """The functional administrator gives a user exactly these roles (and discipline)."""
    _require(by, Right.MANAGE_USERS, "gebruikers en rollen te beheren")
    wanted = {Role(r) for r in roles}
    if qualification is not None:
        if qualification not in {q.value for q in Qualification}:
            raise DomainError(f"Onbekende discipline '{qualification}'.", field="qualification")
        User.objects.filter(pk=user.pk).update(qualification=qualification)
        user.qualification = qualification
    RoleGrant.objects.filter(user=user).exclude(role__in=wanted).delete()
    for role in wanted:
        RoleGrant.objects.get_or_create(user=user, role=role)
    user._roles_cache = None
    audit.record(
        "user.roles_set",
        actor=by,
        subject=user,
        roles=sorted(wanted),
        qualification=user.qualification,
    )
    return user


@transaction.atomic
def update_access_settings(*, by, **values) -> AccessSettings:
    """Change the privacy settings (approver policy, retention, emergency access)."""
    _require(by, Right.MANAGE_SETTINGS, "de privacy-instellingen te wijzigen")
    row = AccessSettings.objects.order_by("pk").first() or AccessSettings()
    for name, value in values.items():
        if name not in SETTABLE:
            raise DomainError(f"Onbekende instelling '{name}'.")
        setattr(row, name, value)
    try:
        row.full_clean()
    except ValidationError as err:
        raise DomainError(" ".join(err.messages)) from err
    row.save()
    audit.record("settings.access_changed", actor=by, subject=row, changed=sorted(values))
    return row


SETTABLE = frozenset(
    {
        "approver_policy",
        "retention_years",
        "retention_years_no_violence",
        "emergency_access_hours",
    }
)
