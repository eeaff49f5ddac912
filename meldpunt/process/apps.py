from django.apps import AppConfig


class ProcessConfig(AppConfig):
    name = "meldpunt.process"
    label = "process"
    verbose_name = "Proces"
