from django.core.management.base import BaseCommand

from meldpunt.reference.services import load_reference


class Command(BaseCommand):
    help = "Load the shipped reference data (municipalities, work areas, categories). Idempotent."

    def handle(self, *args, **options):
        counts = load_reference()
        for name, n in counts.items():
            self.stdout.write(f"{name}: {n}")
