"""Reads of the radar: candidate search for one new person, identities, proposals, and the
current view of a report's linkage facts.

Candidate search (`match`) does not call Splink: it looks the new person's blocking keys up in
the indexed `PersonKey` table, fetches the few people found, and scores them in Python with the
trained model's m and u probabilities (linkage/candidates.py). That is what makes intake fast
on a register of a million people.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from django.db.models import Q, QuerySet

from meldpunt.access.roles import Right
from meldpunt.radar import models_store
from meldpunt.radar.linkage import keys as blocking
from meldpunt.radar.linkage.candidates import LIKELY, Candidate, Record, member_key, prefix_of, rank
from meldpunt.radar.linkage.normalise import Prepared, prepare
from meldpunt.radar.linkage.scoring import Evidence
from meldpunt.radar.models import (
    DecisionKind,
    Identity,
    LinkDecision,
    LinkProposal,
    Merge,
    PersonKey,
    ProposalStatus,
    ReportFacts,
)
from meldpunt.registry.models import Case, Involvement, Person, Report

#: At most this many people per key are fetched (the newest records): a key shared by more
#: people (a very common name with a common birth year) says little on its own.
PER_KEY = 200

PERSON_FIELDS = (
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
    "household_id",
)
DETAIL_FIELDS = PERSON_FIELDS[1:-1]


def prepared(values: dict) -> Prepared:
    """A person's details (a Person's fields, or what is typed at intake) as the linker sees
    them."""
    return prepare(**{f: values.get(f) for f in DETAIL_FIELDS})


def person_details(person: Person) -> dict:
    return {f: getattr(person, f) for f in DETAIL_FIELDS}


# --- identities ------------------------------------------------------------------------------


def roots(person_ids: Iterable[int]) -> dict[int, int]:
    """Each person's identity: the id of the oldest record of the known person."""
    ids = list(set(person_ids))
    found = {i: i for i in ids}
    for person_id, root_id in Identity.objects.filter(person_id__in=ids).values_list(
        "person_id", "root_id"
    ):
        found[person_id] = root_id
    return found


def identity_of(person_id: int) -> int:
    return roots([person_id])[person_id]


def linked_person_ids(person_ids: Iterable[int]) -> set[int]:
    """The given people and every record merged with them: who the links say they are."""
    ids = set(person_ids)
    root_ids = set(roots(ids).values())
    members = Identity.objects.filter(root_id__in=root_ids).values_list("person_id", flat=True)
    return ids | root_ids | set(members)


def members_of(root_id: int) -> list[int]:
    return sorted(linked_person_ids([root_id]))


def active_merges(person_ids: Iterable[int]) -> QuerySet[Merge]:
    ids = list(person_ids)
    return Merge.objects.filter(
        Q(survivor_id__in=ids) | Q(merged_id__in=ids), ended_at__isnull=True
    )


def rejected_with(person_ids: Iterable[int]) -> set[int]:
    """The people a professional decided are someone else than any of these."""
    ids = list(person_ids)
    rows = LinkDecision.objects.filter(
        Q(person_id__in=ids) | Q(other_id__in=ids), kind=DecisionKind.REJECTED
    ).values_list("person_id", "other_id")
    return {b if a in ids else a for a, b in rows} - set(ids)


def rejected(a: int, b: int) -> bool:
    """Was this pair (or any record of either known person) rejected as one person?"""
    side_a, side_b = linked_person_ids([a]), linked_person_ids([b])
    return bool(rejected_with(side_a) & side_b)


# --- candidate search ------------------------------------------------------------------------


def _key_hits(keys: Sequence[str]) -> list[int]:
    """Person ids per key, newest first, at most PER_KEY per key: one indexed query."""
    if not keys:
        return []
    table = PersonKey._meta.db_table
    part = f"SELECT * FROM (SELECT person_id FROM {table} WHERE key = %s ORDER BY person_id DESC LIMIT {PER_KEY}) k{{i}}"  # noqa: E501
    sql = " UNION ALL ".join(part.format(i=i) for i in range(len(keys)))
    with connection.cursor() as cursor:
        cursor.execute(sql, list(keys))
        return [row[0] for row in cursor.fetchall()]


_register_size: tuple[float, int] = (0.0, 0)


def _register_size_now() -> int:
    """The number of people in the register, counted at most once a minute (for term
    frequencies, where a minute-old count makes no difference)."""
    global _register_size
    counted_at, size = _register_size
    if time.monotonic() - counted_at > 60 or size == 0:
        size = Person.objects.count()
        _register_size = (time.monotonic(), size)
    return size


def surname_frequency(surname: str) -> float:
    if not surname:
        return 0.0
    size = _register_size_now()
    if not size:
        return 0.0
    n = PersonKey.objects.filter(key=blocking.key(blocking.SURNAME, surname)).count()
    return n / size


@lru_cache(maxsize=65_536)
def _member_key(given_names: str, surname: str) -> str:
    """A household member's name key (names repeat: thousands of members per intake check at
    national size, a few thousand distinct names)."""
    return member_key(prepare(given_names=given_names, surname=surname))


def _household_keys(household_ids: set[int]) -> dict[int, frozenset[str]]:
    keys: dict[int, set[str]] = {h: set() for h in household_ids}
    fields = ("household_id", "given_names", "surname")
    for row in Person.objects.filter(household_id__in=household_ids).values(*fields):
        key = _member_key(row["given_names"], row["surname"])
        if key:
            keys[row["household_id"]].add(key)
    return {h: frozenset(v) for h, v in keys.items()}


@dataclass(frozen=True)
class Match:
    """One known person proposed for the person being entered.

    For a match on a shielded file the user is not named on, `person` is None and only
    `contacts` (whom to ask) is filled: no name, no evidence, no probability."""

    identity_id: int
    person: Person | None
    probability: float | None
    evidence: tuple[Evidence, ...] = ()
    extra: tuple[Evidence, ...] = ()
    records: int = 1
    shielded: bool = False
    contacts: tuple[str, ...] = ()
    reports: int = 0
    last_report_at: dt.datetime | None = None

    @property
    def likely(self) -> bool:
        return self.probability is not None and self.probability >= LIKELY

    @property
    def all_evidence(self) -> tuple[Evidence, ...]:
        return self.evidence + self.extra


@dataclass
class Search:
    """What the key search found, before visibility: ranked candidates (best record per known
    person) and the ids that were scored."""

    candidates: list[Candidate] = field(default_factory=list)
    scored: int = 0
    roots: dict[int, int] = field(default_factory=dict)


def search(
    details: dict,
    *,
    companions: Sequence[dict] = (),
    exclude: Iterable[int] = (),
    limit: int = 5,
    confidential_addresses: bool = True,
) -> Search:
    """Rank the register's people against one person's details. No visibility: see `match`.

    `exclude`: person ids not to propose (the person itself, people rejected for it).
    `confidential_addresses=False` (a searcher who may not see them): a confidential address
    (shelter, a victim in hiding) neither finds its person nor counts in the score or the
    evidence; the person is found by name, birth date or BSN only."""
    new = prepared(details)
    keys = blocking.search_keys(new)
    ids = set(_key_hits(list(keys))) - set(exclude)
    if not ids:
        return Search()
    rows = list(Person.objects.filter(pk__in=ids).values(*PERSON_FIELDS, "confidential_address"))
    if not confidential_addresses and any(r["confidential_address"] for r in rows):
        by_name = set(_key_hits([k for k, kind in keys.items() if not kind.startswith("adr")]))
        rows = [r for r in rows if not r["confidential_address"] or r["id"] in by_name]
        for r in rows:
            if r["confidential_address"]:
                r.update(street=None, house_number=None, postcode=None, city=None)
        if not rows:
            return Search()
    households = _household_keys({r["household_id"] for r in rows if r["household_id"]})
    records = [
        Record(
            id=r["id"],
            prepared=prepared(r),
            surname_prefix=prefix_of(r["surname"], r["surname_prefix"]),
            household_keys=households.get(r["household_id"], frozenset()),
        )
        for r in rows
    ]
    ranked = rank(
        new,
        records,
        models_store.current_model(),
        new_prefix=prefix_of(details.get("surname") or "", details.get("surname_prefix") or ""),
        companions=[prepared(c) for c in companions],
        surname_frequency=surname_frequency(new.surname),
        limit=len(records),
    )
    identity = roots(c.id for c in ranked)
    best: dict[int, Candidate] = {}
    for candidate in ranked:  # best first: keep the best record of each known person
        best.setdefault(identity[candidate.id], candidate)
    return Search(candidates=list(best.values())[:limit], scored=len(records), roots=identity)


def _contacts(case_ids: Iterable[int]) -> tuple[str, ...]:
    """Whom to contact about a shielded file: the professionals named on it."""
    through = Case.shielded_for.through
    users = through.objects.filter(case_id__in=list(case_ids)).select_related("user")
    names = sorted({str(row.user) for row in users})
    return tuple(names) or ("de teamleider",)


def match(
    user,
    details: dict,
    *,
    companions: Sequence[dict] = (),
    exclude: Iterable[int] = (),
    limit: int = 5,
) -> list[Match]:
    """Known people who may be the person being entered, best first, as `user` may see them:
    on a file the user may see, with name, probability and evidence; on a shielded file the user
    is not named on, only that a match exists and whom to contact."""
    from meldpunt.registry import selectors as registry

    found = search(
        details,
        companions=companions,
        exclude=exclude,
        limit=limit,
        confidential_addresses=user.can(Right.VIEW_CONFIDENTIAL_ADDRESS),
    )
    if not found.candidates:
        return []
    members = {c.id: linked_person_ids([c.id]) for c in found.candidates}
    everyone = set().union(*members.values())
    visible = set(registry.people_for(user).filter(pk__in=everyone).values_list("pk", flat=True))
    shown_ids = {
        c.id if c.id in visible else min(members[c.id] & visible or {c.id})
        for c in found.candidates
    }
    people = Person.objects.in_bulk(shown_ids)
    on_reports = Involvement.objects.filter(person_id__in=everyone).values_list(
        "person_id", "report__case_id", "report__case__shielded", "report__received_at"
    )
    files: dict[int, list[tuple[int, bool, dt.datetime]]] = {}
    for person_id, case_id, shielded, received_at in on_reports:
        files.setdefault(person_id, []).append((case_id, shielded, received_at))
    out = []
    for c in found.candidates:
        group = members[c.id]
        seen = [f for p in group for f in files.get(p, [])]
        if group & visible:
            on_view = registry.reports_for(user).filter(involvements__person_id__in=group)
            dates = list(on_view.values_list("received_at", flat=True).distinct())
            out.append(
                Match(
                    identity_id=found.roots[c.id],
                    person=people[c.id if c.id in visible else min(group & visible)],
                    probability=c.probability,
                    evidence=c.evidence,
                    extra=c.extra,
                    records=len(group & visible),
                    reports=len(dates),
                    last_report_at=max(dates, default=None),
                )
            )
        elif any(shielded for _, shielded, _ in seen):
            out.append(
                Match(
                    identity_id=found.roots[c.id],
                    person=None,
                    probability=None,
                    shielded=True,
                    contacts=_contacts(case for case, shielded, _ in seen if shielded),
                )
            )
    return out


def shielded_contacts(person_id: int) -> tuple[str, ...]:
    """Whom to contact about the shielded files a person (or any record linked to it) is on."""
    cases = Involvement.objects.filter(
        person_id__in=linked_person_ids([person_id]), report__case__shielded=True
    ).values_list("report__case_id", flat=True)
    return _contacts(set(cases))


def pair_score(person: Person, other: Person):
    """The model's score for two records as they are now."""
    return models_store.current_model().score(
        prepared(person_details(person)), prepared(person_details(other))
    )


def pair_evidence(person: Person, other: Person) -> tuple[Evidence, ...]:
    """The evidence for two records, the model's comparisons and the extra fields."""
    record = Record(
        id=other.pk,
        prepared=prepared(person_details(other)),
        surname_prefix=prefix_of(other.surname, other.surname_prefix),
    )
    ranked = rank(
        prepared(person_details(person)),
        [record],
        models_store.current_model(),
        new_prefix=prefix_of(person.surname, person.surname_prefix),
        show_from=0.0,
    )
    return ranked[0].evidence + ranked[0].extra


def match_person(user, person: Person, *, limit: int = 5) -> list[Match]:
    """Known people who may be the same as a person already in the register: not the person's
    own records, and not those a professional rejected for it."""
    own = linked_person_ids([person.pk])
    return match(user, person_details(person), exclude=own | rejected_with(own), limit=limit)


# --- proposals and decisions -----------------------------------------------------------------


def pending_proposals() -> QuerySet[LinkProposal]:
    return (
        LinkProposal.objects.filter(status=ProposalStatus.PENDING)
        .select_related("person", "other")
        .order_by("-probability", "created_at", "pk")
    )


def decisions_about(person_ids: Iterable[int]) -> QuerySet[LinkDecision]:
    ids = list(person_ids)
    return (
        LinkDecision.objects.filter(Q(person_id__in=ids) | Q(other_id__in=ids))
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
    )


# --- linkage facts of a report ---------------------------------------------------------------

ROUTED = ("transferred", "returned")
DAYS_12M = 365
DAYS_5Y = 1826


@dataclass(frozen=True)
class Facts:
    known_people: int
    person_12m: bool
    person_5y: bool
    household_12m: bool
    household_5y: bool

    @property
    def recidivism(self) -> int:
        if self.person_12m or self.household_12m:
            return 1
        if self.person_5y or self.household_5y:
            return 2
        return 0


def linked_households(report: Report) -> set[int]:
    """The report's household and the households linked to it: household links follow from
    shared people (everyone linked to the report's people) and from addresses (a record at the
    same address with a surname that sounds the same: the same family at home, not a later
    tenant)."""
    person_ids = linked_person_ids(report.involvements.values_list("person_id", flat=True))
    own_keys = PersonKey.objects.filter(
        person_id__in=person_ids, key__startswith="adr_sk:"
    ).values_list("key", flat=True)
    at_home = PersonKey.objects.filter(key__in=list(own_keys)).values_list("person_id", flat=True)
    households = set(
        Person.objects.filter(
            Q(pk__in=person_ids) | Q(pk__in=list(at_home)), household_id__isnull=False
        ).values_list("household_id", flat=True)
    )
    return households | {report.case.household_id}


def facts_now(report: Report) -> Facts:
    """The linkage facts of a report as the links say today (the current view)."""
    own = list(report.involvements.values_list("person_id", flat=True))
    person_ids = linked_person_ids(own)
    earlier = (
        Report.objects.filter(received_at__lt=report.received_at)
        .exclude(pk=report.pk)
        .exclude(status__in=ROUTED)
    )
    since_5y = report.received_at - dt.timedelta(days=DAYS_5Y)
    since_12m = report.received_at - dt.timedelta(days=DAYS_12M)
    by_person = earlier.filter(involvements__person_id__in=person_ids)
    by_household = earlier.filter(case__household_id__in=linked_households(report))
    latest_person = by_person.filter(received_at__gte=since_5y).order_by("-received_at").first()
    latest_household = (
        by_household.filter(received_at__gte=since_5y).order_by("-received_at").first()
    )
    known = Involvement.objects.filter(report__in=by_person, person_id__in=person_ids).values_list(
        "person_id", flat=True
    )
    return Facts(
        known_people=len(set(roots(set(known)).values())),
        person_12m=bool(latest_person and latest_person.received_at >= since_12m),
        person_5y=latest_person is not None,
        household_12m=bool(latest_household and latest_household.received_at >= since_12m),
        household_5y=latest_household is not None,
    )


def fixed_facts(report: Report) -> ReportFacts | None:
    """The facts fixed at the triage decision, None before it."""
    return ReportFacts.objects.filter(report=report).first()


@dataclass(frozen=True)
class LinkageView:
    """A report's prior involvement and recidivism: as fixed at its decision, and as the links
    say now."""

    fixed_class: str
    current_class: str
    fixed: ReportFacts | None
    current: Facts

    @property
    def changed(self) -> bool:
        return bool(self.fixed_class) and self.fixed_class != self.current_class


def linkage_view(report: Report) -> LinkageView:
    from meldpunt.process.prior_involvement import classify
    from meldpunt.reference.cbs import PriorInvolvement

    labels = dict(PriorInvolvement.choices)
    return LinkageView(
        fixed_class=str(labels.get(report.prior_involvement, "")),
        current_class=str(labels.get(classify(report), "")),
        fixed=fixed_facts(report),
        current=facts_now(report),
    )
