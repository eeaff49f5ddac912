from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render

from meldpunt import clock
from meldpunt.access.models import User
from meldpunt.access.roles import Right
from meldpunt.acute import selectors as acute_selectors
from meldpunt.process import selectors
from meldpunt.process.models import TermKind
from meldpunt.reference.models import Municipality, WorkArea
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
    """The figures at the top: waiting for triage, overdue, due this week (until Sunday)."""
    week_end = today + dt.timedelta(days=6 - today.weekday())
    return selectors.open_terms_for(user).aggregate(
        triage=Count("id", filter=Q(kind=TermKind.TRIAGE)),
        overdue=Count("id", filter=Q(due_on__lt=today)),
        this_week=Count("id", filter=Q(due_on__gte=today, due_on__lte=week_end)),
    )


@login_required
def worklist(request):
    require(request.user, Right.VIEW_CASES)
    today = clock.today()
    params = request.GET
    assignee = request.user.pk if params.get("assignee") == "me" else _int(params.get("assignee"))
    kind = params.get("kind") if params.get("kind") in TermKind.values else None
    status = params.get("status") if params.get("status") in ReportStatus.values else None
    terms = selectors.worklist(
        user=request.user,
        area=_int(params.get("area")),
        municipality=_int(params.get("municipality")),
        assignee=assignee,
        status=status,
        kinds=[kind] if kind else None,
    )
    page = Paginator(terms, 50).get_page(params.get("pagina"))
    items = selectors.with_days_left(page.object_list, today=today)
    query = params.copy()
    query.pop("pagina", None)
    results = {
        "items": items,
        "page": page,
        "query": query.urlencode(),
        "awaiting_information": set(
            acute_selectors.reports_awaiting_information(user=request.user)
            .filter(pk__in=[i.term.report_id for i in items])
            .values_list("pk", flat=True)
        ),
        # Whose work this assignee covers today: their rows are marked on the worklist.
        "covered": set(covered_user_ids(assignee, on=today)) if assignee else set(),
    }
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        # htmx asked for the filtered rows only (filters changed, next page).
        return render(request, "web/_worklist_results.html", results)
    return render(
        request,
        "web/worklist.html",
        {
            **results,
            "counts": _counts(request.user, today),
            "areas": WorkArea.objects.all(),
            "municipalities": Municipality.objects.filter(served=True),
            "statuses": ReportStatus.choices,
            "kinds": TermKind.choices,
            "assignees": User.objects.filter(is_active=True, role_grants__isnull=False)
            .distinct()
            .order_by("first_name"),
            "selected": params,
            "clocks": acute_selectors.acute_clocks(user=request.user),
            "plan_due": len(plan_selectors.entries_due(user=request.user, today=today)),
        },
    )
