from django.urls import path

from meldpunt.api.v1 import kpi

app_name = "api"
urlpatterns: list = [
    path("kpi/", kpi.KpiView.as_view(), name="kpi"),
]
