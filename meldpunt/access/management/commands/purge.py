"""`meldpunt purge [--dry-run]`: destroy the files whose retention period has passed, keeping
only anonymous statistical facts (docs/security.md). One file per transaction: interrupt and
rerun at will."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from meldpunt.access import retention
from meldpunt.access.models import User
from meldpunt.errors import NotAllowed


class Command(BaseCommand):
    help = "Vernietig dossiers en adviesvragen waarvan de bewaartermijn is verstreken."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Toon alleen wat vernietigd zou worden."
        )
        parser.add_argument(
            "--user", help="De privacy officer die opdracht geeft (standaard: de planner)."
        )

    def handle(self, *args, dry_run: bool, user: str | None, **o):
        by = None
        if user:
            by = User.objects.filter(username=user).first()
            if by is None:
                raise CommandError(f"Onbekende gebruiker '{user}'.")
        bar = tqdm(desc="dossiers", unit=" dossier", disable=None, file=self.stderr)
        try:
            result = retention.purge(by=by, dry_run=dry_run, progress=bar.update)
        except NotAllowed as err:
            raise CommandError(err.message) from err
        finally:
            bar.close()
        verb = "zou vernietigen" if dry_run else "vernietigd"
        self.stdout.write(
            f"{verb}: {result.cases} dossiers, {result.reports} meldingen, "
            f"{result.people} personen, {result.advice} adviesvragen"
        )
        if dry_run:
            for e in result.expiries:
                kind = "geen geweld vastgesteld" if e.no_violence else "bewaartermijn"
                self.stdout.write(
                    f"  dossier {e.case_id}: laatste activiteit {e.last_activity:%d-%m-%Y}, "
                    f"verlopen op {e.expires_on:%d-%m-%Y} ({kind})"
                )
