"""Train the shipped default model on synthetic data.

Run `python -m meldpunt.radar.linkage.train_default`.

The organisation replaces it by a model trained on its own register (`meldpunt link --train`).
"""

from __future__ import annotations

from meldpunt.radar.linkage import batch, synthetic
from meldpunt.radar.linkage.linkfile import prepare_row
from meldpunt.radar.linkage.scoring import DEFAULT_MODEL

VERSION = "default-3"


def main() -> None:
    rows = synthetic.generate(50_000, seed=7)
    records = [(i, prepare_row(row)) for i, (row, _) in enumerate(rows)]
    model = batch.train(records, version=VERSION)
    batch.save(model, DEFAULT_MODEL)
    print(f"{DEFAULT_MODEL}: {VERSION} on {len(records)} synthetic records")


if __name__ == "__main__":
    main()
