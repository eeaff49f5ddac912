"""Emergency access (break the glass): the crisis team opens a file outside its normal rights,
outside office hours, with a stated reason and for a limited time; the privacy officer reviews
every one the next working day (access/emergency.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from meldpunt.access import emergency
from meldpunt.access.models import EmergencyAccess
from meldpunt.access.roles import Right
from meldpunt.errors import DomainError
from meldpunt.web.access_forms import BreakGlassForm, ReviewForm
from meldpunt.web.views.common import record_view, require

_FIELDS = {"case": "case_number", "reason": "reason"}


@login_required
def break_glass(request):
    """The form (the number filled in when the crisis-team member came from a file or report
    the application did not show: ?dossier=<id>, ?melding=<id>), and the member's running
    emergency accesses."""
    require(request.user, Right.BREAK_GLASS)
    initial = {}
    for name, prefix in (("dossier", "D"), ("melding", "M")):
        if (wanted := request.GET.get(name, "")).isdigit():
            initial["case_number"] = f"{prefix}-{int(wanted):07d}"
    form = BreakGlassForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        kind, number = form.cleaned_data["case_number"]
        try:
            access = emergency.break_glass(
                by=request.user,
                case_id=number if kind == "D" else emergency.case_of_report(number),
                reason=form.cleaned_data["reason"],
            )
        except DomainError as err:
            form.add_error(_FIELDS.get(err.field or ""), err.message)
        else:
            until = timezone.localtime(access.expires_at)
            messages.success(
                request, f"U heeft noodtoegang tot {access.case.number} tot {until:%d-%m-%Y %H:%M}."
            )
            return redirect("web:case_detail", case_id=access.case_id)
    running = list(emergency.active(request.user))
    record_view(request, "emergency.form_viewed", None, cases=[a.case_id for a in running])
    return render(
        request,
        "web/emergency/break_glass.html",
        {
            "form": form,
            "running": running,
            "refusal": emergency.office_hours_refusal(timezone.now()),
        },
        status=400 if form.errors else 200,
    )


def _review_page(request, *, posted: EmergencyAccess | None = None, form=None, status=200):
    accesses = list(emergency.to_review(by=request.user))
    if posted is not None and posted.pk not in {a.pk for a in accesses}:
        for error in form.non_field_errors():  # e.g. reviewed by a colleague meanwhile
            messages.error(request, error)
    for access in accesses:
        access.form = (
            form
            if posted is not None and access.pk == posted.pk
            else ReviewForm(prefix=f"toegang-{access.pk}")
        )
    record_view(
        request,
        "emergency.review_listed",
        None,
        cases=[a.case_id for a in accesses],
        access_ids=[a.pk for a in accesses],
    )
    return render(
        request,
        "web/emergency/review.html",
        {"accesses": accesses, "today": timezone.localdate()},
        status=status,
    )


@login_required
def review_list(request):
    """Every emergency access not yet reviewed, the most urgent first (due the working day after
    it was taken)."""
    require(request.user, Right.REVIEW_EMERGENCY_ACCESS)
    return _review_page(request)


@require_POST
@login_required
def review_decide(request, access_id: int):
    require(request.user, Right.REVIEW_EMERGENCY_ACCESS)
    access = get_object_or_404(EmergencyAccess.objects.select_related("user"), pk=access_id)
    form = ReviewForm(request.POST, prefix=f"toegang-{access.pk}")
    if form.is_valid():
        try:
            emergency.review(by=request.user, access=access, **form.cleaned_data)
        except DomainError as err:  # NotAllowed too: one's own emergency access
            form.add_error("note" if err.field == "note" else None, err.message)
        else:
            messages.success(request, f"De noodtoegang tot {access.case.number} is gecontroleerd.")
            return redirect("web:emergency_review")
    return _review_page(request, posted=access, form=form, status=400)
