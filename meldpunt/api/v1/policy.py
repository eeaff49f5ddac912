"""GET /api/v1/policy/riskscores/, /forecast/ and /capacity/: the policy analysis as JSON for
users with the right to see aggregates. Method and parameters: docs/policy.md."""

from __future__ import annotations

import re

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from meldpunt.access import audit
from meldpunt.api.base import ApiView
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
