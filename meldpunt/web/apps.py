from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "meldpunt.web"
    label = "web"
    verbose_name = "Webapplicatie"
