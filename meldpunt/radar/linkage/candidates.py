"""Rank the candidates the key search found for one new person. Pure Python, no Django.

The probability is the trained Fellegi–Sunter model's (scoring.py, the same m and u Splink
uses in batch). The professional also sees evidence the model does not weigh: whether the
tussenvoegsels agree ("van der" against "v.d." or none), the postcode on its own, and whether
the other people on the report are known in the candidate's household. These help a human
judge; they do not move the probability, so batch and real-time scores stay the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from meldpunt.radar.linkage.normalise import Prepared, split_surname
from meldpunt.radar.linkage.scoring import Evidence, Model

#: Candidates below this probability are not shown at intake.
SHOW_FROM = 0.05
#: From this probability a candidate is marked "waarschijnlijk dezelfde persoon" (stricter
#: than the batch linker's default threshold: here one pair is judged, without the other
#: records of the person).
LIKELY = 0.9

_PREFIX_CANON = {"vd": "van der", "v d": "van der", "v": "van"}


@dataclass(frozen=True)
class Record:
    """A person as found in the register, prepared, with what the extra evidence needs."""

    id: int
    prepared: Prepared
    surname_prefix: str = ""  # folded tussenvoegsel as written, "" when none
    household_keys: frozenset[str] = frozenset()  # given_key|surname_key of household members


@dataclass(frozen=True)
class Candidate:
    id: int
    probability: float
    weight: float
    evidence: tuple[Evidence, ...]
    extra: tuple[Evidence, ...] = field(default=())

    @property
    def likely(self) -> bool:
        return self.probability >= LIKELY


def prefix_of(surname: str, prefix: str = "") -> str:
    taken, _ = split_surname(surname, prefix)
    return _PREFIX_CANON.get(taken, taken)


def member_key(p: Prepared) -> str:
    return f"{p.given_key}|{p.surname_key}" if p.given_key and p.surname_key else ""


def _extra(
    new: Prepared, new_prefix: str, companions: frozenset[str], cand: Record
) -> tuple[Evidence, ...]:
    out = []
    if not new_prefix and not cand.surname_prefix:
        level = "missing"
    elif new_prefix == cand.surname_prefix:
        level = "agree"
    else:
        level = "disagree"
    out.append(Evidence("surname_prefix", "Tussenvoegsel", level, level, 0.0))
    if not new.postcode or not cand.prepared.postcode:
        level = "missing"
    else:
        level = "agree" if new.postcode == cand.prepared.postcode else "disagree"
    out.append(Evidence("postcode", "Postcode", level, level, 0.0))
    if not companions or not cand.household_keys:
        level, agreement = "missing", "missing"
    else:
        shared = len(companions & cand.household_keys)
        level, agreement = (f"{shared}", "agree") if shared else ("0", "disagree")
    out.append(Evidence("household", "Gezinsleden", level, agreement, 0.0))
    return tuple(out)


def rank(
    new: Prepared,
    records: Iterable[Record],
    model: Model,
    *,
    new_prefix: str = "",
    companions: Sequence[Prepared] = (),
    surname_frequency: float = 0.0,
    show_from: float = SHOW_FROM,
    limit: int = 10,
) -> list[Candidate]:
    """Score every record against the new person; the best first, those below `show_from`
    left out unless they have the same BSN (a wrong BSN or a data error is worth a look).
    `surname_frequency` is the share of the register with the new person's surname (term
    frequency: a shared "Jansen" counts for less than a shared "Oudshoorn")."""
    tf = {"surname_a": surname_frequency} if surname_frequency else {}
    mates = frozenset(k for k in (member_key(c) for c in companions) if k)
    found = []
    for record in records:
        score = model.score(new, record.prepared, tf=tf)
        same_bsn = any(e.field == "bsn" and e.level == "exact" for e in score.evidence)
        if score.probability < show_from and not same_bsn:
            continue
        found.append(
            Candidate(
                id=record.id,
                probability=score.probability,
                weight=score.weight,
                evidence=score.evidence,
                extra=_extra(new, new_prefix, mates, record),
            )
        )
    found.sort(key=lambda c: (-c.weight, c.id))
    return found[:limit]
