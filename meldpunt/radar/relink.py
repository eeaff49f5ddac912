"""`meldpunt link`: re-link the whole register in batch.

After an import, or to bring in a new model: read every person in the register, train the
Fellegi–Sunter model by EM on the register itself (term frequencies of the surnames taken from
the register) and keep it as the next version in MELDPUNT_DATA_DIR/radar/, score every blocked
pair with Splink and cluster at the threshold (batch.py). Clusters that hold more than one
registered person look like one person registered several times: each linked pair in such a
cluster becomes a merge proposal for review. The other way round, two records a professional
merged (an active radar.Merge) that the linker puts in different clusters and scores below
the threshold look like two people merged into one: the merge becomes a split proposal.
Nothing is merged or split and no id changes here; a professional decides (review queue).

Proposals go through `submit_proposals`: written as a report (JSON and CSV, ids, probability
and per-field evidence levels, no names) in MELDPUNT_DATA_DIR/radar/, and handed to the radar's
review queue when it is there (`meldpunt.radar.services.propose`).
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import importlib.util
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.radar import models_store
from meldpunt.radar.linkage import batch
from meldpunt.radar.linkage.normalise import Prepared, prepare
from meldpunt.radar.linkage.scoring import Model

#: Below this many people EM has too little to learn from: the current model is used.
MIN_TRAINING_RECORDS = 2_000

_FIELDS = (
    "id",
    "given_names",
    "surname_prefix",
    "surname",
    "date_of_birth",
    "sex",
    "bsn",
    "street",
    "house_number",
    "postcode",
    "city",
)


@dataclass(frozen=True)
class Proposal:
    """Two registered people the batch linker puts in one cluster ("merge"), or two merged
    records it keeps apart ("split")."""

    person_id: int
    other_id: int
    probability: float
    cluster: int  # merge: the smallest person id in the cluster; split: person_id's cluster
    evidence: list[dict[str, Any]] = field(default_factory=list)
    kind: str = "merge"


@dataclass
class Outcome:
    people: int
    clusters: int
    proposals: list[Proposal]
    model_version: str
    model_path: Path
    trained: bool
    report: Path | None


def register_records() -> list[tuple[int, Prepared]]:
    """Every person in the register, prepared for the linker, keyed by person id."""
    from meldpunt.registry.models import Person

    records = []
    rows = Person.objects.order_by("id").values_list(*_FIELDS).iterator(chunk_size=10_000)
    for pk, given, prefix, surname, dob, sex, bsn, street, number, postcode, city in rows:
        records.append(
            (
                pk,
                prepare(
                    given_names=given,
                    surname_prefix=prefix,
                    surname=surname,
                    date_of_birth=dob,
                    sex=sex,
                    bsn=bsn,
                    street=street,
                    house_number=number,
                    postcode=postcode,
                    city=city,
                ),
            )
        )
    return records


def relink(
    *,
    by: Any = None,
    train: bool = True,
    threshold: float = batch.DEFAULT_THRESHOLD,
    min_training_records: int = MIN_TRAINING_RECORDS,
) -> Outcome:
    """Re-link the register; propose what looks like one person registered several times."""
    records = register_records()
    table = batch.records_table(records)
    trained = train and len(records) >= min_training_records
    if trained:
        number, path = models_store.next_path()
        model = batch.train(table, version=f"model-{number}")
        model["meldpunt_trained_on"] = {
            "source": "register",
            "people": len(records),
            "at": clock.now().isoformat(timespec="seconds"),
        }
        batch.save(model, path)
    else:
        path = models_store.current_path()
        model = models_store.current_settings()
    version = str(model.get("meldpunt_model_version", path.stem))
    if len(records) > 1:
        pairs = batch.score_pairs(table, model=model, threshold=threshold)
        clusters = batch.cluster(records, pairs, model=model, threshold=threshold)
    else:
        pairs, clusters = [], {pk: pk for pk, _ in records}
    proposals = _proposals(records, pairs, clusters, model)
    proposals += _split_proposals(records, clusters, model, threshold)
    report = submit_proposals(proposals, model_version=version) if proposals else None
    audit.record(
        "radar.relinked",
        actor=by,
        model_version=version,
        trained=trained,
        people=len(records),
        proposals=len(proposals),
        splits=sum(p.kind == "split" for p in proposals),
    )
    return Outcome(
        people=len(records),
        clusters=len(set(clusters.values())),
        proposals=proposals,
        model_version=version,
        model_path=path,
        trained=trained,
        report=report,
    )


def _proposals(
    records: list[tuple[int, Prepared]],
    pairs: list[tuple[int, int, float]],
    clusters: dict[int, int],
    model: dict[str, Any],
) -> list[Proposal]:
    """The linked pairs inside clusters of more than one person, with their evidence."""
    sizes: dict[int, int] = defaultdict(int)
    for cluster in clusters.values():
        sizes[cluster] += 1
    score = _scorer(records, model)
    out = []
    for a, b, probability in pairs:
        cluster = clusters[a]
        if cluster != clusters[b] or sizes[cluster] < 2:
            continue
        out.append(
            Proposal(
                person_id=min(a, b),
                other_id=max(a, b),
                probability=round(probability, 6),
                cluster=cluster,
                evidence=_evidence(score(a, b)),
            )
        )
    return sorted(out, key=lambda p: (p.cluster, p.person_id, p.other_id))


def _scorer(records: list[tuple[int, Prepared]], model: dict[str, Any]):
    prepared = dict(records)
    tf = batch.term_frequencies(records)
    scorer = Model(model)

    def score(a: int, b: int):
        pa, pb = prepared[a], prepared[b]
        freqs = {"surname_a": tf.get(pa.surname, 0.0), "surname_b": tf.get(pb.surname, 0.0)}
        return scorer.score(pa, pb, tf=freqs)

    return score


def _evidence(score) -> list[dict[str, Any]]:
    return [
        {"field": e.field, "level": e.level, "agreement": e.agreement, "weight": e.weight}
        for e in score.evidence
    ]


def _split_proposals(
    records: list[tuple[int, Prepared]],
    clusters: dict[int, int],
    model: dict[str, Any],
    threshold: float,
) -> list[Proposal]:
    """Active merges whose two records the linker keeps apart: in different clusters and
    scored below the threshold (a merge the model cannot follow, e.g. twins merged by
    mistake). A split a professional turned down before (a confirmation) is not proposed
    again (radar.services.propose)."""
    from meldpunt.radar.models import Merge

    edges = Merge.objects.filter(ended_at__isnull=True).values_list("survivor_id", "merged_id")
    score = _scorer(records, model)
    out = []
    for a, b in edges:
        if a not in clusters or b not in clusters or clusters[a] == clusters[b]:
            continue
        result = score(a, b)
        if result.probability >= threshold:
            continue
        low, high = min(a, b), max(a, b)
        out.append(
            Proposal(
                person_id=low,
                other_id=high,
                probability=round(result.probability, 6),
                cluster=clusters[low],
                evidence=_evidence(result),
                kind="split",
            )
        )
    return sorted(out, key=lambda p: (p.person_id, p.other_id))


def submit_proposals(proposals: list[Proposal], *, model_version: str) -> Path:
    """Write the proposals as a report (JSON + CSV next to it) in the radar's data dir and hand
    them to the review queue when the radar's proposal service is installed. Returns the JSON
    report's path."""
    stamp = clock.now().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    directory = models_store.model_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"link-proposals-{stamp}.json"
    path.write_text(
        json.dumps(
            {
                "model_version": model_version,
                "created_at": clock.now().isoformat(timespec="seconds"),
                "proposals": [asdict(p) for p in proposals],
            },
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    _write_csv(path.with_suffix(".csv"), [asdict(p) for p in proposals])
    _to_review_queue(proposals, model_version=model_version)
    return path


def _write_csv(path: Path, proposals: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["kind", "cluster", "person_id", "other_id", "probability", "evidence"])
        for p in proposals:
            levels = " ".join(f"{e['field']}={e['level']}" for e in p["evidence"])
            writer.writerow(
                [
                    p.get("kind", "merge"),
                    p["cluster"],
                    p["person_id"],
                    p["other_id"],
                    p["probability"],
                    levels,
                ]
            )


def forget_people(person_ids: Iterable[int]) -> int:
    """Retention: take the people who were purged out of the proposal reports in the radar's
    data dir (their ids, pairs and evidence), with every proposal of a cluster they were in.
    The trained models hold no one (m and u probabilities per comparison level only; tested),
    so they stay. Returns the number of proposals removed."""
    ids = set(person_ids)
    directory = models_store.model_dir()
    if not ids or not directory.is_dir():
        return 0
    removed = 0
    for path in sorted(directory.glob("link-proposals-*.json")):
        report = json.loads(path.read_text(encoding="utf-8"))
        proposals = report.get("proposals", [])
        gone = {p["cluster"] for p in proposals if {p["person_id"], p["other_id"]} & ids} | ids
        kept = [p for p in proposals if p["cluster"] not in gone]
        if len(kept) == len(proposals):
            continue
        removed += len(proposals) - len(kept)
        report["proposals"] = kept
        path.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
        _write_csv(path.with_suffix(".csv"), kept)
    return removed


def _to_review_queue(proposals: list[Proposal], *, model_version: str) -> None:
    if importlib.util.find_spec("meldpunt.radar.services") is None:
        return  # the review queue is not installed: the report file is the proposal
    propose = importlib.import_module("meldpunt.radar.services").propose
    for p in proposals:
        propose(
            kind=p.kind,
            person_id=p.person_id,
            other_id=p.other_id,
            probability=p.probability,
            evidence=p.evidence,
            source="link",
            model_version=model_version,
        )
