"""POST /api/v1/intake/police/: police reports from the police interface, one or a batch.

The format (docs/police-intake.md) is `PoliceReportIn`; a batch is `{"reports": [...]}` of up
to 500 of them. Each report stands alone: it is stored whole or not at all, a bad one does not
stop the others, and the answer has a result per report. The registration number is the key:
a report sent again answers the report that exists (`"result": "existing"`).
`meldpunt import-police FILE` takes in the same reports from a file (`take_in_item`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from meldpunt import clock
from meldpunt.access.roles import Right
from meldpunt.api.base import ApiView, StrictSerializer
from meldpunt.api.problems import domain_body, validation_body
from meldpunt.api.v1.fields import (
    MunicipalityField,
    PersonIn,
    ViolenceFormsField,
    optional_text,
    recent_date,
    text,
)
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.registry import police
from meldpunt.registry.models import Report
from meldpunt.registry.services import PersonData
from meldpunt.registry.validators import validate_postcode

MAX_BATCH = 500
POLICE_REFERENCE = r"^[A-Za-z0-9][A-Za-z0-9._/-]{2,39}$"
INVALID = "invalid"


class PlaceIn(StrictSerializer):
    municipality = MunicipalityField(served_only=False, help_text="CBS-code, bijvoorbeeld GM0606")
    street = optional_text(200)
    house_number = optional_text(20)
    postcode = serializers.CharField(
        max_length=7, required=False, default="", allow_blank=True, validators=[validate_postcode]
    )
    city = optional_text(100)


class IncidentIn(StrictSerializer):
    date = recent_date(help_text="datum van het incident")
    time = serializers.TimeField(required=False, help_text="tijdstip (HH:MM), als bekend")
    place = PlaceIn()


class PolicePersonIn(PersonIn):
    """A person in the police report, with their role (victim, suspect, child, other)."""

    person_id = None
    confidential_address = None


class OfficerIn(StrictSerializer):
    name = optional_text(200)
    unit = optional_text(200)
    phone = optional_text(40)


def _sent_at_sane(value: dt.datetime) -> None:
    if value.date() < dt.date(2000, 1, 1):
        raise serializers.ValidationError("Deze datum ligt vóór 01-01-2000.")
    if value > clock.now() + dt.timedelta(days=1):
        raise serializers.ValidationError("Dit tijdstip ligt in de toekomst.")


class PoliceReportIn(StrictSerializer):
    """One police report (politiezorgmelding)."""

    police_reference = serializers.RegexField(
        POLICE_REFERENCE,
        max_length=40,
        help_text="registratienummer van de politie: de sleutel (een tweede keer zenden maakt "
        "niets nieuws)",
    )
    sent_at = serializers.DateTimeField(
        required=False,
        validators=[_sent_at_sane],
        help_text="verzonden door de politie; de triagetermijn loopt vanaf de ontvangst",
    )
    incident = IncidentIn()
    people = PolicePersonIn(many=True, min_length=1, max_length=20)
    assessment = text(20_000, help_text="de eigen beoordeling van de politie (zorgmelding)")
    violence_forms = ViolenceFormsField()
    acute = serializers.BooleanField(default=False, help_text="acute onveiligheid volgens politie")
    officer = OfficerIn(required=False, help_text="de verbalisant of het basisteam")


class PoliceBatchIn(StrictSerializer):
    """A batch: every element is a police report (PoliceReportIn), judged on its own; an
    invalid one comes back as 'invalid' without stopping the others."""

    reports = serializers.ListField(
        child=serializers.DictField(),
        min_length=1,
        max_length=MAX_BATCH,
        help_text=f"1 tot {MAX_BATCH} politiemeldingen, elk in het formaat van PoliceReport",
    )


class ReportRef(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    case_id = serializers.IntegerField()
    status = serializers.CharField()
    triage_due = serializers.DateField(allow_null=True)


class ProblemOut(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.ListField(child=serializers.DictField(), required=False)


class ItemResult(serializers.Serializer):
    index = serializers.IntegerField(help_text="plaats in de batch (0 = de eerste)")
    police_reference = serializers.CharField(allow_null=True)
    result = serializers.ChoiceField(choices=[police.CREATED, police.EXISTING, INVALID])
    report = ReportRef(allow_null=True)
    problem = ProblemOut(allow_null=True, help_text="waarom de melding is afgewezen")


class BatchResult(serializers.Serializer):
    created = serializers.IntegerField()
    existing = serializers.IntegerField()
    invalid = serializers.IntegerField()
    results = ItemResult(many=True)


def _person(item: dict) -> PersonData:
    return PersonData(**item)


def police_report(data: dict) -> police.PoliceReport:
    place = data["incident"]["place"]
    officer = data.get("officer") or {}
    return police.PoliceReport(
        police_reference=data["police_reference"],
        incident_date=data["incident"]["date"],
        incident_time=data["incident"].get("time"),
        place=police.IncidentPlace(**place),
        people=[_person(p) for p in data["people"]],
        assessment=data["assessment"],
        sent_at=data.get("sent_at"),
        violence_forms=data["violence_forms"],
        acute=data["acute"],
        officer_name=officer.get("name", ""),
        officer_unit=officer.get("unit", ""),
        officer_phone=officer.get("phone", ""),
    )


def report_ref(report: Report) -> dict:
    triage_due = report.terms.filter(kind="triage").values_list("due_on", flat=True).first()
    return {
        "id": report.pk,
        "number": report.number,
        "case_id": report.case_id,
        "status": report.status,
        "triage_due": triage_due,
    }


def _reference_of(raw: Any) -> str | None:
    value = raw.get("police_reference") if isinstance(raw, dict) else None
    return value if isinstance(value, str) and len(value) <= 40 else None


def take_in_item(by, raw: Any, index: int = 0) -> dict:
    """One police report as it arrived (parsed JSON): validated, then taken in once.
    Returns the item's result; a NotAllowed is raised (the caller may not take in at all)."""
    reference = _reference_of(raw)
    result = {"index": index, "police_reference": reference, "report": None}
    known = police.existing(reference) if reference else None
    if known is not None:  # a report sent again: answered without reading it again
        return {**result, "result": police.EXISTING, "report": report_ref(known), "problem": None}
    serializer = PoliceReportIn(data=raw)
    if not serializer.is_valid():
        return {**result, "result": INVALID, "problem": validation_body(serializer.errors)}
    try:
        intake = police.take_in(by=by, item=police_report(serializer.validated_data))
    except NotAllowed:
        raise
    except DomainError as err:
        return {**result, "result": INVALID, "problem": domain_body(err)}
    return {**result, "result": intake.result, "report": report_ref(intake.report), "problem": None}


class PoliceIntakeView(ApiView):
    right = Right.POLICE_INTAKE

    @extend_schema(
        operation_id="intake_police",
        summary="Politiemelding(en) aanleveren: één melding of een batch",
        request=PolymorphicProxySerializer(
            component_name="PoliceIntake",
            serializers=[PoliceReportIn, PoliceBatchIn],
            resource_type_field_name=None,
        ),
        responses={
            201: ItemResult,
            200: PolymorphicProxySerializer(
                component_name="PoliceIntakeResult",
                serializers=[ItemResult, BatchResult],
                resource_type_field_name=None,
            ),
        },
        description="Eén melding: 201 wanneer nieuw, 200 met `result: existing` wanneer het "
        "politienummer al bekend is, 400 wanneer ongeldig. Een batch (`reports`): altijd 200 "
        "met per melding `created`, `existing` of `invalid` (met de reden).",
    )
    def post(self, request):
        data = request.data
        if isinstance(data, dict) and "reports" in data:
            envelope = self.parse(PoliceBatchIn)
            results = [
                take_in_item(request.user, raw, index)
                for index, raw in enumerate(envelope["reports"])
            ]
            counts = {k: sum(r["result"] == k for r in results) for k in (
                police.CREATED, police.EXISTING, INVALID
            )}  # fmt: skip
            return Response(BatchResult({**counts, "results": results}).data)
        single = self.parse(PoliceReportIn)
        intake = police.take_in(by=request.user, item=police_report(single))
        body = {
            "index": 0,
            "police_reference": single["police_reference"],
            "result": intake.result,
            "report": report_ref(intake.report),
            "problem": None,
        }
        return Response(
            ItemResult(body).data, status=201 if intake.result == police.CREATED else 200
        )
