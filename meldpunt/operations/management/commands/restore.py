import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meldpunt.errors import DomainError
from meldpunt.operations.backup import restore


class Command(BaseCommand):
    help = "Replace the database's contents with a backup made by `meldpunt backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that the current contents may be replaced."
        )

    def handle(self, *args, file: Path, yes: bool, **options):
        if not yes:
            raise CommandError("Herstel vervangt alle huidige gegevens: bevestig met --yes.")
        try:
            restore(file)
        except DomainError as err:
            raise CommandError(err.message) from err
        except subprocess.CalledProcessError as err:
            raise CommandError(f"pg_restore faalde: {err.stderr.decode(errors='replace')}") from err
        self.stdout.write(f"hersteld uit {file}")
