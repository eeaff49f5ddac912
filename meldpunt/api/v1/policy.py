"""GET /api/v1/policy/riskscores/, /forecast/ and /capacity/: the policy analysis as JSON for
users with the right to see aggregates. POST to /riskscores/ and /forecast/ sends own CSV files
(as text in a JSON body) instead of the shipped factors and the register's counts; nothing is
stored. Method and parameters: docs/policy.md."""

from __future__ import annotations

import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from meldpunt.access import audit
from meldpunt.api.base import ApiView, StrictSerializer
from meldpunt.insight import policy_queries

# The audit trail takes codes only: parameters as asked, anything else left out (the service
# has refused or ignored it already).
_PLAIN = re.compile(r"^[A-Za-z0-9_.:+/-]{0,40}$")


def _audited_query(params) -> dict[str, str]:
    return {
        key: value
        for key, value in params.items()
        if re.fullmatch(r"[a-z_]{1,30}", key) and _PLAIN.match(value)
    }


def _params(*pairs: tuple[str, str]) -> list[OpenApiParameter]:
    return [OpenApiParameter(name, OpenApiTypes.STR, description=text) for name, text in pairs]


CSV_HELP = "het CSV-bestand als tekst (komma als scheidingsteken, decimale punt, UTF-8)"


class RiskUpload(StrictSerializer):
    """Own CSV files for the risk score: at least one of the two."""

    factors_csv = serializers.CharField(
        required=False, trim_whitespace=False, help_text=f"risicofactoren: {CSV_HELP}"
    )
    reports_csv = serializers.CharField(
        required=False, trim_whitespace=False, help_text=f"meldingen per 1.000: {CSV_HELP}"
    )
    sd = serializers.ChoiceField(choices=["population", "sample"], required=False)
    tier_cut = serializers.FloatField(required=False, min_value=0)
    flag_threshold = serializers.FloatField(required=False, min_value=0)

    def validate(self, attrs):
        if not attrs.get("factors_csv") and not attrs.get("reports_csv"):
            raise serializers.ValidationError(
                {"factors_csv": ["Stuur factors_csv, reports_csv of allebei."]}
            )
        return attrs


class SeriesUpload(StrictSerializer):
    """Own monthly counts for the forecast."""

    series_csv = serializers.CharField(
        trim_whitespace=False, help_text=f"maandcijfers (month,count): {CSV_HELP}"
    )
    metric = serializers.ChoiceField(choices=["reports", "advices"], required=False)
    horizon = serializers.IntegerField(required=False, min_value=1, max_value=36)
    backtest = serializers.IntegerField(required=False, min_value=0, max_value=24)


def _as_params(data: dict, csv_fields: tuple[str, ...]) -> dict[str, str]:
    return {k: str(v) for k, v in data.items() if k not in csv_fields}


class _PolicyView(ApiView):
    analysis = ""

    def compute(self, request) -> dict:
        raise NotImplementedError

    def get(self, request):
        body = self.compute(request)
        audit.record(
            "policy.viewed",
            actor=request.user,
            analysis=self.analysis,
            query=_audited_query(request.query_params),
        )
        return Response(body)

    def answer_upload(self, body: dict, params: dict, uploaded: list[str]) -> Response:
        audit.record(
            "policy.viewed",
            actor=self.request.user,
            analysis=self.analysis,
            query=_audited_query(params),
            uploaded=uploaded,
        )
        return Response(body)


class RiskScoresView(_PolicyView):
    analysis = "riskscores"

    @extend_schema(
        operation_id="policy_riskscores",
        parameters=_params(
            ("source", "register (standaard) of document: meldingen per 1.000 uit de regiovisie"),
            ("year", "jaar voor de meldingen uit het register (standaard: vorig jaar)"),
            ("sd", "population (standaard) of sample"),
            ("tier_cut", "grens voor hoog/laag in standaarddeviaties van de scores (0.5)"),
            ("flag_threshold", "grens voor het gestandaardiseerde residu (1.5)"),
        ),
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        return super().get(request)

    def compute(self, request) -> dict:
        return policy_queries.risk_scores(request.user, request.query_params).as_dict()

    @extend_schema(
        operation_id="policy_riskscores_upload",
        request=RiskUpload,
        responses={200: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        data = self.parse(RiskUpload)
        params = _as_params(data, ("factors_csv", "reports_csv"))
        answer = policy_queries.risk_scores(
            request.user,
            params,
            factors_csv=data.get("factors_csv"),
            reports_csv=data.get("reports_csv"),
        )
        uploaded = sorted(k for k in ("factors_csv", "reports_csv") if data.get(k))
        return self.answer_upload(answer.as_dict(), params, uploaded)


class ForecastView(_PolicyView):
    analysis = "forecast"

    @extend_schema(
        operation_id="policy_forecast",
        parameters=_params(
            ("metric", "reports (standaard) of advices"),
            ("horizon", "maanden vooruit, 1-36 (12)"),
            ("backtest", "startmaanden voor de terugtoets, 0-24 (6)"),
        ),
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        return super().get(request)

    def compute(self, request) -> dict:
        return policy_queries.register_forecast(request.user, request.query_params).as_dict()

    @extend_schema(
        operation_id="policy_forecast_upload",
        request=SeriesUpload,
        responses={200: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        data = self.parse(SeriesUpload)
        params = _as_params(data, ("series_csv",))
        result = policy_queries.register_forecast(
            request.user, params, series_csv=data["series_csv"]
        )
        return self.answer_upload(result.as_dict(), params, ["series_csv"])


class CapacityView(_PolicyView):
    analysis = "capacity"

    @extend_schema(
        operation_id="policy_capacity",
        parameters=_params(
            ("advices", "adviezen per jaar"),
            ("reports", "meldingen (triage) per jaar"),
            ("support", "Voorwaarden & Vervolg per jaar"),
            ("investigations", "onderzoeken per jaar"),
            ("monitoring", "monitoringen per jaar"),
            ("year", "neem de niet opgegeven volumes uit het register voor dit jaar"),
            ("from_forecast", "1: neem de niet opgegeven volumes uit de voorspelling (12 maanden)"),
            ("norms", "regional (standaard) of national"),
            ("hours_per_fte", "productieve uren per fte (1350)"),
            ("available_fte", "beschikbare fte: geeft gap_fte"),
        ),
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        return super().get(request)

    def compute(self, request) -> dict:
        return policy_queries.capacity_plan(request.user, request.query_params).as_dict()
