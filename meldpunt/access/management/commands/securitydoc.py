from pathlib import Path

from django.core.management.base import BaseCommand

from meldpunt.access.securitydoc import render

DEFAULT = Path(__file__).resolve().parents[4] / "docs" / "security.md"


class Command(BaseCommand):
    help = "Render the roles matrix and the security measures into docs/security.md."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=DEFAULT)

    def handle(self, *args, output: Path, **options):
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render(), encoding="utf-8")
        self.stdout.write(f"written {output}")
