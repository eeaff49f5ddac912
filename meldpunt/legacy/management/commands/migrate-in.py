from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from meldpunt.legacy.importer import Importer
from meldpunt.legacy.validate import validate, write_report


class Command(BaseCommand):
    help = (
        "Bring in the files of an earlier registration system (docs/migration.md): validates "
        "everything first, then imports in batches; idempotent and resumable."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--system",
            default="vorig-systeem",
            help="Name of the source system; source keys are unique per system.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only validate and write the report."
        )
        parser.add_argument(
            "--atomic",
            action="store_true",
            help="All or nothing: one transaction for the whole file set.",
        )
        parser.add_argument(
            "--no-link",
            action="store_true",
            help="Do not re-link the register afterwards (run `meldpunt link` later).",
        )
        parser.add_argument(
            "--report",
            type=Path,
            default=None,
            help="Where to write the validation report (default DIR/controle.txt)",
        )

    def handle(
        self,
        *args,
        directory: Path,
        system: str,
        dry_run: bool,
        atomic: bool,
        report: Path | None,
        no_link: bool = False,
        **options,
    ):
        if not system.strip() or len(system) > 60:
            raise CommandError("--system moet een naam van hoogstens 60 tekens zijn.")
        problems, index, codes = validate(directory, system=system)
        report = report or (directory / "controle.txt" if directory.is_dir() else None)
        if report is not None:
            write_report(problems, index, report)
        if problems:
            for problem in problems[:20]:
                self.stderr.write(str(problem))
            more = f" (en {len(problems) - 20} meer)" if len(problems) > 20 else ""
            where = f"; zie {report}" if report else ""
            raise CommandError(
                f"{len(problems)} probleem/problemen gevonden{more}{where}. Er is niets ingelezen."
            )
        self.stdout.write(f"Controle geslaagd: {sum(index.lines.values())} regels.")
        if dry_run:
            return
        with tqdm(total=sum(index.lines.values()), unit="regel", disable=None) as bar:
            summary = Importer(directory, system=system, codes=codes, progress=bar.update).run(
                atomic=atomic
            )
        for entity, n in summary.created.items():
            self.stdout.write(f"{entity}: {n} nieuw, {summary.skipped.get(entity, 0)} al aanwezig")
        if no_link or not summary.created.get("persons"):
            return
        # The radar links the migrated people to each other and to those already registered
        # and proposes the doubtful merges for review; nothing is merged here.
        from meldpunt.legacy.importer import migration_user
        from meldpunt.radar import relink

        self.stdout.write("Radar: het register opnieuw koppelen ...")
        outcome = relink.relink(by=migration_user())
        if outcome.report:
            self.stdout.write(
                f"{len(outcome.proposals):,} koppelvoorstellen ter beoordeling → {outcome.report}"
            )
        else:
            self.stdout.write("Geen koppelvoorstellen: niemand lijkt dubbel geregistreerd.")
