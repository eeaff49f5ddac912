"""The rights of the people in the files, for the privacy officer: find the person who asks,
then on one page per person ("Rechten van betrokkene") the access report (inzage) as PDF or
JSON, correction of a detail, annotation of disputed information, and restriction of processing
(access/subject_rights.py). The privacy officer does no case work: these pages show the
person's details and what was recorded about their rights, not the file."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from meldpunt.access import subject_rights
from meldpunt.access.models import PersonAnnotation, PersonCorrection, ProcessingRestriction
from meldpunt.access.roles import Right
from meldpunt.access.visibility import address_of
from meldpunt.errors import DomainError
from meldpunt.web.access_forms import (
    AnnotationForm,
    CorrectionForm,
    FindPersonForm,
    RestrictionForm,
)
from meldpunt.web.views.common import record_view, require


@login_required
def find_person(request):
    """POSTed, so a name or BSN never ends up in a URL."""
    require(request.user, Right.HANDLE_ACCESS_REQUESTS)
    form = FindPersonForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        results = subject_rights.find_people(
            by=request.user,
            bsn=data["bsn"],
            surname=data["surname"],
            date_of_birth=data["date_of_birth"],
        )
    return render(
        request,
        "web/rights/find.html",
        {"form": form, "results": results},
        status=400 if form.errors else 200,
    )


def _person(request, person_id: int):
    require(request.user, Right.HANDLE_ACCESS_REQUESTS)
    return get_object_or_404(subject_rights.people_for(request.user), pk=person_id)


# The page's forms: (form class, prefix) by the context name the template reads.
FORMS = {
    "correct_form": (CorrectionForm, "correctie"),
    "annotate_form": (AnnotationForm, "aantekening"),
    "restrict_form": (RestrictionForm, "beperking"),
}


def _page(request, person, *, status: int = 200, **forms):
    record_view(request, "rights.person_viewed", person)
    context = {
        "person": person,
        "address": address_of(request.user, person),
        "restriction": ProcessingRestriction.objects.filter(person=person).first(),
        "annotations": PersonAnnotation.objects.filter(person=person).select_related("recorded_by"),
        "corrections": PersonCorrection.objects.filter(person=person).select_related(
            "corrected_by"
        ),
        **{name: forms.get(name) or form(prefix=prefix) for name, (form, prefix) in FORMS.items()},
        "lift_error": forms.get("lift_error"),
    }
    return render(request, "web/rights/person.html", context, status=status)


@login_required
def person_rights(request, person_id: int):
    return _page(request, _person(request, person_id))


@login_required
def access_report(request, person_id: int):
    """The access report (inzage) as a PDF, or as JSON with ?formaat=json; audited by the
    service."""
    person = _person(request, person_id)
    report = subject_rights.access_report(by=request.user, person=person)
    if request.GET.get("formaat") == "json":
        body = json.dumps(report, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="inzage-{person.pk}.json"'
        return response
    response = HttpResponse(
        subject_rights.access_report_pdf(report), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="inzage-{person.pk}.pdf"'
    return response


def _submit(request, person_id: int, name: str, action, *, fields: set[str], success: str):
    """One of the page's forms (`FORMS[name]`) sent to its service `action`: back to the page
    with `success` when done; otherwise the page again with the form as typed and the refusal
    next to its field (one of `fields`) or above the form."""
    person = _person(request, person_id)
    form_class, prefix = FORMS[name]
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            action(by=request.user, person=person, **form.cleaned_data)
        except DomainError as err:
            person.refresh_from_db()  # a correction may have set the refused value on it
            form.add_error(err.field if err.field in fields else None, err.message)
        else:
            messages.success(request, success)
            return redirect("web:subject_rights", person_id=person.pk)
    return _page(request, person, status=400, **{name: form})


@require_POST
@login_required
def correct(request, person_id: int):
    return _submit(
        request,
        person_id,
        "correct_form",
        subject_rights.correct,
        fields={"field", "value", "reason"},
        success="Het gegeven is gecorrigeerd; de oude waarde is bewaard.",
    )


@require_POST
@login_required
def annotate(request, person_id: int):
    return _submit(
        request,
        person_id,
        "annotate_form",
        subject_rights.annotate,
        fields={"kind"},
        success="De aantekening is vastgelegd.",
    )


@require_POST
@login_required
def restrict(request, person_id: int):
    return _submit(
        request,
        person_id,
        "restrict_form",
        subject_rights.restrict,
        fields={"reason"},
        success="De verwerking is beperkt.",
    )


@require_POST
@login_required
def lift_restriction(request, person_id: int):
    person = _person(request, person_id)
    try:
        subject_rights.lift_restriction(by=request.user, person=person)
    except DomainError as err:
        return _page(request, person, lift_error=err.message, status=400)
    messages.success(request, "De beperking van de verwerking is opgeheven.")
    return redirect("web:subject_rights", person_id=person.pk)
