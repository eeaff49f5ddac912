"""Advice requests: register, read, list, give the advice, convert into a report. The asker's
name and phone are kept only with consent (the service's rule); never the family's data."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from meldpunt.access.roles import Right
from meldpunt.api.base import ApiView, Page, StrictSerializer, paginated
from meldpunt.api.v1.fields import (
    MunicipalityField,
    ReporterTypeField,
    ViolenceFormsField,
    optional_text,
    recent_moment,
    text,
)
from meldpunt.api.v1.reports import (
    ReportIn,
    ReportOut,
    report_answer,
    report_data,
    visible_report,
)
from meldpunt.registry import selectors, services
from meldpunt.registry.models import Advice, AdviceStatus


class AdviceIn(StrictSerializer):
    received_at = recent_moment()
    asker_type = ReporterTypeField(help_text="soort vrager (code)")
    question = text(20_000)
    anonymous = serializers.BooleanField(default=False)
    consent = serializers.BooleanField(
        default=False, help_text="toestemming om naam en telefoon van de vrager vast te leggen"
    )
    asker_name = optional_text(200)
    asker_organisation = optional_text(200)
    asker_phone = optional_text(40)
    municipality = MunicipalityField(served_only=False, required=False)
    violence_forms = ViolenceFormsField()
    advice_given = optional_text(20_000)


class GiveIn(StrictSerializer):
    advice_given = text(20_000)


class ConvertIn(ReportIn):
    """The report the advice request becomes (the same body as a new report)."""


class AdviceFilter(Page):
    status = serializers.ChoiceField(choices=AdviceStatus.choices, required=False)
    municipality = MunicipalityField(served_only=False, required=False)
    received_from = serializers.DateField(required=False)
    received_to = serializers.DateField(required=False)


class AdviceOut(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=AdviceStatus.choices)
    received_at = serializers.DateTimeField()
    asker_type = serializers.CharField()
    anonymous = serializers.BooleanField()
    consent = serializers.BooleanField()
    asker_name = serializers.CharField(allow_blank=True)
    asker_organisation = serializers.CharField(allow_blank=True)
    asker_phone = serializers.CharField(allow_blank=True)
    municipality = serializers.CharField(allow_null=True)
    violence_forms = serializers.ListField(child=serializers.CharField())
    question = serializers.CharField()
    advice_given = serializers.CharField(allow_blank=True)
    handled_by = serializers.IntegerField(allow_null=True)
    report_id = serializers.IntegerField(allow_null=True, help_text="de melding na omzetting")


AdvicePage = paginated(AdviceOut, "AdvicePage")


def advice_body(a: Advice) -> dict:
    converted = getattr(a, "converted_report", None)
    return {
        "id": a.pk,
        "number": a.number,
        "status": a.status,
        "received_at": a.received_at,
        "asker_type": a.asker_type.code,
        "anonymous": a.anonymous,
        "consent": a.consent,
        "asker_name": a.asker_name,
        "asker_organisation": a.asker_organisation,
        "asker_phone": a.asker_phone,
        "municipality": a.municipality.cbs_code if a.municipality_id else None,
        "violence_forms": sorted(f.code for f in a.violence_forms.all()),
        "question": a.question,
        "advice_given": a.advice_given,
        "handled_by": a.handled_by_id,
        "report_id": converted.pk if converted else None,
    }


def _advices(user):
    return selectors.advices_for(user).select_related(
        "asker_type", "municipality", "converted_report"
    )


class AdviceListView(ApiView):
    rights = {"GET": Right.VIEW_CASES, "POST": Right.REGISTER_ADVICE}

    @extend_schema(operation_id="advices_list", parameters=[AdviceFilter], responses=AdvicePage)
    def get(self, request):
        f = self.query(AdviceFilter)
        qs = _advices(request.user)
        if f.get("status"):
            qs = qs.filter(status=f["status"])
        if f.get("municipality"):
            qs = qs.filter(municipality=f["municipality"])
        if f.get("received_from"):
            qs = qs.filter(received_at__date__gte=f["received_from"])
        if f.get("received_to"):
            qs = qs.filter(received_at__date__lte=f["received_to"])
        qs = qs.prefetch_related("violence_forms").order_by("-received_at", "-id")
        count = qs.count()
        advices = list(qs[f["offset"] : f["offset"] + f["limit"]])
        self.record("advice.listed", None, advice_ids=[a.pk for a in advices])
        return Response(
            AdvicePage({"count": count, "results": [advice_body(a) for a in advices]}).data
        )

    @extend_schema(operation_id="advices_create", request=AdviceIn, responses={201: AdviceOut})
    def post(self, request):
        advice = services.register_advice(by=request.user, **self.parse(AdviceIn))
        return Response(
            AdviceOut(advice_body(get_object_or_404(_advices(request.user), pk=advice.pk))).data,
            status=status.HTTP_201_CREATED,
        )


class AdviceDetailView(ApiView):
    right = Right.VIEW_CASES

    @extend_schema(operation_id="advices_read", responses=AdviceOut)
    def get(self, request, pk: int):
        advice = get_object_or_404(_advices(request.user), pk=pk)
        self.record("advice.viewed", advice)
        return Response(AdviceOut(advice_body(advice)).data)


class AdviceGiveView(ApiView):
    @extend_schema(
        operation_id="advices_give", summary="Gegeven advies vastleggen", request=GiveIn,
        responses=AdviceOut,
    )  # fmt: skip
    def post(self, request, pk: int):
        advice = get_object_or_404(_advices(request.user), pk=pk)
        services.give_advice(advice=advice, by=request.user, **self.parse(GiveIn))
        return Response(
            AdviceOut(advice_body(get_object_or_404(_advices(request.user), pk=pk))).data
        )


class AdviceConvertView(ApiView):
    @extend_schema(
        operation_id="advices_convert",
        summary="Adviesvraag omzetten in een melding",
        request=ConvertIn,
        responses={201: ReportOut},
    )
    def post(self, request, pk: int):
        advice = get_object_or_404(_advices(request.user), pk=pk)
        data = self.parse(ConvertIn)
        report = services.convert_advice_to_report(
            advice=advice, by=request.user, data=report_data(request.user, data)
        )
        report = visible_report(request.user, report.pk)
        return report_answer(self, report, status=status.HTTP_201_CREATED)
