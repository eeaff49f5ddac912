"""Services after the triage decision (Voorwaarden & Vervolg, Onderzoek, Monitoring): read,
list, and the steps as verbs: hand over, propose closing, approve or send back the closing
(four-eyes), record a monitoring evaluation; and extending a term. A service starts when its
triage decision is approved (`POST /reports/{id}/approve-decision`); monitoring starts when a
V&V or Onderzoek is closed."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from meldpunt import clock
from meldpunt.access.roles import Right
from meldpunt.api.base import ApiView, Page, StrictSerializer, paginated
from meldpunt.api.v1.fields import (
    CodeField,
    DestinationField,
    VersionIn,
    check_version,
    optional_text,
    recent_date,
    text,
)
from meldpunt.api.v1.reports import TermOut, term_body
from meldpunt.process import selectors, services
from meldpunt.process.models import Service, ServiceKind
from meldpunt.process.states import SERVICE_STATUS_LABELS, ServiceStatus
from meldpunt.reference.cbs import InvestigationFinding
from meldpunt.reference.models import ViolenceForm

SERVICE_STATUSES = [(s.value, SERVICE_STATUS_LABELS[s]) for s in ServiceStatus]


class EvaluationOut(serializers.Serializer):
    id = serializers.IntegerField()
    moment = serializers.IntegerField(help_text="maanden na de overdracht")
    due_on = serializers.DateField(allow_null=True)
    done_on = serializers.DateField(allow_null=True)
    score_family = serializers.IntegerField(allow_null=True)
    score_professionals = serializers.IntegerField(allow_null=True)


class HandoverOut(serializers.Serializer):
    id = serializers.IntegerField()
    destination = serializers.CharField()
    handed_over_on = serializers.DateField()
    warm = serializers.BooleanField()


class FindingOut(serializers.Serializer):
    violence_form = serializers.CharField()
    finding = serializers.ChoiceField(choices=InvestigationFinding.choices)


class ServiceOut(serializers.Serializer):
    id = serializers.IntegerField()
    report_id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ServiceKind.choices)
    status = serializers.ChoiceField(choices=SERVICE_STATUSES)
    version = serializers.IntegerField()
    started_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    previous_id = serializers.IntegerField(allow_null=True)
    assigned_to = serializers.IntegerField(allow_null=True)
    conclusion = serializers.CharField(allow_blank=True)
    open_terms = TermOut(many=True)
    evaluations = EvaluationOut(many=True)
    handovers = HandoverOut(many=True)
    findings = FindingOut(many=True)


ServicePage = paginated(ServiceOut, "ServicePage")


def service_body(s: Service) -> dict:
    return {
        "id": s.pk,
        "report_id": s.report_id,
        "case_id": s.report.case_id,
        "kind": s.kind,
        "status": s.status,
        "version": s.version,
        "started_on": s.started_on,
        "closed_on": s.closed_on,
        "previous_id": s.previous_id,
        "assigned_to": s.assigned_to_id,
        "conclusion": s.conclusion,
        "open_terms": [term_body(t) for t in s.terms.open().order_by("due_on", "id")],
        "evaluations": [
            {
                "id": e.pk,
                "moment": e.moment,
                "due_on": getattr(getattr(e, "term", None), "due_on", None),
                "done_on": e.done_on,
                "score_family": e.score_family,
                "score_professionals": e.score_professionals,
            }
            for e in s.evaluations.select_related("term").order_by("moment")
        ],
        "handovers": [
            {
                "id": h.pk,
                "destination": h.destination.code,
                "handed_over_on": h.handed_over_on,
                "warm": h.warm,
            }
            for h in s.handovers.select_related("destination").order_by("handed_over_on", "id")
        ],
        "findings": [
            {"violence_form": f.violence_form.code, "finding": f.finding}
            for f in s.findings.select_related("violence_form").order_by("id")
        ],
    }


def visible_service(user, pk: int) -> Service:
    return get_object_or_404(selectors.services_for(user).select_related("report"), pk=pk)


class ServiceFilter(Page):
    kind = serializers.ChoiceField(choices=ServiceKind.choices, required=False)
    status = serializers.ChoiceField(choices=SERVICE_STATUSES, required=False)
    report = serializers.IntegerField(min_value=1, max_value=2**53 - 1, required=False)


class ServiceListView(ApiView):
    right = Right.VIEW_CASES

    @extend_schema(operation_id="services_list", parameters=[ServiceFilter], responses=ServicePage)
    def get(self, request):
        f = self.query(ServiceFilter)
        qs = selectors.services_for(request.user).select_related("report")
        if f.get("kind"):
            qs = qs.filter(kind=f["kind"])
        if f.get("status"):
            qs = qs.filter(status=f["status"])
        if f.get("report"):
            qs = qs.filter(report_id=f["report"])
        qs = qs.order_by("-started_on", "-id")
        count = qs.count()
        found = list(qs[f["offset"] : f["offset"] + f["limit"]])
        self.record("service.listed", None, cases=[s.report.case_id for s in found])
        return Response(
            ServicePage({"count": count, "results": [service_body(s) for s in found]}).data
        )


class ServiceDetailView(ApiView):
    right = Right.VIEW_CASES

    @extend_schema(operation_id="services_read", responses=ServiceOut)
    def get(self, request, pk: int):
        service = visible_service(request.user, pk)
        self.record("service.viewed", service, report_id=service.report_id)
        return Response(ServiceOut(service_body(service)).data)


class ServiceHandoverIn(StrictSerializer):
    destination = DestinationField()
    handed_over_on = recent_date()
    warm = serializers.BooleanField(default=False)
    note = optional_text()


class FindingIn(StrictSerializer):
    violence_form = CodeField(ViolenceForm, help_text="code van de geweldsvorm")
    finding = serializers.ChoiceField(choices=InvestigationFinding.choices)


class ProposeCloseIn(VersionIn):
    conclusion = text()
    findings = FindingIn(
        many=True, required=False, max_length=20, help_text="Onderzoek: uitkomst per geweldsvorm"
    )


class ApproveCloseIn(VersionIn):
    note = optional_text()
    monitor = serializers.BooleanField(
        default=True, help_text="na V&V of Onderzoek monitoring starten (standaard ja)"
    )


class RejectCloseIn(VersionIn):
    reason = text()


class EvaluationIn(StrictSerializer):
    done_on = recent_date()
    score_family = serializers.IntegerField(min_value=1, max_value=10, required=False)
    score_professionals = serializers.IntegerField(min_value=1, max_value=10, required=False)
    note = optional_text()


def _hand_over(service, by, data):
    services.record_handover(report=service.report, by=by, service=service, **data)


def _propose_close(service, by, data):
    findings = {f["violence_form"].pk: f["finding"] for f in data.get("findings") or []}
    services.propose_service_close(
        service=service, by=by, conclusion=data["conclusion"], findings=findings or None
    )


def _approve_close(service, by, data):
    services.approve_service_close(service=service, by=by, **data)


def _reject_close(service, by, data):
    services.reject_service_close(service=service, by=by, reason=data["reason"])


SERVICE_VERBS = {
    "hand-over": (ServiceHandoverIn, _hand_over, "Overdracht vastleggen"),
    "propose-close": (ProposeCloseIn, _propose_close, "Afsluiting voorstellen"),
    "approve-close": (
        ApproveCloseIn,
        _approve_close,
        "Afsluiting accorderen (tweede professional; niet uw eigen voorstel)",
    ),
    "reject-close": (RejectCloseIn, _reject_close, "Afsluiting terugsturen, met reden"),
}


def service_verb_view(verb: str):
    serializer_class, action, summary = SERVICE_VERBS[verb]

    class _Verb(ApiView):
        @extend_schema(
            operation_id=f"services_{verb.replace('-', '_')}",
            summary=summary,
            request=serializer_class,
            responses=ServiceOut,
        )
        def post(self, request, pk: int):
            service = visible_service(request.user, pk)
            data = dict(self.parse(serializer_class))
            check_version(service, data)
            data.pop("version", None)
            action(service, request.user, data)
            return Response(ServiceOut(service_body(visible_service(request.user, pk))).data)

    _Verb.__name__ = f"Service_{verb.replace('-', '_')}"
    return _Verb.as_view()


class EvaluationView(ApiView):
    @extend_schema(
        operation_id="services_record_evaluation",
        summary="Monitoringsevaluatie vastleggen met veiligheidscijfers (1-10)",
        request=EvaluationIn,
        responses=ServiceOut,
    )
    def post(self, request, pk: int, evaluation_id: int):
        service = visible_service(request.user, pk)
        evaluation = get_object_or_404(service.evaluations, pk=evaluation_id)
        data = self.parse(EvaluationIn)
        services.record_evaluation(
            evaluation=evaluation,
            by=request.user,
            done_on=data["done_on"],
            score_family=data.get("score_family"),
            score_professionals=data.get("score_professionals"),
            note=data["note"],
        )
        return Response(ServiceOut(service_body(visible_service(request.user, pk))).data)


def _within_two_years(value: dt.date) -> None:
    today = clock.today()
    if value < today:
        raise serializers.ValidationError("De nieuwe termijn ligt in het verleden.")
    if value > today + dt.timedelta(days=731):
        raise serializers.ValidationError("Verleng met ten hoogste twee jaar.")


class TermExtendIn(StrictSerializer):
    until = serializers.DateField(validators=[_within_two_years])
    reason = text()


class TermExtendView(ApiView):
    @extend_schema(
        operation_id="terms_extend",
        summary="Termijn verlengen met reden (de oorspronkelijke datum blijft voor de KPI's)",
        request=TermExtendIn,
        responses=TermOut,
    )
    def post(self, request, pk: int):
        term = get_object_or_404(selectors.open_terms_for(request.user), pk=pk)
        services.extend_term(term=term, by=request.user, **self.parse(TermExtendIn))
        term.refresh_from_db()
        return Response(TermOut(term_body(term)).data)
