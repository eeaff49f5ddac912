from __future__ import annotations

from django.db import transaction

from meldpunt.access.models import RoleGrant, Team, User
from meldpunt.access.roles import ROLE_LABELS, Role

DEMO_PASSWORD = "veilig-thuis-demo"


@transaction.atomic
def grant_roles(user: User, roles) -> User:
    for role in roles:
        RoleGrant.objects.get_or_create(user=user, role=Role(role))
    user._roles_cache = None
    return user


@transaction.atomic
def ensure_demo_users() -> list[tuple[str, str, str]]:
    """One user per role, plus a second approver so the four-eyes path can be walked."""
    from meldpunt.reference.models import WorkArea

    area = WorkArea.objects.order_by("name").first()
    team, _ = Team.objects.get_or_create(name="Team Demo", defaults={"work_area": area})
    out = []
    for role in Role:
        username = f"demo-{role.value.replace('_', '-')}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": ROLE_LABELS[role], "last_name": "(demo)", "team": team},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        grant_roles(user, [role])
        out.append((username, DEMO_PASSWORD, ROLE_LABELS[role]))
    return out
