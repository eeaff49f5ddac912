from django.apps import AppConfig


class YearplanConfig(AppConfig):
    name = "meldpunt.yearplan"
    label = "yearplan"
    verbose_name = "Jaarplan en KPI-tabel"

    def ready(self) -> None:
        from meldpunt.reference import cache
        from meldpunt.yearplan.models import PlanKpi

        cache.clear_on_change(PlanKpi)  # `selectors.owns_indicators` keeps the owners per process
