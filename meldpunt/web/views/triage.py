"""The safety assessment (triage): start it, propose a decision, and the second professional's
screen to approve or send back (four-eyes)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from meldpunt.access.roles import Right
from meldpunt.process import selectors, services
from meldpunt.web.forms import AssessmentForm, VersionForm
from meldpunt.web.views.common import require
from meldpunt.web.views.reports import _act, _context, _report


@require_POST
@login_required
def start_assessment(request, report_id: int):
    report = _report(request, report_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return redirect("web:report_detail", report.pk)
    return _act(
        request,
        report,
        services.start_assessment,
        form=form,
        form_name="review_form",
        success="De veiligheidsbeoordeling is gestart.",
    )


@require_POST
@login_required
def propose_decision(request, report_id: int):
    report = _report(request, report_id)
    require(request.user, Right.ASSESS_SAFETY)
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "web/report_detail.html",
            _context(request, report, assessment_form=form),
            status=400,
        )
    data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
    return _act(
        request,
        report,
        services.propose_triage_decision,
        form=form,
        form_name="assessment_form",
        success="Het triagebesluit ligt ter accordering bij een tweede professional.",
        **data,
    )


@require_POST
@login_required
def approve_decision(request, report_id: int):
    report = _report(request, report_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return redirect("web:report_detail", report.pk)
    return _act(
        request,
        report,
        services.approve_triage_decision,
        form=form,
        form_name="review_form",
        note=form.cleaned_data["note"],
        success="Het triagebesluit is geaccordeerd en gaat in.",
    )


@require_POST
@login_required
def reject_decision(request, report_id: int):
    report = _report(request, report_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return redirect("web:report_detail", report.pk)
    return _act(
        request,
        report,
        services.reject_triage_decision,
        form=form,
        form_name="review_form",
        reason=form.cleaned_data["note"],
        success="Het triagebesluit is teruggestuurd naar de triagist.",
    )


@login_required
def approvals(request):
    """The approver's own screen: decisions and service closes waiting for a second professional."""
    require(request.user, Right.APPROVE)
    return render(
        request,
        "web/approvals.html",
        {
            "pending": selectors.pending_approvals(user=request.user),
            "closes": selectors.pending_service_closes(user=request.user),
        },
    )
