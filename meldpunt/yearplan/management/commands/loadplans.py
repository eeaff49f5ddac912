from django.core.management.base import BaseCommand

from meldpunt.yearplan.services import load_example_plans


class Command(BaseCommand):
    help = (
        "Load the example year plans (Rotterdam-Rijnmond 2020, Zuid-Holland-Zuid 2025). Idempotent."
    )

    def handle(self, *args, **options):
        for plan in load_example_plans():
            self.stdout.write(f"{plan}: {plan.kpis.count()} KPI's")
