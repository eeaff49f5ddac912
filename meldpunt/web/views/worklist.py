from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import render
from django.urls import reverse

from meldpunt import clock
from meldpunt.access.models import RoleGrant, User
from meldpunt.access.roles import Right
from meldpunt.acute import selectors as acute_selectors
from meldpunt.process import selectors
from meldpunt.process.models import TermKind
from meldpunt.reference import cache as reference_cache
from meldpunt.registry.models import ReportStatus
from meldpunt.teams.selectors import covered_user_ids
from meldpunt.web.views.common import require
from meldpunt.yearplan import selectors as plan_selectors


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _counts(user, today: dt.date) -> dict[str, int]:
    """The figures at the top: waiting for triage, overdue, due this week (until Sunday); and
    all open work, which is the unfiltered list's length (one index scan for all four)."""
    week_end = today + dt.timedelta(days=6 - today.weekday())
    return selectors.open_terms_for(user).aggregate(
        triage=Count("id", filter=Q(kind=TermKind.TRIAGE)),
        overdue=Count("id", filter=Q(due_on__lt=today)),
        this_week=Count("id", filter=Q(due_on__gte=today, due_on__lte=week_end)),
        total=Count("id"),
    )


def _assignees():
    """The people work can be assigned to (the filter's options): active, with a role."""
    grants = RoleGrant.objects.filter(user=OuterRef("pk"))
    return (
        User.objects.filter(Exists(grants), is_active=True)
        .only("id", "username", "first_name", "last_name")
        .order_by("first_name", "id")
    )


@login_required
def worklist(request):
    require(request.user, Right.VIEW_CASES)
    today = clock.today()
    params = request.GET
    assignee = request.user.pk if params.get("assignee") == "me" else _int(params.get("assignee"))
    kind = params.get("kind") if params.get("kind") in TermKind.values else None
    status = params.get("status") if params.get("status") in ReportStatus.values else None
    filters = {
        "area": _int(params.get("area")),
        "municipality": _int(params.get("municipality")),
        "assignee": assignee,
        "status": status,
        "kinds": [kind] if kind else None,
    }
    terms = selectors.worklist(user=request.user, **filters)
    paginator = Paginator(terms, 50)
    full_page = not request.headers.get("HX-Request") or request.headers.get(
        "HX-History-Restore-Request"
    )
    counts = _counts(request.user, today) if full_page else None
    if counts is not None and not any(filters.values()):
        paginator.count = counts["total"]  # the same open terms: no second count
    page = paginator.get_page(params.get("pagina"))
    # The assignee filter's people are most of the owners on the page: fetched once for both.
    assignees = list(_assignees()) if full_page else []
    items = selectors.work_items(page.object_list, today=today, people={u.pk: u for u in assignees})
    query = params.copy()
    query.pop("pagina", None)
    awaiting = acute_selectors.awaiting_information_among({i.term.report_id for i in items})
    # Whose work this assignee covers today: their rows are marked on the worklist.
    covered = set(covered_user_ids(assignee, on=today)) if assignee else set()
    results = {
        "rows": _rows(items, awaiting=awaiting, covered=covered),
        "page": page,
        "query": query.urlencode(),
    }
    if not full_page:
        # htmx asked for the filtered rows only (filters changed, next page).
        return render(request, "web/_worklist_results.html", results)
    selected = {key: params.get(key, "") for key in FILTERS}
    return render(
        request,
        "web/worklist.html",
        {
            **results,
            "counts": counts,
            "options": {
                "area": _options(
                    ((a.pk, a.name) for a in reference_cache.work_areas()), selected["area"]
                ),
                "municipality": _options(
                    ((m.pk, m.name) for m in reference_cache.served_municipalities()),
                    selected["municipality"],
                ),
                "status": _options(ReportStatus.choices, selected["status"]),
                "kind": _options(TermKind.choices, selected["kind"]),
                "assignee": _options(((u.pk, str(u)) for u in assignees), selected["assignee"]),
            },
            "mine": selected["assignee"] == "me",
            "clocks": acute_selectors.acute_clocks(user=request.user),
            "plan_due": len(plan_selectors.entries_due(user=request.user, today=today)),
        },
    )


FILTERS = ("area", "municipality", "status", "kind", "assignee")


def _options(choices, chosen: str) -> list[tuple[str, str, bool]]:
    """A filter's options as (value, label, chosen), ready to print; see `_rows`."""
    return [(str(value), label, str(value) == chosen) for value, label in choices]


def _rows(items, *, awaiting: set[int], covered: set[int]) -> list[dict]:
    """The rows of the table as plain values: the template prints them without looking
    anything up (a page of 50 rows rendered through model lookups, filters and `{% url %}` per
    cell cost more than all the worklist's queries together; bench/bench_pages.py)."""
    rows = []
    for item in items:
        term, report, owner = item.term, item.term.report, item.owner
        late = -item.days_left
        rows.append(
            {
                "css": "overdue" if item.overdue else "warning" if item.warning else "",
                "due": f"{term.due_on:%d-%m-%Y}",
                "original": f"{term.original_due_on:%d-%m-%Y}" if term.is_extended else "",
                "late": late if item.overdue else None,
                "late_unit": "werkdag" if late == 1 else "werkdagen",
                "left": item.days_left,
                "left_unit": "werkdag" if item.days_left == 1 else "werkdagen",
                "kind": term.get_kind_display(),
                "url": reverse("web:service_detail", args=[term.service_id])
                if term.service_id
                else reverse("web:report_detail", args=[term.report_id]),
                "number": report.number,
                "awaiting": term.report_id in awaiting,
                "status": report.get_status_display(),
                "municipality": report.municipality.name,
                "owner": str(owner) if owner else "—",
                "covered": owner is not None and owner.pk in covered,
            }
        )
    return rows
