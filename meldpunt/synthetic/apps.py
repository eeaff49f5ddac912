from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    name = "meldpunt.synthetic"
    label = "synthetic"
    verbose_name = "Synthetische gegevens"
