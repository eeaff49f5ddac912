from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from meldpunt.radar import models_store
from meldpunt.radar.linkage import batch, linkfile


def _probability(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 1:
        raise CommandError(f"--threshold moet een kans tussen 0 en 1 zijn, niet '{text}'.")
    return value


class Command(BaseCommand):
    help = (
        "Deduplicate a list of people (CSV, comma or semicolon separated) with the radar's "
        "model; writes record_id, cluster_id, one line per input record."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", type=Path, required=True, help="CSV with record_id, ...")
        parser.add_argument("--output", type=Path, required=True, help="CSV to write")
        parser.add_argument(
            "--threshold",
            type=str,
            default=str(batch.DEFAULT_THRESHOLD),
            help=(
                "Match probability from which two records are one person "
                f"(default {batch.DEFAULT_THRESHOLD})"
            ),
        )

    def handle(self, *args, input: Path, output: Path, threshold: str, **options):
        probability = _probability(threshold)
        if input.resolve() == output.resolve():
            raise CommandError("--output mag niet hetzelfde bestand zijn als --input.")
        if not output.parent.is_dir():
            raise CommandError(f"De map {output.parent} voor --output bestaat niet.")
        warnings: list[str] = []
        try:
            rows = linkfile.read(input, warnings)
        except linkfile.ListError as err:
            raise CommandError(str(err)) from err
        for warning in warnings[:20]:
            self.stderr.write(f"Let op: {warning}")
        if len(warnings) > 20:
            self.stderr.write(f"Let op: nog {len(warnings) - 20} waarschuwingen over record_id.")
        records = [(i, row.prepared) for i, row in enumerate(rows)]
        model_path = models_store.current_path()
        if len(records) > 1:
            result = batch.dedupe(
                records, model=models_store.current_settings(), threshold=probability
            )
            clusters = result.clusters
        else:
            clusters = {0: 0} if records else {}
        linkfile.write(output, rows, clusters)
        n_clusters = len(set(clusters.values()))
        self.stdout.write(
            f"{len(rows)} records, {n_clusters} personen (drempel {probability}, "
            f"model {model_path.name}) → {output}"
        )
