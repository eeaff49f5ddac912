"""The file around the process: the contact journal, documents and letters. Parse, call,
render; every page fetches through the visibility filter (a file one may not see is a 404) and
writes an audit entry."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from meldpunt.access.roles import Right
from meldpunt.casefile import selectors, services
from meldpunt.errors import DomainError
from meldpunt.process.selectors import reports_for
from meldpunt.registry.selectors import cases_for
from meldpunt.web import casefile_forms as f
from meldpunt.web.views.common import client_ip, record_view, require


def _try(request, form, action, success: str):
    """Run a service; a domain error lands on its field (or the form) and nothing is kept."""
    try:
        result = action()
    except DomainError as err:
        if err.field and err.field in form.fields:
            form.add_error(err.field, err.message)
        else:
            form.add_error(None, err.message)
        return None
    messages.success(request, success)
    return result or True


def _case(request, case_id):
    require(request.user, Right.VIEW_CASES)
    return get_object_or_404(cases_for(request.user), pk=case_id)


# The contact journal ---------------------------------------------------------------------------


@login_required
def journal(request, case_id: int):
    case = _case(request, case_id)
    user = request.user
    form = f.JournalForm(request.POST or None, case=case)
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(
            request,
            form,
            lambda: services.add_journal_entry(case=case, by=user, **form.cleaned_data),
            "Het contact is vastgelegd in het journaal.",
        )
    ):
        return redirect("web:journal", case.pk)
    entries = selectors.journal_for(user, case=case)
    record_view(request, "journal.viewed", case)
    return render(
        request,
        "web/casefile/journal.html",
        {"case": case, "entries": entries, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def journal_correct(request, entry_id: int):
    require(request.user, Right.VIEW_CASES)
    entry = get_object_or_404(
        selectors.journal_entries_for(request.user).select_related("case", "by"), pk=entry_id
    )
    form = f.JournalCorrectionForm(
        request.POST or None,
        initial={"version": entry.version, "note": entry.note, "participants": entry.participants},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(
            request,
            form,
            lambda: services.correct_journal_entry(
                entry=entry, by=request.user, **form.cleaned_data
            ),
            "De correctie is vastgelegd; de eerdere tekst blijft in de geschiedenis.",
        )
    ):
        return redirect("web:journal", entry.case_id)
    record_view(request, "journal.viewed", entry, case_id=entry.case_id)
    return render(
        request,
        "web/casefile/journal_correct.html",
        {"entry": entry, "case": entry.case, "form": form, "revisions": entry.revisions.all()},
        status=400 if form.errors else 200,
    )


# Documents ---------------------------------------------------------------------------------------


@login_required
def documents(request, case_id: int):
    case = _case(request, case_id)
    user = request.user
    form = f.DocumentForm(request.POST or None, request.FILES or None, case=case)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if _try(
            request,
            form,
            lambda: services.upload_document(
                case=case,
                by=user,
                title=form.cleaned_data["title"],
                filename=upload.name,
                content=upload.read(),
                report=form.cleaned_data["report"],
            ),
            "Het document is opgeslagen in het dossier.",
        ):
            return redirect("web:documents", case.pk)
    record_view(request, "documents.viewed", case)
    return render(
        request,
        "web/casefile/documents.html",
        {"case": case, "documents": selectors.documents_for(user, case=case), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def document_download(request, document_id: int):
    """The only way to a document's bytes: through the visibility filter (a guessed id of a file
    one may not see is a 404), audited, as an attachment that the browser does not interpret."""
    require(request.user, Right.VIEW_CASES)
    document = get_object_or_404(selectors.documents_for(request.user), pk=document_id)
    content = services.open_document(
        document=document, by=request.user, remote_addr=client_ip(request)
    )
    response = FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


# Letters -----------------------------------------------------------------------------------------


def _report(request, report_id):
    require(request.user, Right.VIEW_CASES)
    return get_object_or_404(
        reports_for(request.user).select_related("case", "reporter"), pk=report_id
    )


def _letters_context(request, report, **extra):
    return {
        "report": report,
        "letters": selectors.letters_for(request.user, report=report),
        "form": extra.pop("form", None) or f.LetterForm(report=report),
        "sent_form": f.LetterSentForm(),
        "owed": report.terms.filter(
            kind__in=list(services.LETTER_TERM.values()), met_on__isnull=True
        ).order_by("due_on"),
        "can_inform": request.user.can(Right.INFORM),
        **extra,
    }


@login_required
def letters(request, report_id: int):
    report = _report(request, report_id)
    form = f.LetterForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        letter = _try(
            request,
            form,
            lambda: services.make_letter(report=report, by=request.user, **form.cleaned_data),
            "De brief is gemaakt en als PDF in het dossier opgeslagen.",
        )
        if letter:
            return redirect("web:letters", report.pk)
    # The form offers the people of the report as addressees: name them in the trail.
    people = list(report.involvements.values_list("person_id", flat=True))
    record_view(request, "letters.viewed", report, report_id=report.pk, person_ids=people)
    return render(
        request,
        "web/casefile/letters.html",
        _letters_context(request, report, form=form),
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def letter_preview(request, report_id: int):
    """The filled letter before it is made (htmx: only the preview block)."""
    report = _report(request, report_id)
    form = f.LetterForm(request.POST, report=report)
    preview = None
    if form.is_valid():
        preview = _try_preview(form, report, request.user)
    person = form.cleaned_data.get("person") if form.is_valid() else None
    people = [person.pk] if person else []
    record_view(request, "letter.previewed", report, report_id=report.pk, person_ids=people)
    template = (
        "web/casefile/_letter_preview.html"
        if request.headers.get("HX-Request")
        else "web/casefile/letters.html"
    )
    return render(
        request,
        template,
        _letters_context(request, report, form=form, preview=preview),
        status=400 if form.errors else 200,
    )


def _try_preview(form, report, user):
    try:
        addressee, subject, text = services.preview_letter(
            report=report, by=user, **form.cleaned_data
        )
    except DomainError as err:
        form.add_error(err.field if err.field in form.fields else None, err.message)
        return None
    return {"addressee": addressee, "subject": subject, "text": text}


@require_POST
@login_required
def letter_sent(request, letter_id: int):
    require(request.user, Right.VIEW_CASES)
    letter = get_object_or_404(
        selectors.letters_for(request.user).select_related("report"), pk=letter_id
    )
    form = f.LetterSentForm(request.POST)
    if form.is_valid():
        try:
            services.mark_letter_sent(letter=letter, by=request.user, **form.cleaned_data)
        except DomainError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, "De verzenddatum is vastgelegd.")
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("web:letters", letter.report_id)
