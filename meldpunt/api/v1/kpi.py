"""GET /api/v1/kpi/: the management information as JSON, the same object `meldpunt kpi
--format json` writes. Query: period (2025-03, 2025Q1, 2025H1, 2025) or from/to, area or
municipality (name or CBS code), norms (settings, vtrr, vtzhz)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from meldpunt.access import audit
from meldpunt.api.base import ApiView
from meldpunt.insight.selectors import figures_for


class KpiView(ApiView):
    @extend_schema(
        operation_id="kpi",
        parameters=[
            OpenApiParameter(name, OpenApiTypes.STR, description=text)
            for name, text in (
                ("period", "2025-03, 2025Q1, 2025H1 of 2025"),
                ("from", "begindatum JJJJ-MM-DD (met to)"),
                ("to", "einddatum JJJJ-MM-DD, inclusief"),
                ("area", "werkgebied (naam)"),
                ("municipality", "gemeente (naam of CBS-code)"),
                ("norms", "settings, vtrr of vtzhz"),
            )
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        figures = figures_for(request.user, request.query_params)
        audit.record(
            "kpi.viewed",
            actor=request.user,
            remote_addr=request.META.get("REMOTE_ADDR"),
            scope=figures.scope.kind,
            municipality_id=getattr(figures.scope.municipality, "pk", None),
            work_area_id=getattr(figures.scope.work_area, "pk", None),
            period=[figures.period.start.isoformat(), figures.period.end.isoformat()],
        )
        return Response(figures.as_dict())
