"""A report and the safety assessment: start, propose, approve (four-eyes), inform, close."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from meldpunt.access.roles import Right
from meldpunt.errors import ConcurrentChange, DomainError
from meldpunt.process import selectors, services
from meldpunt.process.models import DecisionStatus
from meldpunt.radar import selectors as radar
from meldpunt.web.forms import AssessmentForm, HandoverForm, InformForm, VersionForm
from meldpunt.web.views.common import STALE_MESSAGE, record_view, stale


def _report(request, report_id):
    return get_object_or_404(
        selectors.reports_for(request.user).select_related(
            "case",
            "municipality",
            "district",
            "work_area",
            "assigned_to",
            "reporter",
            "reporter__reporter_type",
        ),
        pk=report_id,
    )


def _context(request, report, **extra):
    user = request.user
    involvements = report.involvements.select_related("person")
    reporter = getattr(report, "reporter", None)
    return {
        "report": report,
        "involvements": involvements,
        "reporter": reporter,
        "show_reporter_identity": reporter is not None
        and (not reporter.anonymous or user.can(Right.VIEW_ANONYMOUS_REPORTER)),
        "assessment": getattr(report, "safety_assessment", None),
        "decisions": report.triage_decisions.select_related("proposed_by", "approved_by").order_by(
            "proposed_at"
        ),
        "pending": report.triage_decisions.filter(status=DecisionStatus.PROPOSED).first(),
        "terms": selectors.with_days_left(
            report.terms.filter(met_on__isnull=True).order_by("due_on")
        ),
        "services": report.services.all().order_by("started_on"),
        "transitions": report.transitions.select_related("by").order_by("at", "id"),
        "can_assess": user.can(Right.ASSESS_SAFETY),
        "can_approve": user.can(Right.APPROVE),
        "can_extend": user.can(Right.EXTEND_TERM),
        "can_inform": user.can(Right.INFORM),
        "can_hand_over": user.can(Right.WORK_SERVICE) or user.can(Right.ASSESS_SAFETY),
        "assessment_form": extra.pop("assessment_form", None)
        or AssessmentForm(initial={"version": report.version}),
        "review_form": extra.pop("review_form", None)
        or VersionForm(initial={"version": report.version}),
        "inform_form": extra.pop("inform_form", None) or InformForm(),
        "handover_form": extra.pop("handover_form", None) or HandoverForm(),
        "linkage": radar.linkage_view(report),
        **extra,
    }


@login_required
def report_detail(request, report_id: int):
    report = _report(request, report_id)
    record_view(
        request,
        "report.viewed",
        report,
        person_ids=list(report.involvements.values_list("person_id", flat=True)),
    )
    return render(request, "web/report_detail.html", _context(request, report))


def _act(request, report, action, *, success: str, form=None, form_name=None, **kwargs):
    """Run a service for a report; domain errors land on the form, a stale page is refused."""
    try:
        if form is not None and stale(report, form.cleaned_data.get("version")):
            raise ConcurrentChange(STALE_MESSAGE)
        action(report=report, by=request.user, **kwargs)
    except DomainError as err:
        if form is not None:
            form.add_error(None, err.message)
            response = render(
                request,
                "web/report_detail.html",
                _context(request, report, **{form_name: form}),
                status=400,
            )
            return response
        messages.error(request, err.message)
    else:
        messages.success(request, success)
    return redirect("web:report_detail", report.pk)


@require_POST
@login_required
def inform(request, report_id: int):
    report = _report(request, report_id)
    form = InformForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "web/report_detail.html",
            _context(request, report, inform_form=form),
            status=400,
        )
    return _act(
        request,
        report,
        services.inform,
        form=form,
        form_name="inform_form",
        success="Vastgelegd.",
        **form.cleaned_data,
    )


@require_POST
@login_required
def hand_over(request, report_id: int):
    report = _report(request, report_id)
    form = HandoverForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "web/report_detail.html",
            _context(request, report, handover_form=form),
            status=400,
        )
    return _act(
        request,
        report,
        services.record_handover,
        form=form,
        form_name="handover_form",
        success="De overdracht is vastgelegd.",
        **form.cleaned_data,
    )


@require_POST
@login_required
def close_report(request, report_id: int):
    report = _report(request, report_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return redirect("web:report_detail", report.pk)
    return _act(
        request,
        report,
        services.close_report,
        form=form,
        form_name="review_form",
        success="De melding is afgesloten.",
    )
