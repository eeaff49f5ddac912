from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "meldpunt.insight"
    label = "insight"
    verbose_name = "Sturingsinformatie"
