"""`meldpunt cbs --half 2025H1 --output FILE`: the half-yearly CBS delivery as CSV."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meldpunt import clock
from meldpunt.insight import cbs_delivery


class Command(BaseCommand):
    help = (
        "Halfjaarlijkse levering aan CBS (Beleidsinformatie Veilig Thuis) als CSV, met exacte "
        "aantallen: meldpunt cbs --half 2025H1 --output BESTAND ('-' = scherm)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--half", required=True, help="Halfjaar, bijv. 2025H1.")
        parser.add_argument("--output", required=True, help="CSV-bestand; '-' = scherm.")

    def handle(self, *args, half: str, output: str, **options):
        try:
            label, period = cbs_delivery.parse_half(half)
        except cbs_delivery.HalfError as err:
            raise CommandError(str(err)) from err
        today = clock.today()
        if period.start > today:
            raise CommandError(f"Het halfjaar {label} is nog niet begonnen.")
        if output != "-":
            path = Path(output)
            if not path.parent.exists():
                raise CommandError(f"De map '{path.parent}' bestaat niet.")
            if path.is_dir():
                raise CommandError(f"'{output}' is een map; geef een bestandsnaam.")
        text = cbs_delivery.to_csv(label, cbs_delivery.delivery(period))
        if output == "-":
            self.stdout.write(text, ending="")
        else:
            Path(output).write_text(text, encoding="utf-8")
            self.stderr.write(f"CBS-levering {label} geschreven naar {output}.")
        if period.end >= today:
            self.stderr.write(f"Let op: {label} is nog niet afgelopen; de cijfers zijn voorlopig.")
