"""Voorwaarden & Vervolg, Onderzoek and Monitoring: hand-over, closing with four-eyes,
evaluations with safety scores, extending a term."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from meldpunt.access.roles import Right
from meldpunt.casefile import selectors as casefile_selectors
from meldpunt.casefile import services as casefile_services
from meldpunt.errors import ConcurrentChange, DomainError
from meldpunt.process import selectors, services
from meldpunt.process.models import ServiceKind
from meldpunt.web.casefile_forms import ConditionScoresForm, SafetyConditionForm
from meldpunt.web.forms import (
    CloseServiceForm,
    EvaluationForm,
    ExtendForm,
    HandoverForm,
    VersionForm,
)
from meldpunt.web.quality_forms import InviteForm
from meldpunt.web.views.common import STALE_MESSAGE, record_view, stale


def _service(request, service_id):
    return get_object_or_404(
        selectors.services_for(request.user).select_related(
            "report", "report__case", "assigned_to"
        ),
        pk=service_id,
    )


def _close_form(service, data=None):
    forms_ = (
        service.report.violence_forms.all() if service.kind == ServiceKind.INVESTIGATION else []
    )
    return CloseServiceForm(data, violence_forms=forms_, initial={"version": service.version})


def _condition_context(service, extra) -> dict:
    """Safety conditions agreed in a V&V or Onderzoek; in monitoring, the conditions of the
    service it follows with a score form per evaluation."""
    if service.kind != ServiceKind.MONITORING:
        return {
            "conditions": casefile_selectors.conditions_for(service),
            "condition_form": extra.pop("condition_form", None) or SafetyConditionForm(),
        }
    conditions = list(casefile_services.conditions_for_monitoring(service))
    failed = extra.pop("scores_form", None)
    evaluations = list(service.evaluations.order_by("moment").prefetch_related("condition_scores"))
    for e in evaluations:
        e.scores_by_condition = {s.condition_id: s.score for s in e.condition_scores.all()}
        e.scored = [(c, e.scores_by_condition.get(c.pk)) for c in conditions]
        if failed is not None and failed[0] == e.pk:
            e.scores_form = failed[1]
        else:
            e.scores_form = ConditionScoresForm(
                conditions=conditions,
                prefix=f"e{e.pk}",
                initial={f"c{k}": v for k, v in e.scores_by_condition.items()},
            )
    return {"monitored_conditions": conditions, "scored_evaluations": evaluations}


def _context(request, service, **extra):
    user = request.user
    return {
        **_condition_context(service, extra),
        "service": service,
        "report": service.report,
        "terms": selectors.with_days_left(
            service.terms.filter(met_on__isnull=True).order_by("due_on")
        ),
        "evaluations": service.evaluations.order_by("moment"),
        "handovers": service.handovers.select_related("destination"),
        "findings": service.findings.select_related("violence_form"),
        "transitions": service.transitions.select_related("by").order_by("at", "id"),
        "can_work": user.can(Right.WORK_SERVICE),
        "can_approve": user.can(Right.APPROVE),
        "can_extend": user.can(Right.EXTEND_TERM),
        "proposer_id": service.transitions.filter(action="propose_close")
        .order_by("-at")
        .values_list("by_id", flat=True)
        .first(),
        "handover_form": extra.pop("handover_form", None) or HandoverForm(),
        "close_form": extra.pop("close_form", None) or _close_form(service),
        "review_form": extra.pop("review_form", None)
        or VersionForm(initial={"version": service.version}),
        "evaluation_form": extra.pop("evaluation_form", None) or EvaluationForm(),
        "extend_form": extra.pop("extend_form", None) or ExtendForm(),
        "invite_form": extra.pop("invite_form", None) or InviteForm(),
        "invitations_sent": service.survey_invitations.count(),
        **extra,
    }


@login_required
def service_detail(request, service_id: int):
    service = _service(request, service_id)
    record_view(request, "service.viewed", service, report_id=service.report_id)
    return render(request, "web/service_detail.html", _context(request, service))


def _act(request, subject, action, *, success, form, form_name, **kwargs):
    try:
        if "version" in form.cleaned_data and stale(subject, form.cleaned_data["version"]):
            raise ConcurrentChange(STALE_MESSAGE)
        action(**kwargs)
    except DomainError as err:
        form.add_error(None, err.message)
        return render(
            request,
            "web/service_detail.html",
            _context(request, subject, **{form_name: form}),
            status=400,
        )
    messages.success(request, success)
    return redirect("web:service_detail", subject.pk)


def _invalid(request, service, form_name, form):
    return render(
        request,
        "web/service_detail.html",
        _context(request, service, **{form_name: form}),
        status=400,
    )


@require_POST
@login_required
def hand_over(request, service_id: int):
    service = _service(request, service_id)
    form = HandoverForm(request.POST)
    if not form.is_valid():
        return _invalid(request, service, "handover_form", form)
    return _act(
        request,
        service,
        services.record_handover,
        form=form,
        form_name="handover_form",
        success="De overdracht is vastgelegd.",
        report=service.report,
        by=request.user,
        service=service,
        **form.cleaned_data,
    )


@require_POST
@login_required
def propose_close(request, service_id: int):
    service = _service(request, service_id)
    form = _close_form(service, request.POST)
    if not form.is_valid():
        return _invalid(request, service, "close_form", form)
    return _act(
        request,
        service,
        services.propose_service_close,
        form=form,
        form_name="close_form",
        success="De afsluiting ligt ter accordering.",
        service=service,
        by=request.user,
        conclusion=form.cleaned_data["conclusion"],
        findings=form.findings() or None,
    )


@require_POST
@login_required
def approve_close(request, service_id: int):
    service = _service(request, service_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, service, "review_form", form)
    return _act(
        request,
        service,
        services.approve_service_close,
        form=form,
        form_name="review_form",
        success="De dienst is afgesloten.",
        service=service,
        by=request.user,
        note=form.cleaned_data["note"],
    )


@require_POST
@login_required
def reject_close(request, service_id: int):
    service = _service(request, service_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, service, "review_form", form)
    return _act(
        request,
        service,
        services.reject_service_close,
        form=form,
        form_name="review_form",
        success="De afsluiting is teruggestuurd.",
        service=service,
        by=request.user,
        reason=form.cleaned_data["note"],
    )


@require_POST
@login_required
def record_evaluation(request, service_id: int, evaluation_id: int):
    service = _service(request, service_id)
    evaluation = get_object_or_404(service.evaluations, pk=evaluation_id)
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        return _invalid(request, service, "evaluation_form", form)
    return _act(
        request,
        service,
        services.record_evaluation,
        form=form,
        form_name="evaluation_form",
        success="De evaluatie is vastgelegd.",
        evaluation=evaluation,
        by=request.user,
        **form.cleaned_data,
    )


@require_POST
@login_required
def extend_term(request, term_id: int):
    term = get_object_or_404(selectors.open_terms_for(request.user), pk=term_id)
    form = ExtendForm(request.POST)
    target = (
        ("web:service_detail", term.service_id)
        if term.service_id
        else ("web:report_detail", term.report_id)
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        seen = data.pop("seen_due_on")
        try:
            if seen is not None and seen != term.due_on:
                raise ConcurrentChange(STALE_MESSAGE)
            services.extend_term(term=term, by=request.user, **data)
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(
                request, "De termijn is verlengd; de oorspronkelijke datum blijft zichtbaar."
            )
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(*target)


@require_POST
@login_required
def agree_condition(request, service_id: int):
    service = _service(request, service_id)
    form = SafetyConditionForm(request.POST)
    if not form.is_valid():
        return _invalid(request, service, "condition_form", form)
    return _act(
        request,
        service,
        casefile_services.agree_safety_condition,
        form=form,
        form_name="condition_form",
        success="De veiligheidsvoorwaarde is vastgelegd.",
        service=service,
        by=request.user,
        **form.cleaned_data,
    )


@require_POST
@login_required
def score_conditions(request, service_id: int, evaluation_id: int):
    service = _service(request, service_id)
    evaluation = get_object_or_404(service.evaluations, pk=evaluation_id)
    form = ConditionScoresForm(
        request.POST,
        conditions=casefile_services.conditions_for_monitoring(service),
        prefix=f"e{evaluation.pk}",
    )
    if form.is_valid():
        try:
            casefile_services.score_conditions(
                evaluation=evaluation, by=request.user, scores=form.scores()
            )
        except DomainError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "De cijfers per veiligheidsvoorwaarde zijn vastgelegd.")
            return redirect("web:service_detail", service.pk)
    return render(
        request,
        "web/service_detail.html",
        _context(request, service, scores_form=(evaluation.pk, form)),
        status=400,
    )
