"""Import a validated export in batches. Idempotent (source keys in LegacyKey), resumable (each
batch commits with its keys), all-or-nothing when asked. History is taken as it was: a report
decided in 2019 stays decided on its own date with its original triage term, and its history
rows say they came from a migration and from which source key."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from meldpunt.access import audit
from meldpunt.access.models import User
from meldpunt.casefile.models import JournalEntry
from meldpunt.legacy.codes import Codes
from meldpunt.legacy.exchange import ORDER, Line, parse_date, read_lines
from meldpunt.legacy.models import LegacyKey
from meldpunt.process import prior_involvement
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
from meldpunt.process.states import Action, Machine, ServiceStatus
from meldpunt.process.terms import due_date
from meldpunt.reference.models import Municipality
from meldpunt.reference.selectors import work_area_for
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
from meldpunt.registry.validators import normalise_postcode

BATCH = 500
MIGRATION_USER = "migratie"


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
        LegacyKey.objects.bulk_create(
            [LegacyKey(system=self.system, entity=entity, key=k, object_id=i) for k, i in pairs]
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
    ) -> Transition:
        return Transition(
            machine=Machine.SERVICE if service_id else Machine.REPORT,
            action=action,
            report_id=report_id,
            service_id=service_id,
            from_status=from_status,
            to_status=to_status,
            by=self.actor,
            at=at,
            migrated_from=self.source(entity, key),
            reason="Overgenomen uit het vorige registratiesysteem",
        )

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
        }
        with transaction.atomic() if atomic else nullcontext():
            for name in ORDER:
                entity = name.removesuffix(".jsonl")
                for batch in _batches(self.directory, name):
                    known = self.ids(entity)
                    fresh = [line for line in batch if str(line.data["key"]) not in known]
                    with transaction.atomic():
                        if fresh:
                            handlers[name](fresh)
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
            with transaction.atomic():
                self.close_reports()
        return self.summary

    # -- entities ------------------------------------------------------------------------
    def persons(self, lines: list[Line]) -> None:
        households = self.ids("households")
        new_households = {}
        for line in lines:
            hh = line.data.get("household")
            if hh and str(hh) not in households and str(hh) not in new_households:
                new_households[str(hh)] = Household.objects.create()
        if new_households:
            self.remember("households", [(k, h.pk) for k, h in new_households.items()])
        people = []
        for line in lines:
            d = line.data
            hh = d.get("household")
            people.append(
                Person(
                    given_names=d.get("given_names") or "",
                    surname_prefix=d.get("surname_prefix") or "",
                    surname=d.get("surname") or "",
                    date_of_birth=_day(d.get("date_of_birth")),
                    sex=self.code("sex", d.get("sex")) or "x",
                    bsn=str(d.get("bsn") or ""),
                    street=d.get("street") or "",
                    house_number=str(d.get("house_number") or ""),
                    postcode=normalise_postcode(str(d.get("postcode") or "")),
                    city=d.get("city") or "",
                    household_id=households.get(str(hh)) if hh else None,
                )
            )
        created = Person.objects.bulk_create(people)
        from meldpunt.radar import services as radar

        radar.index_people([p.pk for p in created])
        self.remember(
            "persons", [(str(ln.data["key"]), p.pk) for ln, p in zip(lines, created, strict=True)]
        )

    def advices(self, lines: list[Line]) -> None:
        rows = []
        for line in lines:
            d = line.data
            rows.append(
                Advice(
                    received_at=_moment(d["received_at"]),
                    asker_type_id=self.code("reporter_type", d["asker_type"]),
                    anonymous=bool(d.get("anonymous")),
                    municipality_id=self.code("municipality", d.get("municipality")),
                    question=d["question"],
                    advice_given=d.get("advice") or "",
                    status=AdviceStatus.GIVEN if d.get("advice") else AdviceStatus.OPEN,
                    handled_by=self.actor,
                )
            )
        created = Advice.objects.bulk_create(rows)
        self.remember(
            "advices", [(str(ln.data["key"]), a.pk) for ln, a in zip(lines, created, strict=True)]
        )

    def _case_for(self, person_ids: list[int], received_at: dt.datetime) -> Case:
        persons = list(Person.objects.filter(pk__in=person_ids))
        household_id = next((p.household_id for p in persons if p.household_id), None)
        if household_id is None:
            household_id = Household.objects.create().pk
            Person.objects.filter(pk__in=person_ids).update(household_id=household_id)
        case = Case.objects.filter(household_id=household_id, closed_at__isnull=True).first()
        if case is None:
            case = Case.objects.create(household_id=household_id, opened_at=received_at)
        elif received_at < case.opened_at:
            case.opened_at = received_at
            case.save(update_fields=["opened_at"])
        return case

    def reports(self, lines: list[Line]) -> None:
        persons = self.ids("persons")
        municipalities = Municipality.objects.in_bulk()
        pairs = []
        for line in lines:
            d = line.data
            received_at = _moment(d["received_at"])
            people = [
                (persons[str(p["person"])], self.code("role", p["role"])) for p in d["people"]
            ]
            case = self._case_for([pid for pid, _ in people], received_at)
            municipality = municipalities[self.code("municipality", d["municipality"])]
            report = Report.objects.create(
                case=case,
                received_at=received_at,
                source=ReportSource.MIGRATED,
                municipality=municipality,
                work_area=work_area_for(municipality, None),
                acute=bool(d.get("acute")),
                description=d.get("description") or "",
                police_reference=d.get("police_reference") or None,
                registered_by=self.actor,
            )
            forms = [self.code("violence_form", f) for f in d.get("violence_forms") or []]
            report.violence_forms.set([f for f in forms if f])
            r = d["reporter"]
            Reporter.objects.create(
                report=report,
                reporter_type_id=self.code("reporter_type", r.get("type")),
                name=r.get("name") or "",
                organisation=r.get("organisation") or "",
                anonymous=bool(r.get("anonymous")),
                wants_feedback=bool(r.get("wants_feedback")),
            )
            seen = set()
            Involvement.objects.bulk_create(
                [
                    Involvement(report=report, person_id=pid, role=role)
                    for pid, role in people
                    if not (pid in seen or seen.add(pid))
                ]
            )
            day = timezone.localdate(received_at)
            due = due_date(TermKind.TRIAGE, day, settings=self.settings, calendar=self.calendar)
            Term.objects.create(
                kind=TermKind.TRIAGE,
                report=report,
                started_on=day,
                original_due_on=due,
                due_on=due,
                warn_on=due,
            )
            pairs.append((str(d["key"]), report.pk))
        self.remember("reports", pairs)

    def decisions(self, lines: list[Line]) -> None:
        reports = self.ids("reports")
        pairs = []
        for line in sorted(lines, key=lambda ln: str(ln.data["decided_at"])):
            d = line.data
            key = str(d["key"])
            report = Report.objects.get(pk=reports[str(d["report"])])
            decided_at = _moment(d["decided_at"])
            if d.get("acute_unsafety") is not None or d.get("structural_unsafety") is not None:
                SafetyAssessment.objects.create(
                    report=report,
                    acute_unsafety=bool(d.get("acute_unsafety")),
                    structural_unsafety=bool(d.get("structural_unsafety")),
                    rationale=d.get("rationale") or "",
                    assessed_by=self.actor,
                    assessed_at=decided_at,
                )
            decision = TriageDecision.objects.create(
                report=report,
                outcome=self.code("triage_outcome", d["outcome"]),
                rationale=d.get("rationale") or "Overgenomen uit het vorige systeem",
                crisis_intervention=bool(d.get("crisis_intervention")),
                status=DecisionStatus.APPROVED,
                proposed_by=self.actor,
                proposed_at=decided_at,
                approved_by=None,
                decided_at=decided_at,
            )
            Transition.objects.bulk_create(
                [
                    self.history(
                        report_id=report.pk,
                        action=Action.START_ASSESSMENT,
                        at=report.received_at,
                        from_status=ReportStatus.RECEIVED,
                        to_status=ReportStatus.IN_ASSESSMENT,
                        key=key,
                        entity="decisions",
                    ),
                    self.history(
                        report_id=report.pk,
                        action=Action.PROPOSE_DECISION,
                        at=decided_at,
                        from_status=ReportStatus.IN_ASSESSMENT,
                        to_status=ReportStatus.AWAITING_APPROVAL,
                        key=key,
                        entity="decisions",
                    ),
                    self.history(
                        report_id=report.pk,
                        action=Action.APPROVE_DECISION,
                        at=decided_at,
                        from_status=ReportStatus.AWAITING_APPROVAL,
                        to_status=ReportStatus.DECIDED,
                        key=key,
                        entity="decisions",
                    ),
                ]
            )
            Term.objects.filter(report=report, kind=TermKind.TRIAGE).update(
                met_on=timezone.localdate(decided_at), met_by=self.actor
            )
            report.status = ReportStatus.DECIDED
            report.version += 3
            report.crisis_intervention = decision.crisis_intervention
            report.prior_involvement = prior_involvement.classify(report)
            report.save(
                update_fields=["status", "version", "crisis_intervention", "prior_involvement"]
            )
            pairs.append((key, decision.pk))
        self.remember("decisions", pairs)

    def services(self, lines: list[Line]) -> None:
        reports, services = self.ids("reports"), self.ids("services")
        pairs = []
        in_batch: dict[str, int] = {}
        for line in lines:
            d = line.data
            key = str(d["key"])
            previous = str(d.get("previous") or "")
            kind = self.code("service_kind", d["kind"])
            started, closed = _day(d["started_on"]), _day(d.get("closed_on"))
            service = Service.objects.create(
                report_id=reports[str(d["report"])],
                kind=kind,
                started_on=started,
                closed_on=closed,
                status=ServiceStatus.CLOSED if closed else ServiceStatus.ACTIVE,
                version=2 if closed else 0,
                previous_id=services.get(previous) or in_batch.get(previous),
            )
            term_kind = {
                ServiceKind.SUPPORT: TermKind.SUPPORT,
                ServiceKind.INVESTIGATION: TermKind.INVESTIGATION,
            }.get(kind)
            if term_kind:
                due = due_date(term_kind, started, settings=self.settings, calendar=self.calendar)
                Term.objects.create(
                    kind=term_kind,
                    report_id=service.report_id,
                    service=service,
                    started_on=started,
                    original_due_on=due,
                    due_on=due,
                    warn_on=due,
                    met_on=closed,
                    met_by=self.actor if closed else None,
                )
            if closed:
                at = timezone.make_aware(dt.datetime.combine(closed, dt.time(12)))
                Transition.objects.bulk_create(
                    [
                        self.history(
                            report_id=service.report_id,
                            service_id=service.pk,
                            action=Action.PROPOSE_CLOSE,
                            at=at,
                            from_status=ServiceStatus.ACTIVE,
                            to_status=ServiceStatus.CLOSE_PROPOSED,
                            key=key,
                            entity="services",
                        ),
                        self.history(
                            report_id=service.report_id,
                            service_id=service.pk,
                            action=Action.APPROVE_CLOSE,
                            at=at,
                            from_status=ServiceStatus.CLOSE_PROPOSED,
                            to_status=ServiceStatus.CLOSED,
                            key=key,
                            entity="services",
                        ),
                    ]
                )
            Finding.objects.bulk_create(
                [
                    Finding(
                        service=service,
                        violence_form_id=self.code("violence_form", f["violence_form"]),
                        finding=self.code("finding", f["finding"]),
                    )
                    for f in d.get("findings") or []
                ]
            )
            pairs.append((key, service.pk))
            in_batch[key] = service.pk
        self.remember("services", pairs)

    def evaluations(self, lines: list[Line]) -> None:
        services = self.ids("services")
        pairs = []
        for line in lines:
            d = line.data
            service = Service.objects.get(pk=services[str(d["service"])])
            done = _day(d["done_on"])
            evaluation = Evaluation.objects.create(
                service=service,
                moment=d["moment"],
                done_on=done,
                score_family=d.get("score_family"),
                score_professionals=d.get("score_professionals"),
                recorded_by=self.actor,
            )
            due = due_date(
                TermKind.EVALUATION,
                service.started_on,
                settings=self.settings,
                calendar=self.calendar,
                months=d["moment"],
            )
            Term.objects.create(
                kind=TermKind.EVALUATION,
                report_id=service.report_id,
                service=service,
                evaluation=evaluation,
                started_on=service.started_on,
                original_due_on=due,
                due_on=due,
                warn_on=due,
                met_on=done,
                met_by=self.actor,
            )
            pairs.append((str(d["key"]), evaluation.pk))
        self.remember("evaluations", pairs)

    def handovers(self, lines: list[Line]) -> None:
        reports, services = self.ids("reports"), self.ids("services")
        rows = [
            Handover(
                report_id=reports[str(ln.data["report"])],
                service_id=services.get(str(ln.data.get("service")))
                if ln.data.get("service")
                else None,
                destination_id=self.code("destination", ln.data["destination"]),
                warm=bool(ln.data.get("warm")),
                handed_over_on=_day(ln.data["handed_over_on"]),
                by=self.actor,
            )
            for ln in lines
        ]
        created = Handover.objects.bulk_create(rows)
        self.remember(
            "handovers", [(str(ln.data["key"]), h.pk) for ln, h in zip(lines, created, strict=True)]
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
                JournalEntry(
                    case_id=case_of[report_id],
                    report_id=report_id,
                    occurred_at=_moment(ln.data["occurred_at"]),
                    channel=self.code("channel", ln.data["channel"]),
                    participants=ln.data.get("participants") or "",
                    note=ln.data["note"],
                    by=self.actor,
                    created_at=now,
                )
            )
        created = JournalEntry.objects.bulk_create(rows)
        self.remember(
            "journal", [(str(ln.data["key"]), j.pk) for ln, j in zip(lines, created, strict=True)]
        )

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
            for report in Report.objects.filter(pk__in=closing, status=ReportStatus.DECIDED):
                key, closed = closing[report.pk]
                at = timezone.make_aware(dt.datetime.combine(closed, dt.time(17)))
                self.history(
                    report_id=report.pk,
                    action=Action.CLOSE_REPORT,
                    at=at,
                    from_status=ReportStatus.DECIDED,
                    to_status=ReportStatus.CLOSED,
                    key=key,
                    entity="reports",
                ).save()
                Report.objects.filter(pk=report.pk).update(
                    status=ReportStatus.CLOSED, version=report.version + 1
                )
