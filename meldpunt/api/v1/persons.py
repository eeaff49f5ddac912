"""People: search (POSTed: a name or BSN never lands in a URL or a log) and the person with
every report they appear on that the caller may see."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from meldpunt.access.roles import Right
from meldpunt.access.visibility import (
    CONFIDENTIAL_ADDRESS_READ,
    address_of,
    confidential_addresses_shown,
)
from meldpunt.api.base import ApiView, StrictSerializer
from meldpunt.registry import selectors
from meldpunt.registry.models import InvolvementRole, Person, Sex
from meldpunt.registry.validators import validate_bsn


class SearchIn(StrictSerializer):
    bsn = serializers.CharField(
        max_length=9, required=False, default="", allow_blank=True, validators=[validate_bsn]
    )
    surname = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True,
        help_text="begin van de achternaam, ten minste twee letters",
    )  # fmt: skip
    given_names = serializers.CharField(
        max_length=200, required=False, default="", allow_blank=True
    )
    date_of_birth = serializers.DateField(required=False)

    def validate_surname(self, value: str) -> str:
        value = value.strip()
        if value and len(value) < 2:
            raise serializers.ValidationError("Geef ten minste twee letters van de achternaam.")
        return value

    def validate(self, data):
        if not (data["bsn"] or data["surname"] or data.get("date_of_birth")):
            raise serializers.ValidationError("Zoek op BSN, op achternaam of op geboortedatum.")
        return data


class PersonOut(serializers.Serializer):
    id = serializers.IntegerField()
    given_names = serializers.CharField(allow_blank=True)
    surname_prefix = serializers.CharField(allow_blank=True)
    surname = serializers.CharField(allow_blank=True)
    date_of_birth = serializers.DateField(allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices)
    bsn = serializers.CharField(allow_blank=True)
    street = serializers.CharField(allow_blank=True)
    house_number = serializers.CharField(allow_blank=True)
    postcode = serializers.CharField(allow_blank=True)
    city = serializers.CharField(allow_blank=True)
    municipality = serializers.CharField(allow_null=True)
    confidential_address = serializers.BooleanField()
    household_id = serializers.IntegerField(allow_null=True)


class InvolvementOut(serializers.Serializer):
    report_id = serializers.IntegerField()
    report_number = serializers.CharField()
    case_id = serializers.IntegerField()
    role = serializers.ChoiceField(choices=InvolvementRole.choices)
    received_at = serializers.DateTimeField()
    status = serializers.CharField()


class PersonDetailOut(PersonOut):
    involvements = InvolvementOut(many=True)


class SearchOut(serializers.Serializer):
    results = PersonOut(many=True)


def person_body(user, p: Person, *, in_results: bool = False) -> dict:
    return {
        "id": p.pk,
        "given_names": p.given_names,
        "surname_prefix": p.surname_prefix,
        "surname": p.surname,
        "date_of_birth": p.date_of_birth,
        "sex": p.sex,
        "bsn": p.bsn,
        **address_of(user, p, in_results=in_results),
        "municipality": p.municipality.cbs_code if p.municipality_id else None,
        "confidential_address": p.confidential_address,
        "household_id": p.household_id,
    }


class PersonSearchView(ApiView):
    right = Right.VIEW_CASES

    @extend_schema(
        operation_id="persons_search",
        summary="Personen zoeken op BSN, achternaam (begin) of geboortedatum",
        request=SearchIn,
        responses=SearchOut,
    )
    def post(self, request):
        data = self.parse(SearchIn)
        found = selectors.search_people(request.user, **data)
        self.record(
            "person.searched",
            None,
            criteria=sorted(k for k, v in data.items() if v),
            person_ids=[p.pk for p in found],
        )
        return Response(
            SearchOut(
                {"results": [person_body(request.user, p, in_results=True) for p in found]}
            ).data
        )


class PersonDetailView(ApiView):
    right = Right.VIEW_CASES

    @extend_schema(operation_id="persons_read", responses=PersonDetailOut)
    def get(self, request, pk: int):
        person = get_object_or_404(
            selectors.people_for(request.user).select_related("municipality"), pk=pk
        )
        involvements = (
            person.involvements.filter(report__in=selectors.reports_for(request.user).values("pk"))
            .select_related("report")
            .order_by("-report__received_at")
        )
        body = {
            **person_body(request.user, person),
            "involvements": [
                {
                    "report_id": i.report_id,
                    "report_number": i.report.number,
                    "case_id": i.report.case_id,
                    "role": i.role,
                    "received_at": i.report.received_at,
                    "status": i.report.status,
                }
                for i in involvements
            ],
        }
        self.record("person.viewed", person)
        if confidential_addresses_shown(request.user, [person]):
            self.record(CONFIDENTIAL_ADDRESS_READ, person)
        return Response(PersonDetailOut(body).data)
