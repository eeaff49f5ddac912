"""People: the person page (every file they appear on) and the search by name or BSN.

Searches are POSTed, so a name or BSN never ends up in a URL, a proxy log or the history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from meldpunt.access import subject_rights, visibility
from meldpunt.access.roles import Right
from meldpunt.registry import selectors as registry
from meldpunt.web.forms import SearchForm
from meldpunt.web.views.common import record_view, require


@login_required
def person_detail(request, person_id: int):
    require(request.user, Right.VIEW_CASES)
    person = get_object_or_404(
        registry.people_for(request.user).select_related("municipality"), pk=person_id
    )
    involvements = (
        person.involvements.filter(report__in=registry.reports_for(request.user).values("pk"))
        .select_related("report", "report__case", "report__municipality")
        .order_by("-report__received_at")
    )
    record_view(request, "person.viewed", person)
    # A confidential address is shown to the roles that need it, and that read is audited.
    shows_address = bool(visibility.confidential_addresses_shown(request.user, [person]))
    if shows_address:
        record_view(request, visibility.CONFIDENTIAL_ADDRESS_READ, person)
    return render(
        request,
        "web/person_detail.html",
        {
            "person": person,
            "involvements": involvements,
            "shows_address": shows_address,
            "rights": subject_rights.shown_with_the_file(person),
        },
    )


@login_required
def search(request):
    require(request.user, Right.VIEW_CASES)
    results = None
    form = SearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        results = registry.search_people(request.user, **form.cleaned_data)
        record_view(
            request,
            "person.searched",
            None,
            criteria=sorted(k for k, v in form.cleaned_data.items() if v),
            person_ids=[p.pk for p in results],
        )
    return render(request, "web/search.html", {"form": form, "results": results})
