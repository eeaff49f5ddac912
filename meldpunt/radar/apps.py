from django.apps import AppConfig


class RadarConfig(AppConfig):
    name = "meldpunt.radar"
    label = "radar"
    verbose_name = "Radar (koppeling)"
