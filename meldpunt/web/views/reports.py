"""A report and the safety assessment: start, propose, approve (four-eyes), inform, close."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from meldpunt.access.roles import Right
from meldpunt.errors import ConcurrentChange, DomainError
from meldpunt.process import selectors, services
from meldpunt.process.models import DecisionStatus
from meldpunt.process.states import TRANSITIONS, Action, Machine
from meldpunt.radar import selectors as radar
from meldpunt.registry.models import ReportSource, ReportStatus
from meldpunt.teams.selectors import assignments_of
from meldpunt.web.casefile_forms import AssignForm, ReturnToPoliceForm, TransferForm
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
        "can_route": report.status in (ReportStatus.RECEIVED, ReportStatus.IN_ASSESSMENT)
        and bool(user.roles & TRANSITIONS[(Machine.REPORT, Action.TRANSFER)].roles),
        "is_police_report": report.source == ReportSource.POLICE or bool(report.police_reference),
        "routing": getattr(report, "routing", None),
        "transfer_form": extra.pop("transfer_form", None)
        or TransferForm(initial={"version": report.version}),
        "return_form": extra.pop("return_form", None)
        or ReturnToPoliceForm(initial={"version": report.version}),
        "can_assign": user.can(Right.ASSIGN),
        "assign_form": AssignForm(),
        "assignments": assignments_of(report),
        **extra,
    }


@login_required
def report_detail(request, report_id: int):
    try:
        report = _report(request, report_id)
    except Http404:
        if not request.user.can(Right.BREAK_GLASS):
            raise
        # The same answer for a report that does not exist: only the way to emergency access.
        return render(
            request,
            "web/emergency/not_found.html",
            {"wanted": "melding", "wanted_id": report_id},
            status=404,
        )
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


@require_POST
@login_required
def transfer(request, report_id: int):
    """The family lives in another region: the report goes to that Veilig Thuis."""
    report = _report(request, report_id)
    form = TransferForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "web/report_detail.html",
            _context(request, report, transfer_form=form),
            status=400,
        )
    return _act(
        request,
        report,
        services.transfer_to_region,
        form=form,
        form_name="transfer_form",
        success="De melding is overgedragen aan de andere Veilig Thuis-organisatie.",
        to_organisation=form.cleaned_data["to_organisation"],
        reason=form.cleaned_data["reason"],
    )


@require_POST
@login_required
def return_to_police(request, report_id: int):
    """A police report that is not for Veilig Thuis goes back with a reason."""
    report = _report(request, report_id)
    form = ReturnToPoliceForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "web/report_detail.html",
            _context(request, report, return_form=form),
            status=400,
        )
    return _act(
        request,
        report,
        services.return_to_police,
        form=form,
        form_name="return_form",
        success="De melding is teruggestuurd naar de politie.",
        reason=form.cleaned_data["reason"],
    )
