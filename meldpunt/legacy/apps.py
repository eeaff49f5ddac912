from django.apps import AppConfig


class LegacyConfig(AppConfig):
    name = "meldpunt.legacy"
    label = "legacy"
    verbose_name = "Migratie uit een bestaand registratiesysteem"
