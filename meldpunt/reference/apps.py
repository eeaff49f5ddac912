from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "meldpunt.reference"
    label = "reference"
    verbose_name = "Referentiegegevens"
