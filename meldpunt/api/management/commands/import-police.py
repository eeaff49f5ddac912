import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from meldpunt.access import audit
from meldpunt.api.clients import system_client
from meldpunt.api.police_import import count_items, import_file
from meldpunt.errors import DomainError


class Command(BaseCommand):
    help = (
        'Take in police reports from a file (JSON Lines, or a JSON array / {"reports": [...]}) '
        "in the format of POST /api/v1/intake/police/ (docs/police-intake.md). Each report is "
        "stored whole or not at all; after an interruption run the same command again: reports "
        "already in the register are skipped, nothing is registered twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--client",
            default="politie-import",
            help="the system client that registers the reports (role 'system'; created when "
            "missing)",
        )
        parser.add_argument(
            "--rejected",
            type=Path,
            help="write the rejected reports' results (JSON Lines, with the reason) here",
        )

    def handle(self, *args, file: Path, client: str, rejected: Path | None, **options):
        if not file.is_file():
            raise CommandError(f"Bestand niet gevonden: {file}")
        try:
            by = system_client(client)
        except DomainError as err:
            raise CommandError(err.message) from err
        bar = tqdm(total=count_items(file), unit="melding", desc="Politiemeldingen")
        with audit.origin(None, "import"):
            try:
                summary = import_file(file, by=by, on_item=lambda *_: bar.update(1))
            except KeyboardInterrupt:
                bar.close()
                raise CommandError(
                    "Onderbroken. Wat al is ingelezen blijft bewaard; start hetzelfde commando "
                    "opnieuw om verder te gaan (bestaande meldingen worden overgeslagen)."
                ) from None
            except (ValueError, UnicodeDecodeError) as err:
                bar.close()
                raise CommandError(f"Het bestand kan niet worden gelezen: {err}") from err
        bar.close()
        if rejected is not None:
            with rejected.open("w", encoding="utf-8") as fh:
                for item in summary.rejected:
                    fh.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")
        self.stdout.write(summary.text())
        for item in summary.rejected[:10]:
            self.stdout.write(f"  #{item['index']}: {item['problem']['detail']}")
        if len(summary.rejected) > 10:
            self.stdout.write(f"  ... en nog {len(summary.rejected) - 10}")
