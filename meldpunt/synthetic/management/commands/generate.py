from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from meldpunt.errors import DomainError
from meldpunt.synthetic import services


class Command(BaseCommand):
    help = (
        "Fill the database with realistic, deterministic synthetic data (reports with their "
        "whole process, advice requests). Interrupted? Run the same command again to continue."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reports", required=True, help="number of reports (> 0)")
        parser.add_argument("--seed", default="1", help="seed: the same seed gives the same data")
        parser.add_argument("--from", dest="date_from", help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", help="last day, YYYY-MM-DD (default today)")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when there are reports already"
        )

    def handle(self, *args, **opts):
        try:
            options = services.parse_options(
                reports=opts["reports"],
                seed=opts["seed"],
                date_from=opts["date_from"],
                date_to=opts["date_to"],
            )
            with tqdm(total=options.reports, unit=" meldingen", desc="Genereren") as bar:
                outcome = services.generate(options, if_empty=opts["if_empty"], progress=bar.update)
        except DomainError as err:
            raise CommandError(err.message) from err
        except KeyboardInterrupt:
            raise CommandError(
                "Onderbroken. Wat al is weggeschreven blijft staan; draai hetzelfde commando "
                "opnieuw om verder te gaan."
            ) from None
        self.stdout.write(outcome.message)
