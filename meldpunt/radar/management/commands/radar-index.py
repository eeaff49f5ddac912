"""Write the radar's blocking keys for people that have none yet (after `meldpunt generate`, a
bulk import, or on a register from before the radar). Interrupt it and run it again: it goes on
where it stopped. `--rebuild` rewrites everyone's keys (after a change to the key definitions).
`--bulk` (PostgreSQL) writes them in one transaction with the key table's indexes built after:
minutes instead of hours for millions of people, but the intake's known-people check waits for
it, so only on a register not in use yet."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from meldpunt.radar import services
from meldpunt.radar.models import PersonKey
from meldpunt.registry.models import Person


class Command(BaseCommand):
    help = "Write the radar's blocking keys for every person that has none (resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="rewrite everyone's keys")
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="one transaction, indexes built after (PostgreSQL; register not in use)",
        )

    def handle(self, *args, rebuild=False, batch=5000, bulk=False, **options):
        if batch < 1:
            raise CommandError("--batch moet een positief aantal personen zijn.")
        if rebuild:
            PersonKey.objects.all().delete()
        todo = Person.objects.filter(radar_keys__isnull=True).count()
        with tqdm(total=todo, unit="personen", disable=options["verbosity"] < 1) as bar:
            done = services.index_people(batch=batch, progress=bar.update, bulk=bulk)
        self.stdout.write(f"Zoeksleutels geschreven voor {done} personen.")
