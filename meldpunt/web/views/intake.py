"""Registering reports and advice requests."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from meldpunt.access.roles import Right
from meldpunt.errors import DomainError
from meldpunt.radar import selectors as radar
from meldpunt.radar import services as radar_services
from meldpunt.radar.services import IntakeLink
from meldpunt.registry import selectors as registry
from meldpunt.registry import services
from meldpunt.registry.services import PersonData, ReportData, ReporterData
from meldpunt.web.forms import AdviceForm, PeopleFormSet, ReportForm
from meldpunt.web.views.common import record_view, require


def _report_data(form: ReportForm, people) -> ReportData:
    d = form.cleaned_data
    return ReportData(
        received_at=d["received_at"],
        municipality=d["municipality"],
        district=d.get("district"),
        reporter=ReporterData(
            reporter_type=d["reporter_type"],
            name=d["reporter_name"],
            organisation=d["reporter_organisation"],
            phone=d["reporter_phone"],
            email=d["reporter_email"],
            anonymous=d["reporter_anonymous"],
            wants_feedback=d["wants_feedback"],
        ),
        people=people,
        violence_forms=d["violence_forms"],
        description=d["description"],
        acute=d["acute"],
    )


def _details(d: dict) -> dict:
    return {k: v for k, v in d.items() if k in PersonData.__dataclass_fields__}


def _people(formset) -> list[PersonData]:
    people = []
    for form in formset.forms:
        if not form.has_changed():
            continue
        d = dict(form.cleaned_data)
        person_id = d.pop("person_id", None)
        people.append(PersonData(**_details(d), person_id=person_id or None))
    return people


def _rows(formset) -> list:
    return [form for form in formset.forms if form.has_changed()]


def _known(request, formset) -> list[tuple[int, list[radar.Match]]]:
    """Per person row: who is already known (the radar check before saving), ranked with the
    evidence; the other people on the report count as household evidence."""
    rows = [(i, form) for i, form in enumerate(formset.forms) if form.has_changed()]
    found = []
    for i, form in rows:
        if form.cleaned_data.get("person_id"):
            continue
        companions = [_details(f.cleaned_data) for j, f in rows if j != i]
        shown = radar.match(request.user, _details(form.cleaned_data), companions=companions)
        if shown:
            found.append((i, shown))
    people = [m.person.pk for _, matches in found for m in matches if m.person]
    if found:
        record_view(
            request,
            "person.searched",
            None,
            person_ids=people,
            shielded_matches=sum(1 for _, ms in found for m in ms if m.shielded),
        )
    return found


def _links(request, formset) -> list[IntakeLink]:
    """The professional's choice per row: the known person confirmed, or a new person (and the
    candidates shown then count as rejected). Only people the user may see can be chosen."""
    links = []
    for row, form in enumerate(_rows(formset)):
        posted = request.POST.get(f"{form.prefix}-shown", "")
        shown = [int(x) for x in posted.split(",") if x.strip().isdigit()]
        chosen = form.cleaned_data.get("person_id")
        if not (shown or chosen):
            continue
        visible = set(
            registry.people_for(request.user)
            .filter(pk__in=[*shown, *([chosen] if chosen else [])])
            .values_list("pk", flat=True)
        )
        if chosen and chosen not in visible:
            raise DomainError("Deze persoon kunt u niet koppelen.")
        links.append(
            IntakeLink(
                row=row,
                chosen=chosen or None,
                shown=[p for p in shown if p in visible],
                reason=request.POST.get(f"{form.prefix}-link_reason", "").strip()[:500],
            )
        )
    return links


@login_required
def report_new(request):
    require(request.user, Right.REGISTER_REPORT)
    advice = None
    if request.GET.get("advies"):
        advice = get_object_or_404(registry.advices_for(request.user), pk=request.GET["advies"])
    known = []
    if request.method == "POST":
        form = ReportForm(request.POST)
        formset = PeopleFormSet(request.POST, prefix="people")
        if form.is_valid() and formset.is_valid():
            known = _known(request, formset)
            if request.POST.get("action") == "save" and request.POST.get("checked") == "1":
                data = _report_data(form, _people(formset))
                try:
                    if advice is not None:
                        report = radar_services.register_with_links(
                            by=request.user,
                            data=data,
                            links=_links(request, formset),
                            register=partial(services.convert_advice_to_report, advice=advice),
                        )
                    else:
                        report = radar_services.register_with_links(
                            by=request.user, data=data, links=_links(request, formset)
                        )
                except DomainError as err:
                    form.add_error(None, err.message)
                else:
                    messages.success(request, f"Melding {report.number} is geregistreerd.")
                    return redirect("web:report_detail", report.pk)
    else:
        initial = {}
        if advice is not None:
            initial = {
                "municipality": advice.municipality,
                "description": advice.question,
                "violence_forms": list(advice.violence_forms.all()),
            }
        form = ReportForm(initial=initial)
        formset = PeopleFormSet(prefix="people")
    checked = request.method == "POST" and form.is_valid() and formset.is_valid()
    return render(
        request,
        "web/report_form.html",
        {
            "form": form,
            "formset": formset,
            "known": dict(known),
            "checked": checked,
            "advice": advice,
        },
    )


@login_required
def advice_new(request):
    require(request.user, Right.REGISTER_ADVICE)
    form = AdviceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            advice = services.register_advice(by=request.user, **form.cleaned_data)
        except DomainError as err:
            form.add_error(err.field if err.field in form.fields else None, err.message)
        else:
            messages.success(request, f"Adviesvraag {advice.number} is geregistreerd.")
            return redirect("web:advice_detail", advice.pk)
    return render(request, "web/advice_form.html", {"form": form})


@login_required
def advice_detail(request, advice_id: int):
    advice = get_object_or_404(registry.advices_for(request.user), pk=advice_id)
    record_view(request, "advice.viewed", advice)
    return render(request, "web/advice_detail.html", {"advice": advice})
