from django.core.management.base import BaseCommand, CommandError

from meldpunt.radar import relink
from meldpunt.radar.linkage import batch


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
        "Re-link the whole register in batch: train the model by EM on the register (saved as "
        "the next version in MELDPUNT_DATA_DIR/radar/), then propose for review the people who "
        "look registered several times. Nothing is merged."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-train",
            action="store_true",
            help="link with the current model instead of training a new one",
        )
        parser.add_argument(
            "--threshold",
            type=str,
            default=str(batch.DEFAULT_THRESHOLD),
            help=(
                "Match probability from which two records are one person "
                f"(default {batch.DEFAULT_THRESHOLD})"
            ),
        )
        parser.add_argument(
            "--min-training-records",
            type=int,
            default=relink.MIN_TRAINING_RECORDS,
            help="train only on a register of at least this many people "
            f"(default {relink.MIN_TRAINING_RECORDS:,})",
        )

    def handle(self, *args, no_train: bool, threshold: str, min_training_records: int, **opts):
        outcome = relink.relink(
            train=not no_train,
            threshold=_probability(threshold),
            min_training_records=min_training_records,
        )
        if outcome.trained:
            model = (
                f"nieuw model {outcome.model_version} getraind op het register "
                f"→ {outcome.model_path}"
            )
        elif not no_train:
            model = (
                f"te weinig personen om te trainen (minder dan {min_training_records:,}); "
                f"model {outcome.model_version}"
            )
        else:
            model = f"model {outcome.model_version}"
        self.stdout.write(f"{outcome.people:,} personen, {outcome.clusters:,} clusters; {model}.")
        if outcome.report:
            splits = sum(p.kind == "split" for p in outcome.proposals)
            self.stdout.write(
                f"{len(outcome.proposals):,} koppelvoorstellen ter beoordeling "
                f"({len(outcome.proposals) - splits:,} samenvoegen, {splits:,} splitsen) → "
                f"{outcome.report} (en {outcome.report.with_suffix('.csv').name})."
            )
        else:
            self.stdout.write("Geen koppelvoorstellen: niemand lijkt dubbel geregistreerd.")
