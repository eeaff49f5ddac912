from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "meldpunt.access"
    label = "access"
    verbose_name = "Toegang en audit"
