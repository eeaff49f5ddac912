from __future__ import annotations

import datetime as dt

from meldpunt import clock
from meldpunt.teams.models import Cover


def covered_user_ids(user, *, on: dt.date | None = None) -> list[int]:
    """The colleagues whose worklist `user` covers on `on` (today by default)."""
    on = on or clock.today()
    return list(
        Cover.objects.filter(covering=user, starts_on__lte=on, ends_on__gte=on).values_list(
            "absent_id", flat=True
        )
    )


def caseload(*, viewer, team_id: int | None = None) -> list[dict]:
    """Per professional: open reports, running services and overdue terms, for the files the
    viewer may see."""
    from django.db.models import Count, Q

    from meldpunt.access.models import User
    from meldpunt.process.models import Term
    from meldpunt.process.selectors import reports_for, services_for

    today = clock.today()
    reports = (
        reports_for(viewer)
        .exclude(status__in=["closed", "transferred", "returned"])
        .filter(assigned_to__isnull=False)
        .values("assigned_to")
        .annotate(n=Count("id"))
    )
    services = (
        services_for(viewer)
        .exclude(status="closed")
        .filter(assigned_to__isnull=False)
        .values("assigned_to")
        .annotate(n=Count("id"))
    )
    overdue = (
        Term.objects.open()
        .visible_to(viewer)
        .filter(due_on__lt=today)
        .filter(
            Q(service__isnull=True, report__assigned_to__isnull=False)
            | Q(service__assigned_to__isnull=False)
        )
        .values("report__assigned_to", "service__assigned_to")
        .annotate(n=Count("id"))
    )
    rows: dict[int, dict] = {}

    def row(uid):
        return rows.setdefault(uid, {"user_id": uid, "reports": 0, "services": 0, "overdue": 0})

    for r in reports:
        row(r["assigned_to"])["reports"] = r["n"]
    for s in services:
        row(s["assigned_to"])["services"] = s["n"]
    for o in overdue:
        owner = o["service__assigned_to"] or o["report__assigned_to"]
        row(owner)["overdue"] += o["n"]
    users = User.objects.in_bulk(list(rows))
    result = []
    for uid, data in rows.items():
        user = users.get(uid)
        if user is None or (team_id and user.team_id != team_id):
            continue
        result.append({**data, "user": user})
    return sorted(result, key=lambda r: (-r["overdue"], str(r["user"])))


def covers_on(day: dt.date) -> dict[int, Cover]:
    """Who is covered on `day`, by absent colleague's id."""
    return {
        c.absent_id: c
        for c in Cover.objects.filter(starts_on__lte=day, ends_on__gte=day).select_related(
            "covering"
        )
    }


def current_and_coming_covers(day: dt.date):
    """Cover that has not yet ended, the soonest first."""
    return (
        Cover.objects.filter(ends_on__gte=day)
        .select_related("absent", "covering", "arranged_by")
        .order_by("starts_on", "id")
    )


def assignments_of(report):
    """A report's assignment history, oldest first."""
    from meldpunt.teams.models import Assignment

    return Assignment.objects.filter(report=report).select_related(
        "from_user", "to_user", "to_team", "by", "service"
    )
