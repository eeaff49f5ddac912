"""The year plan for the owners of its indicators (/jaarplan/): what is due, with a warning
before the reporting date, and the page to enter a value or a progress text (a correction keeps
the earlier value in the history)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from meldpunt import clock
from meldpunt.access.roles import Right
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.web.quality_forms import PlanEntryForm
from meldpunt.yearplan import norms, periods, selectors, services
from meldpunt.yearplan.models import PlanKpi

WARN_DAYS = 5


def _may_see(user) -> None:
    if not (selectors.owns_indicators(user, cached=False) or user.can(Right.MANAGE_SETTINGS)):
        raise PermissionDenied("U bent geen eigenaar van indicatoren van het jaarplan.")


@login_required
def plan_worklist(request):
    """The owner's worklist: entered indicators due (overdue in red, a warning from five days
    before the reporting date), and every indicator the user owns with its latest value."""
    _may_see(request.user)
    today = clock.today()
    due = selectors.entries_due(user=request.user, today=today, warn_days=WARN_DAYS)
    items = [
        {
            "due": d,
            "days_left": (d.due_on - today).days,
            "warning": not d.overdue and (d.due_on - today).days <= WARN_DAYS,
        }
        for d in due
    ]
    return render(
        request,
        "web/yearplan/worklist.html",
        {
            "items": items,
            "owned": selectors.owned_indicators(user=request.user, year=today.year),
            "today": today,
        },
    )


@login_required
def plan_entry(request, kpi_id: int, period: str):
    """Enter or correct the value of one indicator for one period."""
    _may_see(request.user)
    kpi = get_object_or_404(PlanKpi.objects.select_related("plan", "part"), pk=kpi_id)
    if kpi.is_computed:
        raise Http404("Deze indicator wordt berekend.")
    try:
        start, end = periods.bounds(period)
    except ValueError as err:
        raise Http404(str(err)) from err
    current = selectors.current_entry(kpi, period)
    initial: dict = {}
    if current is not None:
        initial.update(
            number=current.number,
            yes_no={True: "1", False: "0"}.get(current.yes_no, ""),
            text=current.text,
            judged_on_track={True: "1", False: "0"}.get(current.judged_on_track, ""),
        )
    form = PlanEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enter_value(
                kpi=kpi,
                by=request.user,
                period=period,
                number=data["number"],
                yes_no=data["yes_no"],
                text=data["text"],
                judged_on_track=data["judged_on_track"],
            )
        except NotAllowed as err:
            raise PermissionDenied(err.message) from err
        except DomainError as err:
            form.add_error(err.field if err.field in form.fields else None, err.message)
        else:
            messages.success(request, f"De waarde voor {period} is opgeslagen.")
            return redirect("web:yearplan")
    kind = norms.NormKind(kpi.norm_kind)
    return render(
        request,
        "web/yearplan/entry.html",
        {
            "kpi": kpi,
            "period": period,
            "start": start,
            "end": end,
            "form": form,
            "asks_number": kind not in (norms.NormKind.YES_NO, norms.NormKind.TEXT),
            "asks_yes_no": kind is norms.NormKind.YES_NO,
            "asks_judgement": kind is norms.NormKind.TEXT,
            "history": kpi.entries.filter(period=period).select_related("entered_by"),
            "current": current,
        },
        status=400 if form.errors else 200,
    )
