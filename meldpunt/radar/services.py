"""Writes of the radar: blocking keys kept up to date, link decisions, merges and splits,
proposals for review, and the linkage facts fixed at the triage decision.

Every decision about two records (confirmed, rejected, merged, split) is a `LinkDecision` row
with who, when, why and the evidence, plus an audit entry (ids only) in the same transaction.
A known person's id is its oldest record's id: merging never renumbers the older side, and a
split gives each part back its own oldest id. Nothing here merges or splits on its own: the
batch linker proposes (`propose`), a professional decides (`decide_proposal`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q

from meldpunt import clock
from meldpunt.access import audit
from meldpunt.access.roles import Right
from meldpunt.errors import ConcurrentChange, DomainError, NotAllowed
from meldpunt.radar import models_store, selectors
from meldpunt.radar.linkage import keys as blocking
from meldpunt.radar.models import (
    DecisionKind,
    Identity,
    LinkDecision,
    LinkProposal,
    Merge,
    PersonKey,
    ProposalKind,
    ProposalStatus,
    ReportFacts,
)
from meldpunt.registry.models import Person, Report

# --- blocking keys ---------------------------------------------------------------------------


def keys_of(values: dict) -> set[str]:
    return blocking.record_keys(selectors.prepared(values))


def index_person(person: Person) -> None:
    """Write (or rewrite, after a correction) one person's blocking keys."""
    wanted = keys_of(selectors.person_details(person))
    have = set(PersonKey.objects.filter(person=person).values_list("key", flat=True))
    if have - wanted:
        PersonKey.objects.filter(person=person, key__in=have - wanted).delete()
    PersonKey.objects.bulk_create([PersonKey(person=person, key=k) for k in wanted - have])


def index_people(
    person_ids: Iterable[int] | None = None,
    *,
    batch: int = 5000,
    progress: Callable[[int], object] | None = None,
    bulk: bool = False,
) -> int:
    """Write the keys of many people at once (after a bulk import or generation). Without ids:
    every person that has no keys yet, in batches of one transaction each, so an interrupted run
    continues where it stopped; `progress` hears each batch's count. Returns the number of
    people indexed.

    `bulk` (PostgreSQL; elsewhere the batches above): one transaction that locks the key table,
    drops its indexes, writes the keys of everyone without and builds the indexes again, in
    minutes instead of hours for millions of people. Intake's known-people check waits for it,
    so it is for a register that is not in use yet (after generation or a migration); an
    interrupted run leaves the table as it was."""
    if person_ids is not None:
        done = 0
        ids = sorted(set(person_ids))
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            with transaction.atomic():
                PersonKey.objects.filter(person_id__in=chunk).delete()
                done += _write_keys(Person.objects.filter(pk__in=chunk))
        return done
    if bulk and connection.vendor == "postgresql":
        with transaction.atomic():
            have = set(PersonKey.objects.order_by().values_list("person_id", flat=True).distinct())
            with _without_indexes():
                return _index_missing(batch, progress, have=have, direct=True)
    return _index_missing(batch, progress)


def _index_missing(batch: int, progress, have: set[int] | None = None, direct: bool = False) -> int:
    """Keyset paging over the people, then which of the batch have keys: each batch reads only
    its own rows, so a run over millions of people stays linear (an anti-join on the key table
    would read that whole table for every batch). `have`: the people with keys, when known;
    `direct`: COPY straight into the key table (it is locked)."""
    done = last = 0
    while True:
        ids = list(
            Person.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return done
        last = ids[-1]
        if have is None:
            known = set(
                PersonKey.objects.filter(person_id__in=ids).values_list("person_id", flat=True)
            )
        else:
            known = have
        todo = [pk for pk in ids if pk not in known]
        if not todo:
            continue
        with transaction.atomic():
            n = _write_keys(Person.objects.filter(pk__in=todo), direct=direct)
        done += n
        if progress is not None:
            progress(n)


@contextmanager
def _without_indexes():
    """PostgreSQL, inside a transaction: the key table locked and without its indexes, unique
    and foreign-key constraints (bar the primary key) for the block, then built again with their
    own names and definitions: one sort per index and one join per foreign key, instead of
    millions of random index inserts and row-by-row checks."""
    table = PersonKey._meta.db_table
    with connection.cursor() as cursor:
        # checks still deferred for rows written earlier in this transaction run now: a table
        # with pending checks cannot be altered (a no-op in a transaction of its own)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY contype DESC",
            [table],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid "
            "WHERE x.indrelid = %s::regclass AND NOT x.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _ in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for name, definition in constraints:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for _, definition in indexes:
            cursor.execute(definition)


def _write_keys(people, direct: bool = False) -> int:
    rows = []
    n = 0
    for values in people.values(*selectors.PERSON_FIELDS):
        n += 1
        rows.extend((values["id"], k) for k in keys_of(values))
    if connection.vendor == "postgresql":
        _copy_keys(rows, direct)
    else:
        PersonKey.objects.bulk_create(
            [PersonKey(person_id=p, key=k) for p, k in rows], batch_size=5000, ignore_conflicts=True
        )
    return n


def _copy_keys(rows: list[tuple[int, str]], direct: bool = False) -> None:
    """PostgreSQL: the rows by COPY (no model objects, one round trip) into a scratch table
    emptied at commit, then into the key table skipping keys another run wrote meanwhile (with
    the paging above: 14 s instead of 24 s for the 51,931 people of a 20,000-report world; most
    of what is left is the key table's index upkeep, which `bulk` avoids). Call inside a
    transaction. `direct`: straight into the key table, which the caller holds locked."""
    table = PersonKey._meta.db_table
    target = table if direct else "radar_key_load"
    with connection.cursor() as cursor:
        if not direct:
            cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {target} "
                "(person_id bigint, key text) ON COMMIT DELETE ROWS"
            )
        with cursor.cursor.copy(f"COPY {target} (person_id, key) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        if not direct:
            cursor.execute(
                f"INSERT INTO {table} (person_id, key) SELECT person_id, key FROM {target} "
                "ON CONFLICT DO NOTHING"
            )


# --- identities: merges and splits -----------------------------------------------------------


def _component(start: int) -> set[int]:
    """Every record reachable from `start` over active merges."""
    seen, todo = {start}, [start]
    while todo:
        edges = Merge.objects.filter(
            Q(survivor_id__in=todo) | Q(merged_id__in=todo), ended_at__isnull=True
        ).values_list("survivor_id", "merged_id")
        todo = []
        for a, b in edges:
            for x in (a, b):
                if x not in seen:
                    seen.add(x)
                    todo.append(x)
    return seen


def _settle(person_ids: Iterable[int]) -> None:
    """Recompute the identity rows of the components these records are in."""
    done: set[int] = set()
    for person_id in person_ids:
        if person_id in done:
            continue
        group = _component(person_id)
        done |= group
        Identity.objects.filter(person_id__in=group).delete()
        if len(group) > 1:
            root = min(group)
            Identity.objects.bulk_create([Identity(person_id=p, root_id=root) for p in group])


def _require(user, right: Right, what: str) -> None:
    if not user.can(right):
        raise NotAllowed(f"U heeft geen recht om {what}.")


def _decide(
    kind: str,
    *,
    person: Person | int,
    other: Person | int | None,
    by,
    reason: str = "",
    report: Report | None = None,
    proposal: LinkProposal | None = None,
    against: dict | None = None,
) -> LinkDecision:
    """Record one decision with the evidence the model gives for the pair now (or, for a
    confirmation at intake, for the details as they were entered against the known person)."""
    pid = person if isinstance(person, int) else person.pk
    oid = other if (other is None or isinstance(other, int)) else other.pk
    probability, evidence = None, []
    model = models_store.current_model()
    pair = Person.objects.in_bulk([p for p in (pid, oid) if p is not None])
    if oid is not None or against is not None:
        score = model.score(
            selectors.prepared(selectors.person_details(pair[pid])),
            selectors.prepared(against if oid is None else selectors.person_details(pair[oid])),
        )
        probability = score.probability
        evidence = [
            {"field": e.field, "level": e.level, "agreement": e.agreement, "weight": e.weight}
            for e in score.evidence
        ]
    decision = LinkDecision.objects.create(
        kind=kind,
        person_id=pid,
        other_id=oid,
        report=report,
        proposal=proposal,
        probability=probability,
        model_version=model.version,
        evidence=evidence,
        reason=reason.strip(),
        decided_by=by,
        decided_at=clock.now(),
    )
    audit.record(
        f"radar.{kind}",
        actor=by,
        subject=decision,
        person_ids=[p for p in (pid, oid) if p is not None],
        report_id=report.pk if report else None,
    )
    return decision


@transaction.atomic
def merge_people(
    *, person: Person, other: Person, by, reason: str, proposal: LinkProposal | None = None
) -> LinkDecision:
    """Two records are one known person. The identity keeps the oldest record's id; nothing
    else is rewritten (involvements, households and files stay where they are), so a split
    undoes it exactly."""
    _require(by, Right.APPROVE, "personen samen te voegen")
    if not reason.strip():
        raise DomainError("Geef een reden voor het samenvoegen.", field="reason")
    if selectors.identity_of(person.pk) == selectors.identity_of(other.pk):
        raise DomainError("Deze personen zijn al samengevoegd.")
    survivor, merged = sorted([person, other], key=lambda p: p.pk)
    Merge.objects.create(survivor=survivor, merged=merged, decided_by=by, decided_at=clock.now())
    _settle([survivor.pk])
    return _decide(
        DecisionKind.MERGED, person=survivor, other=merged, by=by, reason=reason, proposal=proposal
    )


@transaction.atomic
def split_people(
    *, person: Person, other: Person, by, reason: str, proposal: LinkProposal | None = None
) -> LinkDecision:
    """Undo the merge between two records of one known person: the edges on the path between
    them end (kept, with who ended them), and each part gets its own oldest id back."""
    _require(by, Right.APPROVE, "personen te splitsen")
    if not reason.strip():
        raise DomainError("Geef een reden voor het splitsen.", field="reason")
    path = _path(person.pk, other.pk)
    if not path:
        raise DomainError("Deze personen zijn niet samengevoegd; er valt niets te splitsen.")
    now = clock.now()
    claimed = Merge.objects.filter(pk__in=path, ended_at__isnull=True).update(
        ended_at=now, ended_by=by
    )
    if claimed != len(path):
        raise ConcurrentChange()
    _settle([person.pk, other.pk])
    decision = _decide(
        DecisionKind.SPLIT, person=person, other=other, by=by, reason=reason, proposal=proposal
    )
    # A split is a professional's judgement that these are two people: remember it as a
    # rejection, so the linker does not propose the merge again.
    _decide(DecisionKind.REJECTED, person=person, other=other, by=by, reason=reason)
    return decision


def _path(a: int, b: int) -> list[int]:
    """The active merge edges on the path from a to b (breadth first), [] when not joined."""
    came: dict[int, tuple[int, int] | None] = {a: None}
    frontier = [a]
    while frontier and b not in came:
        edges = Merge.objects.filter(
            Q(survivor_id__in=frontier) | Q(merged_id__in=frontier), ended_at__isnull=True
        ).values_list("pk", "survivor_id", "merged_id")
        nxt = []
        for pk, x, y in edges:
            for here, there in ((x, y), (y, x)):
                if here in frontier and there not in came:
                    came[there] = (pk, here)
                    nxt.append(there)
        frontier = nxt
    if b not in came:
        return []
    path, node = [], b
    while came[node] is not None:
        pk, node = came[node]  # type: ignore[misc]
        path.append(pk)
    return path


# --- intake ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeLink:
    """What the professional decided for one person row of an intake: `chosen` the known
    person confirmed (None: a new person), `shown` every candidate that was proposed."""

    row: int
    chosen: int | None
    shown: Sequence[int] = ()
    reason: str = ""


@transaction.atomic
def register_with_links(*, by, data, links: Sequence[IntakeLink] = (), register=None):
    """Register a report (`register`, by default registry.services.register_report) and record
    the link decisions of its intake: a confirmed candidate is the person the new involvement
    joins; when the professional chose a new person instead, every candidate shown is
    remembered as rejected for that new person and is not proposed for it again."""
    from meldpunt.registry.services import register_report

    register = register or register_report
    by_row = {link.row: link for link in links}
    entered = {}
    for link in links:
        if link.chosen is not None:
            row = data.people[link.row]
            entered[link.row] = {f: getattr(row, f, "") for f in selectors.DETAIL_FIELDS}
            row.person_id = link.chosen
    report = register(by=by, data=data)
    involved = list(report.involvements.order_by("pk").values_list("person_id", flat=True))
    for row, person_id in enumerate(involved):
        link = by_row.get(row)
        if link is None:
            continue
        if link.chosen is not None:
            _decide(
                DecisionKind.CONFIRMED,
                person=person_id,
                other=None,
                by=by,
                reason=link.reason or "Bevestigd bij intake",
                report=report,
                against=entered[row],
            )
        else:
            for candidate in dict.fromkeys(link.shown):
                if candidate != person_id:
                    _decide(
                        DecisionKind.REJECTED,
                        person=person_id,
                        other=candidate,
                        by=by,
                        reason=link.reason or "Afgewezen bij intake",
                        report=report,
                    )
    return report


@transaction.atomic
def reject_candidate(*, person: Person, other: Person, by, reason: str = "") -> LinkDecision:
    """A professional says two records are different people: not proposed again."""
    _require(by, Right.VIEW_CASES, "koppelingen te beoordelen")
    return _decide(
        DecisionKind.REJECTED,
        person=person,
        other=other,
        by=by,
        reason=reason or "Andere persoon",
    )


# --- proposals -------------------------------------------------------------------------------


def propose(
    *,
    kind: str,
    person_id: int,
    other_id: int,
    probability: float,
    evidence: list | None = None,
    source: str = "link",
    model_version: str = "",
) -> LinkProposal | None:
    """Put a merge or split up for review, unless it is moot: a merge of records already one
    person or rejected before, a split of records that are not merged, or the same proposal
    already pending. Returns the proposal or None."""
    a, b = sorted((person_id, other_id))
    if a == b:
        return None
    same = selectors.identity_of(a) == selectors.identity_of(b)
    if kind == ProposalKind.MERGE and (same or selectors.rejected(a, b)):
        return None
    if kind == ProposalKind.SPLIT and (not same or _confirmed(a, b)):
        return None
    proposal, _ = LinkProposal.objects.get_or_create(
        kind=kind,
        person_id=a,
        other_id=b,
        status=ProposalStatus.PENDING,
        defaults={
            "probability": probability,
            "evidence": evidence or [],
            "source": source,
            "model_version": model_version,
            "created_at": clock.now(),
        },
    )
    return proposal


def _confirmed(a: int, b: int) -> bool:
    """Did a professional confirm these two records as one person (e.g. by turning down a
    split)? Then the linker does not propose the split again."""
    return LinkDecision.objects.filter(
        Q(person_id=a, other_id=b) | Q(person_id=b, other_id=a), kind=DecisionKind.CONFIRMED
    ).exists()


@transaction.atomic
def decide_proposal(*, proposal: LinkProposal, by, accept: bool, reason: str) -> LinkProposal:
    """Carry out or turn down a proposal. Turning down a merge remembers the pair as rejected;
    turning down a split confirms the two records as one person."""
    _require(by, Right.APPROVE, "koppelvoorstellen te beoordelen")
    if not reason.strip():
        raise DomainError("Geef een reden voor uw besluit.", field="reason")
    status = ProposalStatus.CONFIRMED if accept else ProposalStatus.REJECTED
    claimed = LinkProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.PENDING).update(
        status=status, decided_by=by, decided_at=clock.now(), reason=reason.strip()
    )
    if claimed != 1:
        raise ConcurrentChange()
    proposal.refresh_from_db()
    person, other = proposal.person, proposal.other
    if proposal.kind == ProposalKind.MERGE:
        if accept:
            merge_people(person=person, other=other, by=by, reason=reason, proposal=proposal)
        else:
            _decide(
                DecisionKind.REJECTED,
                person=person,
                other=other,
                by=by,
                reason=reason,
                proposal=proposal,
            )
    elif accept:
        split_people(person=person, other=other, by=by, reason=reason, proposal=proposal)
    else:
        _decide(
            DecisionKind.CONFIRMED,
            person=person,
            other=other,
            by=by,
            reason=reason,
            proposal=proposal,
        )
    return proposal


# --- facts fixed at the triage decision ------------------------------------------------------


def fix_report_facts(report: Report) -> ReportFacts:
    """Fix the linkage facts when the triage decision takes effect (called by the process in
    the decision's transaction). Later merges change the current view, not this row."""
    facts = selectors.facts_now(report)
    row, _ = ReportFacts.objects.update_or_create(
        report=report,
        defaults={
            "known_people": facts.known_people,
            "person_12m": facts.person_12m,
            "person_5y": facts.person_5y,
            "household_12m": facts.household_12m,
            "household_5y": facts.household_5y,
            "recidivism": facts.recidivism,
            "fixed_at": clock.now(),
        },
    )
    return row


def purge(*, ids) -> None:
    """Retention purge hook: decisions, proposals, merges and facts about destroyed people and
    reports go with them (keys and identities go by cascade)."""
    people, reports = ids.person_ids, ids.report_ids
    if not (people or reports):
        return
    LinkProposal.objects.filter(Q(person_id__in=people) | Q(other_id__in=people)).delete()
    LinkDecision.objects.filter(
        Q(person_id__in=people) | Q(other_id__in=people) | Q(report_id__in=reports)
    ).delete()
    touched = set(
        Merge.objects.filter(Q(survivor_id__in=people) | Q(merged_id__in=people)).values_list(
            "survivor_id", "merged_id"
        )
    )
    Merge.objects.filter(Q(survivor_id__in=people) | Q(merged_id__in=people)).delete()
    Identity.objects.filter(person_id__in=people).delete()
    _settle({p for pair in touched for p in pair} - set(people))
    ReportFacts.objects.filter(report_id__in=reports).delete()
    if people:
        # The proposal reports in the data dir name them too: rewritten once the purge commits.
        from meldpunt.radar.relink import forget_people

        transaction.on_commit(lambda: forget_people(people))
