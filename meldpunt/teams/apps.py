from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "meldpunt.teams"
    label = "teams"
    verbose_name = "Teams: toewijzing en vervanging"
