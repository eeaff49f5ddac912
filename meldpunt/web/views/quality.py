"""The satisfaction survey (the public one-time page, the invitation from a closed service, the
partner survey) and the complaints register (complaints officer and management only)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from meldpunt import clock
from meldpunt.access.roles import Right, Role
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.process import selectors as process_selectors
from meldpunt.quality import selectors, services
from meldpunt.quality.models import Complaint, ComplaintStage, SurveyKind
from meldpunt.quality.questions import INTRODUCTION, QUESTIONS
from meldpunt.registry.models import Case, Report
from meldpunt.web.quality_forms import (
    AdvanceComplaintForm,
    ComplaintForm,
    InviteForm,
    PartnerInviteForm,
    SurveyForm,
)
from meldpunt.web.views.common import record_view, require

# -- the public survey ---------------------------------------------------------------------------


def _public(response: HttpResponse) -> HttpResponse:
    """The link is the key: never sent on to another site, never cached, never indexed."""
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def survey(request, token: str):
    """The one-time survey page: no account, no personal data, the same calm message for an
    unknown, used or expired link."""
    try:
        invitation = services.open_invitation(token)
    except DomainError:
        return _public(render(request, "web/quality/survey_closed.html", status=410))
    questions = QUESTIONS[invitation.kind]
    form = SurveyForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(token=token, **form.cleaned_data)
        except DomainError:
            return _public(render(request, "web/quality/survey_closed.html", status=410))
        return _public(render(request, "web/quality/survey_thanks.html"))
    return _public(
        render(
            request,
            "web/quality/survey.html",
            {"form": form, "introduction": INTRODUCTION[invitation.kind]},
        )
    )


# -- inviting ----------------------------------------------------------------------------------


@require_POST
@login_required
def invite_for_service(request, service_id: int):
    """The case worker invites a family member or the reporter after a closed service: by
    e-mail, or as a printed letter with the link and a QR code (a PDF, made once)."""
    service = get_object_or_404(process_selectors.services_for(request.user), pk=service_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation, token = services.invite_for_service(
                service=service,
                by=request.user,
                respondent=data["respondent"],
                channel=data["channel"],
                email=data["email"] or "",
            )
        except (DomainError, NotAllowed) as err:
            form.add_error(None, err.message)
        else:
            if data["channel"] == "letter":
                pdf = services.survey_letter_pdf(token=token, invitation=invitation)
                response = HttpResponse(pdf, content_type="application/pdf")
                response["Content-Disposition"] = (
                    f'attachment; filename="tevredenheid-{invitation.pk}.pdf"'
                )
                return response
            messages.success(request, "De uitnodiging is per e-mail verstuurd.")
            return redirect("web:service_detail", service_id=service.pk)
    from meldpunt.web.views.services import _context

    record_view(request, "service.viewed", service, report_id=service.report_id)
    return render(
        request, "web/service_detail.html", _context(request, service, invite_form=form), status=400
    )


def _this_year() -> tuple[dt.date, dt.date]:
    today = clock.today()
    return dt.date(today.year, 1, 1), today


@login_required
def quality_overview(request):
    """Client and partner satisfaction of this year (or ?jaar=2025) for management, and the
    yearly partner invitations (manager)."""
    require(request.user, Right.VIEW_AGGREGATES)
    start, end = _this_year()
    if (year := request.GET.get("jaar", "")).isdigit() and 2000 <= int(year) <= end.year:
        start, end = dt.date(int(year), 1, 1), min(dt.date(int(year), 12, 31), end)
    form = PartnerInviteForm(request.POST or None)
    if request.method == "POST" and not request.user.has_role(Role.MANAGER):
        raise PermissionDenied("Alleen een manager nodigt partners uit.")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.invite_partner(
                by=request.user,
                email=data["email"],
                partner_name=data["partner_name"],
                municipality=data["municipality"],
            )
        except (DomainError, NotAllowed) as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "De partner is per e-mail uitgenodigd.")
            return redirect("web:quality")
    groups = {
        "service__kind": "Per dienst",
        "team__name": "Per team",
        "municipality__name": "Per gemeente",
    }
    context = {
        "start": start,
        "end": end,
        "client": selectors.satisfaction(start, end),
        "client_groups": [
            (title, key, selectors.satisfaction(start, end, group_by=key))
            for key, title in groups.items()
        ],
        "partner": selectors.satisfaction(start, end, kind=SurveyKind.PARTNER),
        "partners": selectors.answers_for_partners(start, end),
        "form": form,
        "can_invite": request.user.has_role(Role.MANAGER),
    }
    return render(request, "web/quality/overview.html", context, status=400 if form.errors else 200)


# -- complaints ----------------------------------------------------------------------------------


def _complaints(request):
    require(request.user, Right.VIEW_COMPLAINTS)
    return Complaint.objects.visible_to(request.user).select_related("case")


def _case_from_number(text: str) -> Case | None:
    """A file from its number (D-0000123) or from a report's (M-0000456)."""
    text = text.strip().upper()
    if not text:
        return None
    prefix, _, digits = text.partition("-")
    if digits.isdigit() and prefix == "D":
        case = Case.objects.filter(pk=int(digits)).first()
    elif digits.isdigit() and prefix == "M":
        report = Report.objects.filter(pk=int(digits)).select_related("case").first()
        case = report.case if report else None
    else:
        raise DomainError("Geef een dossiernummer (D-…) of meldingnummer (M-…).", field="case")
    if case is None:
        raise DomainError(f"Er is geen dossier of melding {text}.", field="case")
    return case


@login_required
def complaints(request):
    complaints_ = _complaints(request).order_by("-received_on", "-id")
    stage = request.GET.get("stand")
    if stage in ComplaintStage.values:
        complaints_ = complaints_.filter(stage=stage)
    record_view(request, "complaints.listed", None)
    start, end = _this_year()
    return render(
        request,
        "web/quality/complaints.html",
        {
            "complaints": complaints_[:200],
            "stages": ComplaintStage.choices,
            "selected": stage,
            "committee_this_year": selectors.external_complaints(start, end),
            "year": end.year,
            "can_handle": request.user.can(Right.HANDLE_COMPLAINTS),
        },
    )


@login_required
def complaint_new(request):
    require(request.user, Right.HANDLE_COMPLAINTS)
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.register_complaint(
                by=request.user,
                received_on=data["received_on"],
                summary=data["summary"],
                case=_case_from_number(data["case_number"]),
            )
        except DomainError as err:
            form.add_error("case_number" if err.field == "case" else None, err.message)
        else:
            messages.success(request, "De klacht is geregistreerd.")
            return redirect("web:complaint_detail", complaint_id=complaint.pk)
    return render(
        request,
        "web/quality/complaint_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def complaint_detail(request, complaint_id: int):
    complaint = get_object_or_404(_complaints(request), pk=complaint_id)
    form = AdvanceComplaintForm(request.POST or None, initial={"on": clock.today()})
    if request.method == "POST":
        require(request.user, Right.HANDLE_COMPLAINTS)
        if form.is_valid():
            try:
                services.advance_complaint(
                    complaint=complaint, by=request.user, **form.cleaned_data
                )
            except DomainError as err:
                form.add_error(None, err.message)
            else:
                messages.success(request, "De stand van de klacht is bijgewerkt.")
                return redirect("web:complaint_detail", complaint_id=complaint.pk)
    record_view(
        request,
        "complaint.viewed",
        complaint,
        cases=[complaint.case_id] if complaint.case_id else [],
    )
    return render(
        request,
        "web/quality/complaint_detail.html",
        {
            "complaint": complaint,
            "form": form,
            "can_handle": request.user.can(Right.HANDLE_COMPLAINTS),
            "open": complaint.stage not in (ComplaintStage.DECIDED, ComplaintStage.WITHDRAWN),
        },
        status=400 if form.errors else 200,
    )
