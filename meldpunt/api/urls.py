from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from meldpunt.api.v1 import acute, kpi, policy

app_name = "api"
urlpatterns: list = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("kpi/", kpi.KpiView.as_view(), name="kpi"),
    path("policy/riskscores/", policy.RiskScoresView.as_view(), name="policy_riskscores"),
    path("policy/forecast/", policy.ForecastView.as_view(), name="policy_forecast"),
    path("policy/capacity/", policy.CapacityView.as_view(), name="policy_capacity"),
    path(
        "restraining-orders/",
        acute.RestrainingOrderListView.as_view(),
        name="restraining_orders",
    ),
    path(
        "restraining-orders/<int:pk>/",
        acute.RestrainingOrderDetailView.as_view(),
        name="restraining_order",
    ),
    *[
        path(
            f"restraining-orders/<int:pk>/{verb}",
            acute.order_verb_view(verb),
            name=f"restraining_order_{verb.replace('-', '_')}",
        )
        for verb in acute.ORDER_VERBS
    ],
    path("crisis-interventions/", acute.CrisisListView.as_view(), name="crisis_interventions"),
    path(
        "crisis-interventions/<int:pk>/",
        acute.CrisisDetailView.as_view(),
        name="crisis_intervention",
    ),
    path(
        "crisis-interventions/<int:pk>/complete",
        acute.CrisisCompleteView.as_view(),
        name="crisis_intervention_complete",
    ),
    path(
        "crisis-interventions/<int:pk>/handover",
        acute.CrisisHandoverView.as_view(),
        name="crisis_intervention_handover",
    ),
]
