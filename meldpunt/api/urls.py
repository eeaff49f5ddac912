from django.urls import path

from meldpunt.api.v1 import kpi, policy

app_name = "api"
urlpatterns: list = [
    path("kpi/", kpi.KpiView.as_view(), name="kpi"),
    path("policy/riskscores/", policy.RiskScoresView.as_view(), name="policy_riskscores"),
    path("policy/forecast/", policy.ForecastView.as_view(), name="policy_forecast"),
    path("policy/capacity/", policy.CapacityView.as_view(), name="policy_capacity"),
]
