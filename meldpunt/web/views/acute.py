"""Acute work in the browser: restraining orders, crisis interventions, hearings, information
requests during the assessment and interventions around a family. Parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from meldpunt import clock
from meldpunt.access.roles import Right
from meldpunt.acute import brp, selectors, services
from meldpunt.acute.states import ORDER_ACTION_LABELS, ORDER_TRANSITIONS, OrderAction
from meldpunt.errors import ConcurrentChange, DomainError
from meldpunt.process.selectors import reports_for
from meldpunt.registry.models import Case
from meldpunt.web import acute_forms as f
from meldpunt.web.views.common import STALE_MESSAGE, record_view, require


def _try(request, form, action, success: str) -> bool:
    try:
        action()
    except DomainError as err:
        if err.field and err.field in form.fields:
            form.add_error(err.field, err.message)
        else:
            form.add_error(None, err.message)
        return False
    messages.success(request, success)
    return True


@login_required
def overview(request):
    require(request.user, Right.VIEW_CASES)
    user = request.user
    return render(
        request,
        "web/acute/overview.html",
        {
            "clocks": selectors.acute_clocks(user=user),
            "orders": selectors.restraining_orders_for(user)
            .select_related("municipality")
            .order_by("-imposed_at")[:50],
            "crises": selectors.crisis_interventions_for(user)
            .select_related("municipality")
            .order_by("-called_at")[:50],
            "hearings": selectors.hearings_for(user)
            .select_related("municipality")
            .order_by("-requested_at")[:50],
            "can_crisis": user.can(Right.CRISIS_WORK),
        },
    )


# Restraining orders --------------------------------------------------------------------------


def _people(report):
    return [(i.person, i.get_role_display()) for i in report.involvements.select_related("person")]


@login_required
def order_new(request, report_id: int):
    report = get_object_or_404(reports_for(request.user), pk=report_id)
    people = _people(report)
    form = f.RestrainingOrderForm(
        request.POST or None,
        people=people,
        initial={
            "municipality": report.municipality_id,
            "police_reference": report.police_reference,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_pk = {p.pk: p for p, _ in people}
        holder: dict = {}

        def act():
            holder["order"] = services.register_restraining_order(
                by=request.user,
                municipality=data["municipality"],
                imposed_at=data["imposed_at"],
                removed_person=by_pk[data["removed_person"]],
                staying_behind=[by_pk[pk] for pk in data["staying_behind"]],
                street=data["street"],
                house_number=data["house_number"],
                postcode=data["postcode"],
                city=data["city"],
                police_reference=data["police_reference"],
                report=report,
            )

        if _try(request, form, act, "Het huisverbod is geregistreerd."):
            return redirect("web:restraining_order_detail", holder["order"].pk)
    # The form lists the people of the report to choose from.
    record_view(request, "report.viewed", report, person_ids=[p.pk for p, _ in people])
    return render(
        request,
        "web/acute/order_form.html",
        {"form": form, "report": report},
        status=400 if form.errors else 200,
    )


ORDER_STEPS = {
    "hulp": (OrderAction.OFFER_HELP, f.OfferHelpForm),
    "advies": (OrderAction.ADVISE, f.AdviseForm),
    "verlengen": (OrderAction.EXTEND, f.ExtendOrderForm),
    "einde": (OrderAction.END, f.EndOrderForm),
    "nazorg": (OrderAction.CLOSE, f.CloseOrderForm),
}


def _order_context(request, order, forms=None):
    user = request.user
    steps = []
    for slug, (action, form_class) in ORDER_STEPS.items():
        rule = ORDER_TRANSITIONS[action]
        if order.status in rule.sources and user.roles & rule.roles:
            steps.append(
                {
                    "slug": slug,
                    "label": ORDER_ACTION_LABELS[action],
                    "form": (forms or {}).get(slug) or form_class(),
                }
            )
    return {
        "order": order,
        "steps": steps,
        "staying": order.staying_behind.all(),
        "history": order.history.select_related("by"),
        "contributions": order.out_of_hours_contributions.select_related("by"),
        "contribution_form": (forms or {}).get("buiten-kantoortijd") or f.ContributionForm(),
        "can_crisis": user.can(Right.CRISIS_WORK),
    }


def _order(request, order_id):
    return get_object_or_404(
        selectors.restraining_orders_for(request.user).select_related(
            "municipality", "removed_person", "report", "case"
        ),
        pk=order_id,
    )


def _record_order_view(request, order) -> None:
    people = [order.removed_person_id, *order.staying_behind.values_list("pk", flat=True)]
    record_view(
        request, "restraining_order.viewed", order, case_id=order.case_id, person_ids=people
    )


@login_required
def order_detail(request, order_id: int):
    order = _order(request, order_id)
    _record_order_view(request, order)
    return render(request, "web/acute/order_detail.html", _order_context(request, order))


def _order_action(request, order, slug, data):
    by = request.user
    if slug == "hulp":
        return lambda: services.offer_help(
            order=order, by=by, to_removed=data["to"] == "removed", offered_at=data["offered_at"]
        )
    if slug == "advies":
        return lambda: services.advise_mayor(order=order, by=by, **data)
    if slug == "verlengen":
        return lambda: services.extend_order(order=order, by=by, **data)
    if slug == "einde":
        return lambda: services.end_order(order=order, by=by, **data)

    def close():
        new_order = None
        if data["new_order"]:
            new_order = selectors.restraining_orders_for(by).filter(pk=data["new_order"]).first()
            if new_order is None:
                raise DomainError("Dat huisverbod bestaat niet.", field="new_order")
        services.close_order(
            order=order, by=by, aftermath=data["aftermath"], note=data["note"], new_order=new_order
        )

    return close


@require_POST
@login_required
def order_step(request, order_id: int, step: str):
    order = _order(request, order_id)
    if step == "buiten-kantoortijd":
        form = f.ContributionForm(request.POST)
        if form.is_valid() and _try(
            request,
            form,
            lambda: services.record_out_of_hours_contribution(
                order=order, by=request.user, **form.cleaned_data
            ),
            "De inzet buiten kantoortijd is vastgelegd.",
        ):
            return redirect("web:restraining_order_detail", order.pk)
    else:
        if step not in ORDER_STEPS:
            raise Http404
        form = ORDER_STEPS[step][1](request.POST)
        if form.is_valid() and _try(
            request, form, _order_action(request, order, step, form.cleaned_data), "Vastgelegd."
        ):
            return redirect("web:restraining_order_detail", order.pk)
    order.refresh_from_db()
    _record_order_view(request, order)
    return render(
        request,
        "web/acute/order_detail.html",
        _order_context(request, order, {step: form}),
        status=400,
    )


# Crisis interventions ------------------------------------------------------------------------


@login_required
def crisis_new(request):
    require(request.user, Right.CRISIS_WORK)
    form = f.CrisisShortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        holder: dict = {}

        def act():
            report = None
            if data["report_number"]:
                report = reports_for(request.user).filter(pk=data["report_number"]).first()
                if report is None:
                    raise DomainError("Deze melding bestaat niet.", field="report_number")
            holder["ci"] = services.register_crisis_intervention(
                by=request.user,
                municipality=data["municipality"],
                called_at=data["called_at"],
                summary=data["summary"],
                report=report,
            )

        if _try(request, form, act, "De crisisinterventie is vastgelegd; vul later aan."):
            return redirect("web:crisis_intervention_detail", holder["ci"].pk)
    return render(
        request, "web/acute/crisis_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _crisis(request, crisis_id):
    return get_object_or_404(
        selectors.crisis_interventions_for(request.user).select_related(
            "municipality", "handover_destination", "report"
        ),
        pk=crisis_id,
    )


def _crisis_context(request, ci, **forms):
    return {
        "ci": ci,
        "responders": ci.responders.all(),
        "complete_form": forms.get("complete_form")
        or f.CrisisCompleteForm(
            initial={
                "on_site_at": ci.on_site_at,
                "outcome": ci.outcome or None,
                "seen": f.CrisisCompleteForm.version_of(ci),
            }
        ),
        "handover_form": forms.get("handover_form") or f.CrisisHandoverForm(),
        "can_crisis": request.user.can(Right.CRISIS_WORK),
        "now": clock.now(),
    }


@login_required
def crisis_detail(request, crisis_id: int):
    ci = _crisis(request, crisis_id)
    record_view(request, "crisis_intervention.viewed", ci, case_id=ci.case_id)
    return render(request, "web/acute/crisis_detail.html", _crisis_context(request, ci))


@require_POST
@login_required
def crisis_complete(request, crisis_id: int):
    ci = _crisis(request, crisis_id)
    form = f.CrisisCompleteForm(request.POST)

    def complete():
        data = dict(form.cleaned_data)
        if "seen" in request.POST and data.pop("seen") != form.version_of(ci):
            raise ConcurrentChange(STALE_MESSAGE)
        data.pop("seen", None)
        services.complete_crisis_intervention(intervention=ci, by=request.user, **data)

    if form.is_valid() and _try(request, form, complete, "De crisisinterventie is aangevuld."):
        return redirect("web:crisis_intervention_detail", ci.pk)
    return render(
        request,
        "web/acute/crisis_detail.html",
        _crisis_context(request, ci, complete_form=form),
        status=400,
    )


@require_POST
@login_required
def crisis_handover(request, crisis_id: int):
    ci = _crisis(request, crisis_id)
    form = f.CrisisHandoverForm(request.POST)
    if form.is_valid() and _try(
        request,
        form,
        lambda: services.hand_over_crisis(intervention=ci, by=request.user, **form.cleaned_data),
        "De overdracht is vastgelegd.",
    ):
        return redirect("web:crisis_intervention_detail", ci.pk)
    return render(
        request,
        "web/acute/crisis_detail.html",
        _crisis_context(request, ci, handover_form=form),
        status=400,
    )


# Hearings (Wvggz) ----------------------------------------------------------------------------


@login_required
def hearing_new(request):
    require(request.user, Right.CRISIS_WORK)
    form = f.HearingRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holder: dict = {}

        def act():
            holder["h"] = services.request_hearing(by=request.user, **form.cleaned_data)

        if _try(request, form, act, "Het hoorverzoek is vastgelegd."):
            return redirect("web:hearing_detail", holder["h"].pk)
    return render(
        request, "web/acute/hearing_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def hearing_detail(request, hearing_id: int):
    hearing = get_object_or_404(
        selectors.hearings_for(request.user).select_related("municipality"), pk=hearing_id
    )
    form = f.HearingRecordForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _try(
            request,
            form,
            lambda: services.record_hearing(hearing=hearing, by=request.user, **form.cleaned_data),
            "Vastgelegd.",
        )
    ):
        return redirect("web:hearing_detail", hearing.pk)
    return render(
        request,
        "web/acute/hearing_detail.html",
        {"hearing": hearing, "form": form, "can_crisis": request.user.can(Right.CRISIS_WORK)},
        status=400 if form.errors else 200,
    )


# Information requests during the assessment --------------------------------------------------


@login_required
def information(request, report_id: int):
    report = get_object_or_404(reports_for(request.user), pk=report_id)
    user = request.user
    ask_form = f.InformationRequestForm(prefix="vraag")
    brp_form = f.BrpLookupForm(prefix="brp")
    answer_forms: dict[int, f.AnswerForm] = {}
    found = None
    if request.method == "POST":
        what = request.POST.get("what")
        if what == "ask":
            ask_form = f.InformationRequestForm(request.POST, prefix="vraag")
            if ask_form.is_valid() and _try(
                request,
                ask_form,
                lambda: services.request_information(
                    report=report, by=user, **ask_form.cleaned_data
                ),
                "Het informatieverzoek is vastgelegd.",
            ):
                return redirect("web:report_information", report.pk)
        elif what == "answer":
            request_obj = get_object_or_404(
                selectors.information_requests_for(user).filter(report=report),
                pk=request.POST.get("request_id") or 0,
            )
            form = f.AnswerForm(request.POST, prefix=f"a{request_obj.pk}")
            answer_forms[request_obj.pk] = form
            if form.is_valid() and _try(
                request,
                form,
                lambda: services.record_answer(request=request_obj, by=user, **form.cleaned_data),
                "Het antwoord is vastgelegd.",
            ):
                return redirect("web:report_information", report.pk)
        elif what == "brp":
            brp_form = f.BrpLookupForm(request.POST, prefix="brp")
            holder: dict = {}

            def lookup():
                holder["p"] = brp.lookup_person(
                    by=user, report=report, bsn=brp_form.cleaned_data["bsn"]
                )

            if brp_form.is_valid() and _try(request, brp_form, lookup, "De BRP is geraadpleegd."):
                found = holder["p"]
                if found is None:
                    messages.warning(request, "De BRP kent geen persoon met dit BSN.")
    record_view(request, "information_requests.viewed", report, report_id=report.pk)
    requests_ = list(selectors.information_requests_for(user).filter(report=report))
    for r in requests_:
        r.answer_form = answer_forms.get(r.pk) or f.AnswerForm(prefix=f"a{r.pk}")
    return render(
        request,
        "web/acute/information.html",
        {
            "report": report,
            "requests": requests_,
            "outstanding": sum(1 for r in requests_ if r.answered_at is None),
            "ask_form": ask_form,
            "brp_form": brp_form,
            "found": found,
            "can_ask": user.can(Right.GATHER_INFORMATION),
        },
    )


# Interventions around a family ---------------------------------------------------------------


@login_required
def family_interventions(request, case_id: int):
    case = get_object_or_404(Case.objects.visible_to(request.user), pk=case_id)
    user = request.user
    form = f.FamilyInterventionForm(request.POST or None, initial={"started_on": clock.today()})
    if request.method == "POST":
        if request.POST.get("end"):
            intervention = get_object_or_404(
                selectors.family_interventions_for(user).filter(case=case),
                pk=request.POST.get("end"),
            )
            end_form = f.EndInterventionForm(request.POST)
            form = f.FamilyInterventionForm(initial={"started_on": clock.today()})
            if end_form.is_valid() and _try(
                request,
                end_form,
                lambda: services.end_family_intervention(
                    intervention=intervention, by=user, **end_form.cleaned_data
                ),
                "De interventie is beëindigd.",
            ):
                return redirect("web:family_interventions", case.pk)
            for error in end_form.errors.values():
                messages.error(request, " ".join(error))
        elif form.is_valid() and _try(
            request,
            form,
            lambda: services.start_family_intervention(case=case, by=user, **form.cleaned_data),
            "De interventie is vastgelegd.",
        ):
            return redirect("web:family_interventions", case.pk)
    record_view(request, "family_interventions.viewed", case)
    return render(
        request,
        "web/acute/family_interventions.html",
        {
            "case": case,
            "interventions": selectors.family_interventions_for(user).filter(case=case),
            "form": form,
            "can_record": user.can(Right.GATHER_INFORMATION),
        },
        status=400 if form.errors else 200,
    )
