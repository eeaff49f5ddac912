"""The team: caseload per professional, (re)assignment of a report and cover during absence.
Team leads assign and arrange cover; a professional may take a file himself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.models import Team
from meldpunt.access.roles import Right
from meldpunt.errors import DomainError
from meldpunt.process.selectors import reports_for
from meldpunt.teams import selectors, services
from meldpunt.web import casefile_forms as f
from meldpunt.web.views.common import client_ip, require


def _int(value) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def caseload(request):
    require(request.user, Right.VIEW_CASES)
    team_id = _int(request.GET.get("team"))
    covers = selectors.covers_on(clock.today())
    rows = [
        {**row, "cover": covers.get(row["user"].pk)}
        for row in selectors.caseload(viewer=request.user, team_id=team_id)
    ]
    audit.record(
        "caseload.viewed",
        actor=request.user,
        remote_addr=client_ip(request),
        team_id=team_id,
    )
    context = {
        "rows": rows,
        "teams": Team.objects.all(),
        "team_id": team_id,
    }
    if request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"):
        return render(request, "web/teams/_caseload_rows.html", context)
    return render(request, "web/teams/caseload.html", context)


@login_required
def cover(request):
    require(request.user, Right.VIEW_CASES)
    form = f.CoverForm(request.POST or None)
    if request.method == "POST":
        require(request.user, Right.ASSIGN)
        if form.is_valid():
            try:
                services.arrange_cover(by=request.user, **form.cleaned_data)
            except DomainError as err:
                form.add_error(err.field if err.field in form.fields else None, err.message)
            else:
                messages.success(request, "De vervanging is geregeld.")
                return redirect("web:cover")
    audit.record("cover.viewed", actor=request.user, remote_addr=client_ip(request))
    return render(
        request,
        "web/teams/cover.html",
        {
            "form": form,
            "covers": selectors.current_and_coming_covers(clock.today()),
            "can_arrange": request.user.can(Right.ASSIGN),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def assign(request, report_id: int):
    require(request.user, Right.VIEW_CASES)
    report = get_object_or_404(reports_for(request.user), pk=report_id)
    if request.POST.get("take") == "1":
        data = {"to_user": request.user, "to_team": None, "reason": "Zelf opgepakt"}
    else:
        form = f.AssignForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return redirect("web:report_detail", report.pk)
        data = form.cleaned_data
    try:
        services.assign(report=report, by=request.user, **data)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "De toewijzing is vastgelegd.")
    return redirect("web:report_detail", report.pk)
