"""Restraining orders and crisis interventions: create, read, list with filters, and their
process steps as verb endpoints (`POST .../{id}/extend`), never a PATCH of the status. Domain
errors become problem details: 400 (rule), 403 (role), 409 (concurrent change), with the
Dutch message of the service. Every read of personal data is audited."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from meldpunt.access.roles import Right
from meldpunt.acute import selectors, services
from meldpunt.acute.models import (
    Advice,
    Aftermath,
    CrisisIntervention,
    CrisisOutcome,
    EndReason,
    RestrainingOrder,
)
from meldpunt.acute.states import OrderStatus
from meldpunt.api.base import ApiView, Id, QuerySerializer, StrictSerializer
from meldpunt.errors import DomainError
from meldpunt.process.selectors import reports_for
from meldpunt.reference.models import HandoverDestination, Municipality
from meldpunt.registry.models import Person


class AcuteView(ApiView):
    """Errors become problem details through the project's handler (meldpunt/api/problems.py).
    Orders and crisis interventions are case content: only the roles that see files get them
    (a figures-only role gets 403, not an empty list)."""

    right = Right.VIEW_CASES


def _municipality(code: str) -> Municipality:
    found = Municipality.objects.filter(cbs_code=code.upper()).first()
    if found is None:
        raise DomainError(f"Onbekende gemeente '{code}' (gebruik de CBS-code, zoals GM0606).")
    return found


# Restraining orders ---------------------------------------------------------------------------


class OrderOut(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.cbs_code")
    staying_behind = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = RestrainingOrder
        fields = [
            "id", "number", "status", "version", "case", "report", "municipality", "imposed_at",
            "police_reference", "removed_person", "staying_behind", "street", "house_number",
            "postcode", "city", "original_ends_at", "ends_at", "advice_due_at", "advice_warn_at",
            "advised_at", "advice", "extended_at", "help_offered_removed_at",
            "help_offered_staying_at", "ended_at", "end_reason", "aftermath", "new_order",
            "out_of_hours",
        ]  # fmt: skip


class OrderIn(StrictSerializer):
    municipality = serializers.CharField(max_length=6, help_text="CBS-code, bijvoorbeeld GM0606")
    imposed_at = serializers.DateTimeField()
    removed_person = Id()
    staying_behind = serializers.ListField(child=Id(), required=False, default=list)
    street = serializers.CharField(max_length=200)
    house_number = serializers.CharField(max_length=20)
    postcode = serializers.CharField(max_length=7, required=False, default="", allow_blank=True)
    city = serializers.CharField(max_length=100)
    police_reference = serializers.CharField(
        max_length=40, required=False, default="", allow_blank=True
    )
    report = Id(required=False)


class OrderFilter(QuerySerializer):
    status = serializers.ChoiceField(choices=[s.value for s in OrderStatus], required=False)
    municipality = serializers.CharField(max_length=6, required=False)
    imposed_from = serializers.DateField(required=False)
    imposed_to = serializers.DateField(required=False)


def _people_in(ids, user) -> list[Person]:
    """People named in an order must be in files the caller may see."""
    visible = Person.objects.filter(pk__in=ids, involvements__report__in=reports_for(user))
    found = {p.pk: p for p in visible.distinct()}
    missing = [i for i in ids if i not in found]
    if missing:
        raise DomainError(f"Onbekende persoon {missing[0]}.", field="removed_person")
    return [found[i] for i in ids]


class RestrainingOrderListView(AcuteView):
    @extend_schema(
        operation_id="restraining_orders_list",
        parameters=[OrderFilter],
        responses=OrderOut(many=True),
    )
    def get(self, request):
        f = self.query(OrderFilter)
        qs = selectors.restraining_orders_for(request.user).select_related("municipality")
        if f.get("status"):
            qs = qs.filter(status=f["status"])
        if f.get("municipality"):
            qs = qs.filter(municipality=_municipality(f["municipality"]))
        if f.get("imposed_from"):
            qs = qs.filter(imposed_at__date__gte=f["imposed_from"])
        if f.get("imposed_to"):
            qs = qs.filter(imposed_at__date__lte=f["imposed_to"])
        orders = list(qs.prefetch_related("staying_behind").order_by("-imposed_at")[:500])
        self.record("restraining_order.listed", None, order_ids=[o.pk for o in orders])
        return Response(OrderOut(orders, many=True).data)

    @extend_schema(operation_id="restraining_orders_create", request=OrderIn, responses=OrderOut)
    def post(self, request):
        data = self.parse(OrderIn)
        report = None
        if data.get("report"):
            report = get_object_or_404(reports_for(request.user), pk=data["report"])
        removed, *staying = _people_in(
            [data["removed_person"], *data["staying_behind"]], request.user
        )
        order = services.register_restraining_order(
            by=request.user,
            municipality=_municipality(data["municipality"]),
            imposed_at=data["imposed_at"],
            removed_person=removed,
            staying_behind=staying,
            street=data["street"],
            house_number=data["house_number"],
            postcode=data["postcode"],
            city=data["city"],
            police_reference=data["police_reference"],
            report=report,
        )
        return Response(OrderOut(order).data, status=status.HTTP_201_CREATED)


class RestrainingOrderDetailView(AcuteView):
    @extend_schema(operation_id="restraining_orders_read", responses=OrderOut)
    def get(self, request, pk: int):
        order = get_object_or_404(selectors.restraining_orders_for(request.user), pk=pk)
        self.record("restraining_order.viewed", order, case_id=order.case_id)
        return Response(OrderOut(order).data)


class OfferHelpIn(StrictSerializer):
    to = serializers.ChoiceField(choices=["removed", "staying"])
    offered_at = serializers.DateTimeField()


class AdviseIn(StrictSerializer):
    advice = serializers.ChoiceField(choices=Advice.values)
    advised_at = serializers.DateTimeField()
    note = serializers.CharField(required=False, default="", allow_blank=True)


class ExtendIn(StrictSerializer):
    decided_at = serializers.DateTimeField()
    until = serializers.DateTimeField()


class EndIn(StrictSerializer):
    reason = serializers.ChoiceField(choices=EndReason.values)
    ended_at = serializers.DateTimeField()


class CloseIn(StrictSerializer):
    aftermath = serializers.ChoiceField(choices=Aftermath.values)
    note = serializers.CharField(required=False, default="", allow_blank=True)
    new_order = Id(required=False)


class ContributionIn(StrictSerializer):
    started_at = serializers.DateTimeField()
    ended_at = serializers.DateTimeField(required=False)
    note = serializers.CharField(required=False, default="", allow_blank=True)


def _order_step(order, by, verb, data):
    if verb == "offer-help":
        services.offer_help(
            order=order, by=by, to_removed=data["to"] == "removed", offered_at=data["offered_at"]
        )
    elif verb == "advise":
        services.advise_mayor(order=order, by=by, **data)
    elif verb == "extend":
        services.extend_order(order=order, by=by, **data)
    elif verb == "end":
        services.end_order(order=order, by=by, **data)
    elif verb == "close":
        new_order = None
        if data.get("new_order"):
            new_order = get_object_or_404(
                selectors.restraining_orders_for(by), pk=data["new_order"]
            )
        services.close_order(
            order=order, by=by, aftermath=data["aftermath"], note=data["note"], new_order=new_order
        )
    elif verb == "out-of-hours":
        services.record_out_of_hours_contribution(order=order, by=by, **data)


ORDER_VERBS = {
    "offer-help": OfferHelpIn,
    "advise": AdviseIn,
    "extend": ExtendIn,
    "end": EndIn,
    "close": CloseIn,
    "out-of-hours": ContributionIn,
}


def order_verb_view(verb: str):
    serializer_class = ORDER_VERBS[verb]

    class _Verb(AcuteView):
        @extend_schema(
            operation_id=f"restraining_orders_{verb.replace('-', '_')}",
            request=serializer_class,
            responses=OrderOut,
        )
        def post(self, request, pk: int):
            order = get_object_or_404(selectors.restraining_orders_for(request.user), pk=pk)
            _order_step(order, request.user, verb, self.parse(serializer_class))
            order.refresh_from_db()
            return Response(OrderOut(order).data)

    _Verb.__name__ = f"RestrainingOrder_{verb.replace('-', '_')}"
    return _Verb.as_view()


# Crisis interventions -------------------------------------------------------------------------


class CrisisOut(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.cbs_code")
    handover_destination = serializers.CharField(
        source="handover_destination.code", allow_null=True, default=None
    )
    responders = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    handed_over_in_time = serializers.BooleanField(allow_null=True)
    is_complete = serializers.BooleanField()

    class Meta:
        model = CrisisIntervention
        fields = [
            "id", "number", "case", "report", "municipality", "called_at", "on_site_at",
            "responders", "summary", "outcome", "outcome_note", "completed_at", "is_complete",
            "handed_over_at", "handover_destination", "handover_due_at", "handover_warn_at",
            "handed_over_in_time", "out_of_hours",
        ]  # fmt: skip


class CrisisIn(StrictSerializer):
    municipality = serializers.CharField(max_length=6, help_text="CBS-code, bijvoorbeeld GM0606")
    called_at = serializers.DateTimeField()
    summary = serializers.CharField()
    on_site_at = serializers.DateTimeField(required=False)
    report = Id(required=False)


class CrisisFilter(QuerySerializer):
    municipality = serializers.CharField(max_length=6, required=False)
    open = serializers.BooleanField(required=False, help_text="alleen nog niet overgedragen")
    complete = serializers.BooleanField(required=False)
    called_from = serializers.DateField(required=False)
    called_to = serializers.DateField(required=False)


class CrisisListView(AcuteView):
    @extend_schema(
        operation_id="crisis_interventions_list",
        parameters=[CrisisFilter],
        responses=CrisisOut(many=True),
    )
    def get(self, request):
        f = self.query(CrisisFilter)
        qs = selectors.crisis_interventions_for(request.user).select_related(
            "municipality", "handover_destination"
        )
        if f.get("municipality"):
            qs = qs.filter(municipality=_municipality(f["municipality"]))
        if "open" in f:
            qs = qs.filter(handed_over_at__isnull=f["open"])
        if "complete" in f:
            qs = qs.filter(completed_at__isnull=not f["complete"])
        if f.get("called_from"):
            qs = qs.filter(called_at__date__gte=f["called_from"])
        if f.get("called_to"):
            qs = qs.filter(called_at__date__lte=f["called_to"])
        crises = list(qs.prefetch_related("responders").order_by("-called_at")[:500])
        self.record("crisis_intervention.listed", None, ids=[c.pk for c in crises])
        return Response(CrisisOut(crises, many=True).data)

    @extend_schema(
        operation_id="crisis_interventions_create", request=CrisisIn, responses=CrisisOut
    )
    def post(self, request):
        data = self.parse(CrisisIn)
        report = None
        if data.get("report"):
            report = get_object_or_404(reports_for(request.user), pk=data["report"])
        ci = services.register_crisis_intervention(
            by=request.user,
            municipality=_municipality(data["municipality"]),
            called_at=data["called_at"],
            summary=data["summary"],
            on_site_at=data.get("on_site_at"),
            report=report,
        )
        return Response(CrisisOut(ci).data, status=status.HTTP_201_CREATED)


class CrisisDetailView(AcuteView):
    @extend_schema(operation_id="crisis_interventions_read", responses=CrisisOut)
    def get(self, request, pk: int):
        ci = get_object_or_404(selectors.crisis_interventions_for(request.user), pk=pk)
        self.record("crisis_intervention.viewed", ci, case_id=ci.case_id)
        return Response(CrisisOut(ci).data)


class CompleteIn(StrictSerializer):
    on_site_at = serializers.DateTimeField()
    outcome = serializers.ChoiceField(choices=CrisisOutcome.values)
    outcome_note = serializers.CharField(required=False, default="", allow_blank=True)


class CrisisHandoverIn(StrictSerializer):
    handed_over_at = serializers.DateTimeField()
    destination = serializers.SlugRelatedField(
        slug_field="code", queryset=HandoverDestination.objects.all()
    )


class CrisisCompleteView(AcuteView):
    @extend_schema(
        operation_id="crisis_interventions_complete", request=CompleteIn, responses=CrisisOut
    )
    def post(self, request, pk: int):
        ci = get_object_or_404(selectors.crisis_interventions_for(request.user), pk=pk)
        services.complete_crisis_intervention(
            intervention=ci, by=request.user, **self.parse(CompleteIn)
        )
        return Response(CrisisOut(ci).data)


class CrisisHandoverView(AcuteView):
    @extend_schema(
        operation_id="crisis_interventions_handover", request=CrisisHandoverIn, responses=CrisisOut
    )
    def post(self, request, pk: int):
        ci = get_object_or_404(selectors.crisis_interventions_for(request.user), pk=pk)
        services.hand_over_crisis(intervention=ci, by=request.user, **self.parse(CrisisHandoverIn))
        return Response(CrisisOut(ci).data)
