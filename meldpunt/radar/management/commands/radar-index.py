"""Write the radar's blocking keys for people that have none yet (after `meldpunt generate`, a
bulk import, or on a register from before the radar). Interrupt it and run it again: it goes on
where it stopped. `--rebuild` rewrites everyone's keys (after a change to the key definitions)."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from meldpunt.radar import services
from meldpunt.radar.models import PersonKey
from meldpunt.registry.models import Person


class Command(BaseCommand):
    help = "Write the radar's blocking keys for every person that has none (resumable)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="rewrite everyone's keys")
        parser.add_argument("--batch", type=int, default=5000)

    def handle(self, *args, rebuild: bool = False, batch: int = 5000, **options):
        if rebuild:
            PersonKey.objects.all().delete()
        todo = Person.objects.filter(radar_keys__isnull=True).count()
        done = 0
        with tqdm(total=todo, unit="personen", disable=options["verbosity"] < 1) as bar:
            while True:
                n = services.index_people(batch=batch, limit=batch)
                if not n:
                    break
                done += n
                bar.update(n)
        self.stdout.write(f"Zoeksleutels geschreven voor {done} personen.")
