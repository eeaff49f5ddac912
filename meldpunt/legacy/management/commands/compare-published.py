from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meldpunt.errors import DomainError
from meldpunt.legacy import published


class Command(BaseCommand):
    help = (
        "Recompute the KPIs of past years from the (migrated) register and compare them with the "
        "figures the organisation published: CSV in (period,indicator,value[,area|municipality]), "
        "differences out (docs/migration.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("figures", type=Path, help="CSV with the published figures")
        parser.add_argument("--output", type=Path, required=True, help="CSV with the comparison")
        parser.add_argument(
            "--tolerance",
            type=float,
            default=0.0,
            help="Largest difference still counted as equal (count, or percentage points)",
        )

    def handle(self, *args, figures: Path, output: Path, tolerance: float, **options):
        if not figures.is_file():
            raise CommandError(f"Bestand {figures} niet gevonden.")
        if tolerance < 0:
            raise CommandError("--tolerance mag niet negatief zijn.")
        try:
            rows, problems = published.read(figures.read_text(encoding="utf-8-sig"))
        except DomainError as err:
            raise CommandError(err.message) from err
        for problem in problems:
            self.stderr.write(problem)
        comparisons = published.compare(rows, tolerance=tolerance)
        published.write(output, comparisons)
        differ = [c for c in comparisons if c.status != "gelijk"]
        for c in differ:
            p = c.published
            self.stdout.write(
                f"{p.period} {p.indicator} ({p.scope}): gepubliceerd {published._number(p.value)}, "
                f"herberekend {published._number(c.recomputed) or '—'} — {c.status}"
                + (f" ({c.note})" if c.note else "")
            )
        self.stdout.write(
            f"{len(comparisons)} cijfers vergeleken: {len(comparisons) - len(differ)} gelijk, "
            f"{len(differ)} met een verschil of fout. Uitkomst in {output}."
        )
