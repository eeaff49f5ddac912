from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "meldpunt.operations"
    label = "operations"
    verbose_name = "Beheer: back-up en herstel"
