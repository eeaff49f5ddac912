from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meldpunt.errors import DomainError
from meldpunt.reference.services import load_population


class Command(BaseCommand):
    help = "Load official CBS population figures from a CSV (cbs_code, year, population)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", default="CBS")

    def handle(self, *args, file: Path, source: str, **options):
        if not file.exists():
            raise CommandError(f"Bestand niet gevonden: {file}")
        try:
            n = load_population(file.read_text(encoding="utf-8-sig"), source=source)
        except DomainError as err:
            raise CommandError(err.message) from err
        self.stdout.write(f"{n} inwonertallen geladen")
