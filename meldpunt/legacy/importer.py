"""Import a validated export in batches. Idempotent (source keys in LegacyKey), resumable (each
batch commits with its keys), all-or-nothing when asked. History is taken as it was: a report
decided in 2019 stays decided on its own date with its original triage term, and its history
rows say they came from a migration and from which source key."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.db.models import F, Min, OuterRef, Subquery
from django.utils import timezone

from meldpunt.access import audit
from meldpunt.access.models import User
from meldpunt.casefile.models import JournalEntry
from meldpunt.legacy import rows as plain
from meldpunt.legacy.codes import Codes
from meldpunt.legacy.exchange import ORDER, Line, parse_date, read_lines
from meldpunt.legacy.models import LegacyKey
from meldpunt.process.models import (
    DecisionStatus,
    Evaluation,
    Finding,
    Handover,
    SafetyAssessment,
    Service,
    ServiceKind,
    Term,
    TermKind,
    Transition,
    TriageDecision,
)
from meldpunt.process.places import place_unplaced
from meldpunt.process.states import Action, Machine, ServiceStatus
from meldpunt.process.terms import due_date
from meldpunt.reference.models import Municipality
from meldpunt.reference.services import holiday_calendar, organisation_settings
from meldpunt.registry.models import (
    Advice,
    AdviceStatus,
    Case,
    Household,
    Involvement,
    Person,
    Report,
    Reporter,
    ReportSource,
    ReportStatus,
)
from meldpunt.registry.services import refresh_previous_reports
from meldpunt.registry.validators import normalise_postcode

BATCH = 2000
CHUNK = 5000  # ids per statement in the passes over the whole history
MIGRATION_USER = "migratie"
DOCUMENT_FOLDER = "migratie"  # in the document storage; one folder per source system below it


@dataclass
class Summary:
    created: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    def add(self, entity: str, *, created: int, skipped: int) -> None:
        self.created[entity] = self.created.get(entity, 0) + created
        self.skipped[entity] = self.skipped.get(entity, 0) + skipped


def migration_user() -> User:
    user, _ = User.objects.get_or_create(
        username=MIGRATION_USER,
        defaults={"first_name": "Migratie", "last_name": "(systeem)", "is_active": False},
    )
    return user


def _moment(value) -> dt.datetime:
    moment = dt.datetime.fromisoformat(str(value))
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _day(value) -> dt.date | None:
    return parse_date(value, today=dt.date.max)[0]


def _batches(directory: Path, name: str) -> Iterator[list[Line]]:
    batch: list[Line] = []
    for item in read_lines(directory, name):
        if isinstance(item, Line):
            batch.append(item)
            if len(batch) == BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


class Importer:
    def __init__(
        self,
        directory: Path,
        *,
        system: str,
        codes: Codes,
        progress: Callable[[int], None] | None = None,
    ):
        self.directory = directory
        self.system = system
        self.codes = codes
        self.progress = progress or (lambda n: None)
        self.actor = migration_user()
        self.settings = organisation_settings()
        self.calendar = holiday_calendar(self.settings)
        self.summary = Summary()
        self._ids: dict[str, dict[str, int]] = {}
        # household id -> its open case, found or made in this run
        self._open_cases: dict[int, int] = {}
        self.municipalities = Municipality.objects.in_bulk()
        self._stored: list[str] = []  # document files written by this run

    # -- source keys ---------------------------------------------------------------------
    def ids(self, entity: str) -> dict[str, int]:
        if entity not in self._ids:
            self._ids[entity] = dict(
                LegacyKey.objects.filter(system=self.system, entity=entity).values_list(
                    "key", "object_id"
                )
            )
        return self._ids[entity]

    def remember(self, entity: str, pairs: list[tuple[str, int]]) -> None:
        plain.insert(
            LegacyKey,
            ({"system": self.system, "entity": entity, "key": k, "object_id": i} for k, i in pairs),
        )
        self.ids(entity).update(pairs)

    def code(self, category: str, value):
        return self.codes.resolve(category, value)[0]

    def source(self, entity: str, key: str) -> str:
        return f"{self.system}:{entity}/{key}"

    def history(
        self,
        *,
        report_id: int,
        action: Action,
        at: dt.datetime,
        from_status: str,
        to_status: str,
        key: str,
        entity: str,
        service_id: int | None = None,
    ) -> dict:
        """A history row (process.Transition) that says where it came from."""
        return {
            "machine": Machine.SERVICE if service_id else Machine.REPORT,
            "action": action,
            "report_id": report_id,
            "service_id": service_id,
            "from_status": from_status,
            "to_status": to_status,
            "by_id": self.actor.pk,
            "at": at,
            "migrated_from": self.source(entity, key),
            "reason": "Overgenomen uit het vorige registratiesysteem",
        }

    def triage_term(self, report_id: int, received_at: dt.datetime, *, met_on) -> dict:
        """The original triage term of a report: 5 working days from receipt with the holidays
        of that year; met on the decision date when the old system had decided."""
        day = timezone.localdate(received_at)
        due = due_date(TermKind.TRIAGE, day, settings=self.settings, calendar=self.calendar)
        return {
            "kind": TermKind.TRIAGE,
            "report_id": report_id,
            "started_on": day,
            "original_due_on": due,
            "due_on": due,
            "warn_on": due,
            "met_on": met_on,
            "met_by_id": self.actor.pk if met_on else None,
        }

    # -- the run -------------------------------------------------------------------------
    def run(self, *, atomic: bool = False) -> Summary:
        handlers = {
            "persons.jsonl": self.persons,
            "advices.jsonl": self.advices,
            "reports.jsonl": self.reports,
            "decisions.jsonl": self.decisions,
            "services.jsonl": self.services,
            "evaluations.jsonl": self.evaluations,
            "handovers.jsonl": self.handovers,
            "journal.jsonl": self.journal,
            "documents.jsonl": self.documents,
        }
        if connection.vendor == "postgresql" and not atomic:
            # Each batch commits without waiting for the disk: a crash loses at most the last
            # batches, which the rerun imports again (resumable), and the import runs faster.
            with connection.cursor() as cursor:
                cursor.execute("SET synchronous_commit TO OFF")
        try:
            with transaction.atomic() if atomic else nullcontext():
                for name in ORDER:
                    self.import_file(name, handlers[name])
                self.sweep_documents()
                with transaction.atomic():
                    self.close_reports()
                with transaction.atomic():
                    self.finish_history()
                    self.classify_prior_involvement()
        except BaseException:
            if atomic:  # rolled back as a whole: so are the files it wrote
                from meldpunt.casefile import documents

                for stored in self._stored:
                    documents.delete(stored)
            raise
        finally:
            if connection.vendor == "postgresql" and not atomic:
                with connection.cursor() as cursor:
                    cursor.execute("RESET synchronous_commit")
        return self.summary

    def import_file(self, name: str, handler: Callable[[list[Line]], None]) -> None:
        """One file in batches; each batch commits with its source keys."""
        entity = name.removesuffix(".jsonl")
        for batch in _batches(self.directory, name):
            known = self.ids(entity)
            fresh = [line for line in batch if str(line.data["key"]) not in known]
            with transaction.atomic():
                if fresh:
                    handler(fresh)
                    audit.record(
                        "legacy.imported",
                        actor=self.actor,
                        subject=None,
                        entity=entity,
                        count=len(fresh),
                        system=self.system,
                    )
            self.summary.add(entity, created=len(fresh), skipped=len(batch) - len(fresh))
            self.progress(len(batch))

    # -- entities ------------------------------------------------------------------------
    def persons(self, lines: list[Line]) -> None:
        households = self.ids("households")
        fresh = list(
            dict.fromkeys(
                str(ln.data["household"])
                for ln in lines
                if ln.data.get("household") and str(ln.data["household"]) not in households
            )
        )
        if fresh:
            made = plain.create(Household, [{} for _ in fresh])
            self.remember("households", list(zip(fresh, made, strict=True)))
        people = []
        for line in lines:
            d = line.data
            hh = d.get("household")
            people.append(
                {
                    "given_names": d.get("given_names") or "",
                    "surname_prefix": d.get("surname_prefix") or "",
                    "surname": d.get("surname") or "",
                    "date_of_birth": _day(d.get("date_of_birth")),
                    "sex": self.code("sex", d.get("sex")) or "x",
                    "bsn": str(d.get("bsn") or ""),
                    "street": d.get("street") or "",
                    "house_number": str(d.get("house_number") or ""),
                    "postcode": normalise_postcode(str(d.get("postcode") or "")),
                    "city": d.get("city") or "",
                    "household_id": households.get(str(hh)) if hh else None,
                }
            )
        created = plain.create(Person, people)
        # The radar's blocking keys of the new people, from the values in hand (what
        # radar.index_people would read back from the table).
        from meldpunt.radar import services as radar
        from meldpunt.radar.models import PersonKey

        plain.insert(
            PersonKey,
            (
                {"person_id": pk, "key": key}
                for pk, values in zip(created, people, strict=True)
                for key in radar.keys_of(values)
            ),
        )
        self.remember(
            "persons", [(str(ln.data["key"]), pk) for ln, pk in zip(lines, created, strict=True)]
        )

    def advices(self, lines: list[Line]) -> None:
        rows = []
        for line in lines:
            d = line.data
            rows.append(
                {
                    "received_at": _moment(d["received_at"]),
                    "asker_type_id": self.code("reporter_type", d["asker_type"]),
                    "anonymous": bool(d.get("anonymous")),
                    "municipality_id": self.code("municipality", d.get("municipality")),
                    "question": d["question"],
                    "advice_given": d.get("advice") or "",
                    "status": AdviceStatus.GIVEN if d.get("advice") else AdviceStatus.OPEN,
                    "handled_by_id": self.actor.pk,
                }
            )
        created = plain.create(Advice, rows)
        self.remember(
            "advices", [(str(ln.data["key"]), pk) for ln, pk in zip(lines, created, strict=True)]
        )

    def _cases_for(self, groups: list[tuple[list[int], dt.datetime]]) -> list[int]:
        """The open case of each report's household (made when there is none), in bulk: one
        household per report's people (a new one when none of them has one yet)."""
        person_ids = {pid for people, _ in groups for pid in people}
        household_of = dict(
            Person.objects.filter(pk__in=person_ids).values_list("pk", "household_id")
        )
        for people, _ in groups:  # rare: nobody on the report has a household yet
            if not any(household_of[p] for p in people):
                household = Household.objects.create()
                Person.objects.filter(pk__in=people, household__isnull=True).update(
                    household_id=household.pk
                )
                household_of.update(dict.fromkeys(people, household.pk))
        households = [
            next(household_of[p] for p in people if household_of[p]) for people, _ in groups
        ]
        cases = self._open_cases
        wanted = {h for h in households if h not in cases}
        for case_id, household_id in Case.objects.filter(
            household_id__in=wanted, closed_at__isnull=True
        ).values_list("pk", "household_id"):
            cases.setdefault(household_id, case_id)
        first_seen: dict[int, dt.datetime] = {}
        for household_id, (_, received_at) in zip(households, groups, strict=True):
            if household_id not in cases:
                first_seen[household_id] = min(
                    first_seen.get(household_id, received_at), received_at
                )
        if first_seen:
            made = plain.create(
                Case, [{"household_id": h, "opened_at": at} for h, at in first_seen.items()]
            )
            cases.update(zip(first_seen, made, strict=True))
        return [cases[h] for h in households]

    def reports(self, lines: list[Line]) -> None:
        persons = self.ids("persons")
        municipalities = self.municipalities
        people_of = []
        for line in lines:
            seen: dict[int, str] = {}
            for p in line.data["people"]:
                seen.setdefault(persons[str(p["person"])], self.code("role", p["role"]))
            people_of.append(seen)
        received = [_moment(line.data["received_at"]) for line in lines]
        case_ids = self._cases_for(
            [(list(people), at) for people, at in zip(people_of, received, strict=True)]
        )
        rows = []
        for line, case_id, received_at in zip(lines, case_ids, received, strict=True):
            d = line.data
            municipality = municipalities[self.code("municipality", d["municipality"])]
            rows.append(
                {
                    "case_id": case_id,
                    "received_at": received_at,
                    "source": ReportSource.MIGRATED,
                    "municipality_id": municipality.pk,
                    "work_area_id": municipality.work_area_id,
                    "acute": bool(d.get("acute")),
                    "description": d.get("description") or "",
                    "police_reference": d.get("police_reference") or None,
                    "registered_by_id": self.actor.pk,
                }
            )
        reports = plain.create(Report, rows)
        # The stored fact the recidivism figures read: the batch's households' previous reports
        # (a migrated report may be earlier than one already in the register).
        refresh_previous_reports(
            Case.objects.filter(pk__in=set(case_ids)).values_list("household_id", flat=True)
        )
        forms, reporters, involvements = [], [], []
        through = Report.violence_forms.through
        for line, report_id, people in zip(lines, reports, people_of, strict=True):
            d = line.data
            codes = {self.code("violence_form", f) for f in d.get("violence_forms") or []}
            forms += [{"report_id": report_id, "violenceform_id": f} for f in codes if f]
            r = d["reporter"]
            reporters.append(
                {
                    "report_id": report_id,
                    "reporter_type_id": self.code("reporter_type", r.get("type")),
                    "name": r.get("name") or "",
                    "organisation": r.get("organisation") or "",
                    "anonymous": bool(r.get("anonymous")),
                    "wants_feedback": bool(r.get("wants_feedback")),
                }
            )
            involvements += [
                {"report_id": report_id, "person_id": pid, "role": role}
                for pid, role in people.items()
            ]
        plain.insert(through, forms)
        plain.insert(Reporter, reporters)
        plain.insert(Involvement, involvements)
        self.remember(
            "reports", [(str(ln.data["key"]), pk) for ln, pk in zip(lines, reports, strict=True)]
        )

    def decisions(self, lines: list[Line]) -> None:
        reports = self.ids("reports")
        lines = sorted(lines, key=lambda ln: str(ln.data["decided_at"]))
        received = dict(
            Report.objects.filter(
                pk__in=[reports[str(ln.data["report"])] for ln in lines]
            ).values_list("pk", "received_at")
        )
        assessments, decisions, history = [], [], []
        decided_on: dict[int, dt.date] = {}
        crisis = set()
        for line in lines:
            d = line.data
            key = str(d["key"])
            report_id = reports[str(d["report"])]
            decided_at = _moment(d["decided_at"])
            if d.get("acute_unsafety") is not None or d.get("structural_unsafety") is not None:
                assessments.append(
                    {
                        "report_id": report_id,
                        "acute_unsafety": bool(d.get("acute_unsafety")),
                        "structural_unsafety": bool(d.get("structural_unsafety")),
                        "rationale": d.get("rationale") or "",
                        "assessed_by_id": self.actor.pk,
                        "assessed_at": decided_at,
                    }
                )
            decisions.append(
                {
                    "report_id": report_id,
                    "outcome": self.code("triage_outcome", d["outcome"]),
                    "rationale": d.get("rationale") or "Overgenomen uit het vorige systeem",
                    "crisis_intervention": bool(d.get("crisis_intervention")),
                    "status": DecisionStatus.APPROVED,
                    "proposed_by_id": self.actor.pk,
                    "proposed_at": decided_at,
                    "approved_by_id": None,
                    "decided_at": decided_at,
                }
            )
            steps = [
                (
                    Action.START_ASSESSMENT,
                    received[report_id],
                    ReportStatus.RECEIVED,
                    ReportStatus.IN_ASSESSMENT,
                ),
                (
                    Action.PROPOSE_DECISION,
                    decided_at,
                    ReportStatus.IN_ASSESSMENT,
                    ReportStatus.AWAITING_APPROVAL,
                ),
                (
                    Action.APPROVE_DECISION,
                    decided_at,
                    ReportStatus.AWAITING_APPROVAL,
                    ReportStatus.DECIDED,
                ),
            ]
            history += [
                self.history(
                    report_id=report_id,
                    action=action,
                    at=at,
                    from_status=old,
                    to_status=new,
                    key=key,
                    entity="decisions",
                )
                for action, at, old, new in steps
            ]
            decided_on[report_id] = timezone.localdate(decided_at)
            if d.get("crisis_intervention"):
                crisis.add(report_id)
            else:
                crisis.discard(report_id)
        plain.insert(SafetyAssessment, assessments)
        created = plain.create(TriageDecision, decisions)
        plain.insert(Transition, history)
        # An open term left by an earlier run (the report was undecided then) makes way.
        Term.objects.filter(report_id__in=list(received), kind=TermKind.TRIAGE).delete()
        plain.insert(
            Term,
            [self.triage_term(pk, at, met_on=decided_on[pk]) for pk, at in received.items()],
        )
        place_unplaced()  # rows written in bulk take their report's file and place
        Report.objects.filter(pk__in=list(received)).update(
            status=ReportStatus.DECIDED, version=F("version") + 3
        )
        if crisis:
            Report.objects.filter(pk__in=crisis).update(crisis_intervention=True)
        self.remember(
            "decisions", [(str(ln.data["key"]), pk) for ln, pk in zip(lines, created, strict=True)]
        )

    def services(self, lines: list[Line]) -> None:
        reports, services = self.ids("reports"), self.ids("services")
        in_batch: dict[str, int] = {}
        created_of: dict[int, dict] = {}
        pending = list(enumerate(lines))
        while pending:  # a monitoring may follow a service in the same batch: in waves
            wave = [
                (i, line)
                for i, line in pending
                if not line.data.get("previous")
                or str(line.data["previous"]) in services
                or str(line.data["previous"]) in in_batch
            ] or pending
            rows = []
            for _, line in wave:
                d = line.data
                previous = str(d.get("previous") or "")
                closed = _day(d.get("closed_on"))
                rows.append(
                    {
                        "report_id": reports[str(d["report"])],
                        "kind": self.code("service_kind", d["kind"]),
                        "started_on": _day(d["started_on"]),
                        "closed_on": closed,
                        "status": ServiceStatus.CLOSED if closed else ServiceStatus.ACTIVE,
                        "version": 2 if closed else 0,
                        "previous_id": services.get(previous) or in_batch.get(previous),
                    }
                )
            ids = plain.create(Service, rows)
            for (i, line), row, pk in zip(wave, rows, ids, strict=True):
                in_batch[str(line.data["key"])] = pk
                created_of[i] = {**row, "id": pk}
            done = {i for i, _ in wave}
            pending = [(i, line) for i, line in pending if i not in done]
        created = [created_of[i] for i in range(len(lines))]
        terms, history, findings = [], [], []
        for line, service in zip(lines, created, strict=True):
            d = line.data
            key = str(d["key"])
            started_on, closed_on = service["started_on"], service["closed_on"]
            term_kind = {
                ServiceKind.SUPPORT: TermKind.SUPPORT,
                ServiceKind.INVESTIGATION: TermKind.INVESTIGATION,
            }.get(service["kind"])
            if term_kind:
                due = due_date(
                    term_kind, started_on, settings=self.settings, calendar=self.calendar
                )
                terms.append(
                    {
                        "kind": term_kind,
                        "report_id": service["report_id"],
                        "service_id": service["id"],
                        "started_on": started_on,
                        "original_due_on": due,
                        "due_on": due,
                        "warn_on": due,
                        "met_on": closed_on,
                        "met_by_id": self.actor.pk if closed_on else None,
                    }
                )
            if closed_on:
                at = timezone.make_aware(dt.datetime.combine(closed_on, dt.time(12)))
                history += [
                    self.history(
                        report_id=service["report_id"],
                        service_id=service["id"],
                        action=action,
                        at=at,
                        from_status=old,
                        to_status=new,
                        key=key,
                        entity="services",
                    )
                    for action, old, new in (
                        (Action.PROPOSE_CLOSE, ServiceStatus.ACTIVE, ServiceStatus.CLOSE_PROPOSED),
                        (Action.APPROVE_CLOSE, ServiceStatus.CLOSE_PROPOSED, ServiceStatus.CLOSED),
                    )
                ]
            findings += [
                {
                    "service_id": service["id"],
                    "violence_form_id": self.code("violence_form", f["violence_form"]),
                    "finding": self.code("finding", f["finding"]),
                }
                for f in d.get("findings") or []
            ]
        plain.insert(Term, terms)
        place_unplaced()  # rows written in bulk take their report's file and place
        plain.insert(Transition, history)
        plain.insert(Finding, findings)
        self.remember("services", list(in_batch.items()))

    def evaluations(self, lines: list[Line]) -> None:
        services = self.ids("services")
        service_of = {
            pk: (report_id, started_on)
            for pk, report_id, started_on in Service.objects.filter(
                pk__in=[services[str(ln.data["service"])] for ln in lines]
            ).values_list("pk", "report_id", "started_on")
        }
        rows = []
        for line in lines:
            d = line.data
            rows.append(
                {
                    "service_id": services[str(d["service"])],
                    "moment": d["moment"],
                    "done_on": _day(d["done_on"]),
                    "score_family": d.get("score_family"),
                    "score_professionals": d.get("score_professionals"),
                    "recorded_by_id": self.actor.pk,
                }
            )
        created = plain.create(Evaluation, rows)
        terms = []
        for evaluation, pk in zip(rows, created, strict=True):
            report_id, started_on = service_of[evaluation["service_id"]]
            due = due_date(
                TermKind.EVALUATION,
                started_on,
                settings=self.settings,
                calendar=self.calendar,
                months=evaluation["moment"],
            )
            terms.append(
                {
                    "kind": TermKind.EVALUATION,
                    "report_id": report_id,
                    "service_id": evaluation["service_id"],
                    "evaluation_id": pk,
                    "started_on": started_on,
                    "original_due_on": due,
                    "due_on": due,
                    "warn_on": due,
                    "met_on": evaluation["done_on"],
                    "met_by_id": self.actor.pk,
                }
            )
        plain.insert(Term, terms)
        place_unplaced()  # rows written in bulk take their report's file and place
        self.remember(
            "evaluations",
            [(str(ln.data["key"]), pk) for ln, pk in zip(lines, created, strict=True)],
        )

    def handovers(self, lines: list[Line]) -> None:
        reports, services = self.ids("reports"), self.ids("services")
        rows = [
            {
                "report_id": reports[str(ln.data["report"])],
                "service_id": services.get(str(ln.data.get("service")))
                if ln.data.get("service")
                else None,
                "destination_id": self.code("destination", ln.data["destination"]),
                "warm": bool(ln.data.get("warm")),
                "handed_over_on": _day(ln.data["handed_over_on"]),
                "by_id": self.actor.pk,
            }
            for ln in lines
        ]
        created = plain.create(Handover, rows)
        place_unplaced()  # rows written in bulk take their report's file and place
        self.remember(
            "handovers", [(str(ln.data["key"]), pk) for ln, pk in zip(lines, created, strict=True)]
        )

    def journal(self, lines: list[Line]) -> None:
        reports = self.ids("reports")
        case_of = dict(
            Report.objects.filter(
                pk__in=[reports[str(ln.data["report"])] for ln in lines]
            ).values_list("pk", "case_id")
        )
        now = timezone.now()
        rows = []
        for ln in lines:
            report_id = reports[str(ln.data["report"])]
            rows.append(
                {
                    "case_id": case_of[report_id],
                    "report_id": report_id,
                    "occurred_at": _moment(ln.data["occurred_at"]),
                    "channel": self.code("channel", ln.data["channel"]),
                    "participants": ln.data.get("participants") or "",
                    "note": ln.data["note"],
                    "by_id": self.actor.pk,
                    "created_at": now,
                }
            )
        created = plain.create(JournalEntry, rows)
        self.remember(
            "journal", [(str(ln.data["key"]), pk) for ln, pk in zip(lines, created, strict=True)]
        )

    def documents(self, lines: list[Line]) -> None:
        """Files beside the export into the files' private document storage, checked by content
        again as they are read (the validation looked at their first bytes)."""
        from meldpunt.casefile import documents
        from meldpunt.casefile.models import Document
        from meldpunt.legacy.validate import document_path

        reports = self.ids("reports")
        case_of = dict(
            Report.objects.filter(
                pk__in=[reports[str(ln.data["report"])] for ln in lines]
            ).values_list("pk", "case_id")
        )
        stored: list[str] = []
        rows = []
        try:
            for ln in lines:
                path = document_path(self.directory, str(ln.data["file"]))
                content = path.read_bytes()
                documents.check_size(len(content))
                mime = documents.sniff(content, path.name)
                name = self.document_name(str(ln.data["key"]))
                stored.append(name)
                digest = documents.store_as(name, content)
                report_id = reports[str(ln.data["report"])]
                rows.append(
                    {
                        "case_id": case_of[report_id],
                        "report_id": report_id,
                        "title": str(ln.data["title"])[:200],
                        "filename": path.name[-200:],
                        "content_type": mime,
                        "size": len(content),
                        "sha256": digest,
                        "storage_name": name,
                        "uploaded_by_id": self.actor.pk,
                        "uploaded_at": _moment(ln.data["uploaded_at"])
                        if ln.data.get("uploaded_at")
                        else timezone.now(),
                    }
                )
            created = plain.create(Document, rows)
        except BaseException:
            for name in stored:  # nothing of this batch stays behind in the storage
                documents.delete(name)
            raise
        self._stored.extend(stored)
        self.remember(
            "documents", [(str(ln.data["key"]), pk) for ln, pk in zip(lines, created, strict=True)]
        )

    def document_folder(self) -> str:
        """The storage folder of this source system's documents."""
        return f"{DOCUMENT_FOLDER}/{hashlib.sha256(self.system.encode()).hexdigest()[:24]}"

    def document_name(self, key: str) -> str:
        """A document's storage name, derived from its source key: a batch that is killed
        before it commits leaves its files under the names the rerun writes them to again
        (no second copy), and the sweep after the documents finds what is left over."""
        digest = hashlib.sha256(f"{self.system}\0{key}".encode()).hexdigest()
        return f"{self.document_folder()}/{digest}.bin"

    def sweep_documents(self) -> int:
        """Delete this system's files that no document refers to: left by a run killed mid-batch
        (SIGKILL runs no clean-up) whose key the export no longer has, or by a rolled-back
        --atomic run. Returns how many."""
        from meldpunt.casefile import documents
        from meldpunt.casefile.models import Document

        folder = self.document_folder()
        referenced = set(
            Document.objects.filter(storage_name__startswith=f"{folder}/").values_list(
                "storage_name", flat=True
            )
        )
        orphans = [name for name in documents.stored_in(folder) if name not in referenced]
        for name in orphans:
            documents.delete(name)
        return len(orphans)

    def close_reports(self) -> None:
        """Reports the old system had closed: closed on their own date, nothing owed."""
        reports = self.ids("reports")
        for batch in _batches(self.directory, "reports.jsonl"):
            closing = {
                reports[str(line.data["key"])]: (
                    str(line.data["key"]),
                    _day(line.data["closed_on"]),
                )
                for line in batch
                if line.data.get("closed_on")
            }
            ids = list(
                Report.objects.filter(pk__in=closing, status=ReportStatus.DECIDED).values_list(
                    "pk", flat=True
                )
            )
            history = []
            for report_id in ids:
                key, closed = closing[report_id]
                history.append(
                    self.history(
                        report_id=report_id,
                        action=Action.CLOSE_REPORT,
                        at=timezone.make_aware(dt.datetime.combine(closed, dt.time(17))),
                        from_status=ReportStatus.DECIDED,
                        to_status=ReportStatus.CLOSED,
                        key=key,
                        entity="reports",
                    )
                )
            with transaction.atomic():
                plain.insert(Transition, history)
                Report.objects.filter(pk__in=ids).update(
                    status=ReportStatus.CLOSED, version=F("version") + 1
                )

    def classify_prior_involvement(self) -> None:
        """Each decided migrated report classified by prior involvement against the whole
        migrated history (decisions, services and closings as they were), in memory."""
        from meldpunt.legacy import prior

        ids = set(self.ids("reports").values())
        if not ids:
            return
        reports: dict[int, prior.History] = {}
        for pk, received_at, status in Report.objects.filter(pk__in=ids).values_list(
            "pk", "received_at", "status"
        ):
            reports[pk] = prior.History(received_at, timezone.localdate(received_at), status)
        reports_of_person: dict[int, list[int]] = {}
        for report_id, person_id in Involvement.objects.filter(report_id__in=ids).values_list(
            "report_id", "person_id"
        ):
            reports[report_id].persons.add(person_id)
            reports_of_person.setdefault(person_id, []).append(report_id)
        for report_id, at in TriageDecision.objects.filter(
            report_id__in=ids, status=DecisionStatus.APPROVED
        ).values_list("report_id", "decided_at"):
            reports[report_id].decided_at = at
        for report_id, kind, started, closed in Service.objects.filter(
            report_id__in=ids
        ).values_list("report_id", "kind", "started_on", "closed_on"):
            reports[report_id].services.append((kind, started, closed))
        for report_id, at in Transition.objects.filter(
            report_id__in=ids, action=Action.CLOSE_REPORT
        ).values_list("report_id", "at"):
            reports[report_id].closed_at = at
        by_code: dict[str, list[int]] = {}
        for pk, history in reports.items():
            if history.decided_at is not None:
                code = prior.classify(pk, reports, reports_of_person)
                by_code.setdefault(code, []).append(pk)
        for code, pks in by_code.items():
            for i in range(0, len(pks), CHUNK):
                Report.objects.filter(pk__in=pks[i : i + CHUNK]).update(prior_involvement=code)

    def finish_history(self) -> None:
        """What needs the whole history: reports still undecided get their open (overdue)
        triage term, and each migrated case opens at its first report."""
        ids = sorted(self.ids("reports").values())
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i : i + CHUNK]
            undecided = (
                Report.objects.filter(pk__in=chunk)
                .exclude(terms__kind=TermKind.TRIAGE)
                .values_list("pk", "received_at")
            )
            plain.insert(Term, [self.triage_term(pk, at, met_on=None) for pk, at in undecided])
            place_unplaced()  # rows written in bulk take their report's file and place
            # One statement: a case made for a later report of its household opens earlier.
            first = Subquery(
                Report.objects.filter(case_id=OuterRef("pk"))
                .values("case_id")
                .annotate(first=Min("received_at"))
                .values("first")
            )
            Case.objects.filter(
                pk__in=Report.objects.filter(pk__in=chunk).values("case_id"),
                opened_at__gt=first,
            ).update(opened_at=first)
