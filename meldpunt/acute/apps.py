from django.apps import AppConfig


class AcuteConfig(AppConfig):
    name = "meldpunt.acute"
    label = "acute"
    verbose_name = "Acute onveiligheid"
