from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "meldpunt.reference"
    label = "reference"
    verbose_name = "Referentiegegevens"

    def ready(self) -> None:
        from meldpunt.reference import cache

        cache.connect_signals()
