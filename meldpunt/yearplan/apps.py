from django.apps import AppConfig


class YearplanConfig(AppConfig):
    name = "meldpunt.yearplan"
    label = "yearplan"
    verbose_name = "Jaarplan en KPI-tabel"
