"""`meldpunt pseudonymise --user ANALYST --from D --to D --output FILE.csv`: the register for
analysis, pseudonymised (docs/security.md)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from meldpunt.access import pseudonyms
from meldpunt.access.models import User
from meldpunt.errors import DomainError


def _date(text: str, what: str):
    day = parse_date(text) if text and len(text) == 10 else None
    if day is None:
        raise CommandError(f"{what}: geef een datum als JJJJ-MM-DD, niet '{text}'.")
    return day


class Command(BaseCommand):
    help = "Gepseudonimiseerde export van het register voor de informatieanalist (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="De informatieanalist.")
        parser.add_argument("--from", dest="date_from", required=True, help="JJJJ-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, help="JJJJ-MM-DD, inclusief")
        parser.add_argument("--output", required=True, help="CSV-bestand; '-' = scherm.")

    def handle(self, *args, user: str, date_from: str, date_to: str, output: str, **o):
        by = User.objects.filter(username=user).first()
        if by is None:
            raise CommandError(f"Onbekende gebruiker '{user}'.")
        try:
            rows = pseudonyms.export_rows(
                by=by, date_from=_date(date_from, "--from"), date_to=_date(date_to, "--to")
            )
        except DomainError as err:
            raise CommandError(err.message) from err
        text = pseudonyms.to_csv(rows)
        if output == "-":
            self.stdout.write(text)
        else:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"geschreven: {output} ({len(rows)} regels)")
