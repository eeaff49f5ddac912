from pathlib import Path

from django.core.management.base import BaseCommand

from meldpunt.process.processdoc import render

DEFAULT = Path(__file__).resolve().parents[4] / "docs" / "process.md"


class Command(BaseCommand):
    help = "Render the process's transition table into docs/process.md."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=DEFAULT)

    def handle(self, *args, output: Path, **options):
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(render(), encoding="utf-8")
        self.stdout.write(f"written {output}")
