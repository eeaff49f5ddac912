import datetime as dt
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from meldpunt.errors import DomainError
from meldpunt.operations.backup import backup


class Command(BaseCommand):
    help = "Write a consistent backup of the database (SQLite backup API or pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Backup file (default: DATA_DIR/backups/meldpunt-TIMESTAMP.backup)",
        )

    def handle(self, *args, output: Path | None, **options):
        if output is None:
            stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            output = Path(settings.DATA_DIR) / "backups" / f"meldpunt-{stamp}.backup"
        if output.exists():
            raise CommandError(f"{output} bestaat al; kies een andere naam.")
        try:
            path = backup(output)
        except DomainError as err:
            raise CommandError(err.message) from err
        except subprocess.CalledProcessError as err:
            raise CommandError(f"pg_dump faalde: {err.stderr.decode(errors='replace')}") from err
        self.stdout.write(f"back-up geschreven: {path} ({path.stat().st_size} bytes)")
