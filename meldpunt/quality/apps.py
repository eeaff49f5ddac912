from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "meldpunt.quality"
    label = "quality"
    verbose_name = "Kwaliteit: tevredenheid en klachten"
