from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meldpunt.legacy.sample import write_sample


class Command(BaseCommand):
    help = "Write a synthetic export of an earlier system (test data for `meldpunt migrate-in`)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--reports", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--orphans", type=int, default=0)

    def handle(self, *args, directory: Path, reports: int, seed: int, orphans: int, **options):
        if reports < 1 or orphans < 0:
            raise CommandError("--reports moet minstens 1 zijn en --orphans niet negatief.")
        counts = write_sample(directory, reports=reports, seed=seed, orphans=orphans)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
