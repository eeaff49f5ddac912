"""The radar over the API: `POST /api/v1/persons/match/` returns the known people who may be
the person described, ranked, with probability and evidence — the same check the web intake
makes before saving. POST, not GET, so a name or BSN never lands in a URL or a log.

A match on a shielded file the caller is not named on comes back as `shielded: true` with only
the professionals to contact: no person id, name, probability or evidence."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from meldpunt.access.roles import Right
from meldpunt.api.base import ApiView, StrictSerializer
from meldpunt.radar import selectors
from meldpunt.registry.models import Sex


class PersonDetailsIn(StrictSerializer):
    given_names = serializers.CharField(max_length=200, required=False, allow_blank=True)
    surname_prefix = serializers.CharField(max_length=20, required=False, allow_blank=True)
    surname = serializers.CharField(max_length=200, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    bsn = serializers.CharField(max_length=9, required=False, allow_blank=True)
    street = serializers.CharField(max_length=200, required=False, allow_blank=True)
    house_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    postcode = serializers.CharField(max_length=10, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)


class MatchIn(PersonDetailsIn):
    companions = serializers.ListField(
        child=PersonDetailsIn(),
        required=False,
        default=list,
        max_length=12,
        help_text="De andere betrokkenen bij de melding: bewijs uit het huishouden.",
    )
    limit = serializers.IntegerField(min_value=1, max_value=20, required=False, default=5)

    def validate(self, attrs):
        if not any(attrs.get(f) for f in ("given_names", "surname", "bsn", "date_of_birth")):
            raise serializers.ValidationError(
                "Geef ten minste een naam, een geboortedatum of een BSN op."
            )
        return attrs


class EvidenceOut(serializers.Serializer):
    field = serializers.CharField(help_text="given_name, surname, dob, sex, bsn, address, ...")
    label = serializers.CharField()
    level = serializers.CharField(help_text="exact, near, swapped, typo, missing, else, ...")
    agreement = serializers.ChoiceField(choices=["agree", "partial", "disagree", "missing"])
    weight = serializers.FloatField(help_text="log2 Bayes factor; 0 for unweighted evidence")


class MatchOut(serializers.Serializer):
    shielded = serializers.BooleanField()
    contacts = serializers.ListField(child=serializers.CharField())
    person_id = serializers.IntegerField(allow_null=True)
    identity_id = serializers.IntegerField(allow_null=True)
    probability = serializers.FloatField(allow_null=True)
    likely = serializers.BooleanField()
    records = serializers.IntegerField()
    reports = serializers.IntegerField()
    last_report_at = serializers.DateTimeField(allow_null=True)
    evidence = EvidenceOut(many=True)


def _out(match: selectors.Match) -> dict:
    if match.shielded:
        return {
            "shielded": True,
            "contacts": list(match.contacts),
            "person_id": None,
            "identity_id": None,
            "probability": None,
            "likely": False,
            "records": 0,
            "reports": 0,
            "last_report_at": None,
            "evidence": [],
        }
    return {
        "shielded": False,
        "contacts": [],
        "person_id": match.person.pk if match.person else None,
        "identity_id": match.identity_id,
        "probability": match.probability,
        "likely": match.likely,
        "records": match.records,
        "reports": match.reports,
        "last_report_at": match.last_report_at,
        "evidence": [e.__dict__ for e in match.all_evidence],
    }


class PersonMatchView(ApiView):
    right = Right.REGISTER_REPORT

    @extend_schema(operation_id="persons_match", request=MatchIn, responses=MatchOut(many=True))
    def post(self, request):
        data = self.parse(MatchIn)
        companions = data.pop("companions")
        limit = data.pop("limit")
        matches = selectors.match(request.user, data, companions=companions, limit=limit)
        self.record(
            "person.searched",
            None,
            person_ids=[m.person.pk for m in matches if m.person],
            shielded_matches=sum(1 for m in matches if m.shielded),
        )
        return Response(MatchOut([_out(m) for m in matches], many=True).data)
