"""Write planned reports as exactly the rows the services would write, in bulk.

Each event of a plan is interpreted the way its service works (see the comment on each
handler); `tests/synthetic/test_same_as_services.py` replays the same plans through the
services and compares every row, history and audit included, so the two cannot drift apart.

Rows are built as plain tuples and inserted with `executemany` (COPY on PostgreSQL), per batch in
one transaction.
Tables that other rows point to get their ids from the writer (consecutive from the first free
id); the database numbers the rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.color import no_style
from django.db import connection, models

from meldpunt.access.audit import id_text
from meldpunt.access.models import AuditEntry
from meldpunt.process import deadlines, places
from meldpunt.process.models import (
    Evaluation,
    Finding,
    Handover,
    Routing,
    SafetyAssessment,
    Service,
    Term,
    Transition,
    TriageDecision,
)
from meldpunt.process.terms import due_date
from meldpunt.reference.models import OrganisationSettings
from meldpunt.registry.models import (
    Advice,
    Case,
    Household,
    Involvement,
    Person,
    Report,
    Reporter,
)
from meldpunt.registry.services import previous_reports_param, previous_reports_sql
from meldpunt.synthetic import acute, acute_writer, casework, casework_writer
from meldpunt.synthetic import world as w
from meldpunt.synthetic.models import TruePerson
from meldpunt.teams.models import Assignment

# Tables whose ids the writer hands out (other rows or audit entries refer to them).
NUMBERED: tuple[type[models.Model], ...] = (
    Household,
    Person,
    Case,
    Report,
    TriageDecision,
    Service,
    Evaluation,
    Term,
    Handover,
    Routing,
    Advice,
    *acute_writer.NUMBERED,
    *casework_writer.NUMBERED,
)

SHIELDED_FOR = Case.shielded_for.through
REPORT_VF = Report.violence_forms.through
ADVICE_VF = Advice.violence_forms.through

SERVICE_FOR_OUTCOME = {"voorwaarden_vervolg": "voorwaarden_vervolg", "onderzoek": "onderzoek"}
TERM_FOR_SERVICE = {"voorwaarden_vervolg": "voorwaarden_vervolg", "onderzoek": "onderzoek"}


def label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def next_free_ids() -> dict[str, int]:
    out = {}
    with connection.cursor() as cur:
        for model in NUMBERED:
            cur.execute(f"SELECT MAX({model._meta.pk.column}) FROM {model._meta.db_table}")  # noqa: S608
            (top,) = cur.fetchone()
            out[label(model)] = (top or 0) + 1
    return out


def reset_sequences() -> None:
    """PostgreSQL: move the id sequences past the ids the writer handed out."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(NUMBERED))
    if statements:
        with connection.cursor() as cur:
            for sql in statements:
                cur.execute(sql)


def execute(statements: list[tuple[str, list]]) -> int:
    """Run what `Writer.take` returned on this thread's connection; the number of rows written
    (a `_Table`'s COPY or INSERT: the other statements update)."""
    n = 0
    with connection.cursor() as cur:
        for sql, rows in statements:
            if sql.startswith("COPY"):
                with cur.copy(sql) as out:
                    for row in rows:
                        out.write_row(row)
            else:
                cur.executemany(sql, rows)
            if sql.startswith(("COPY", "INSERT")):
                n += len(rows)
    reset_sequences()
    return n


def _sqlite_datetime(value: dt.datetime) -> str:
    """What Django's SQLite backend stores for an aware datetime: naive UTC text."""
    if value.tzinfo is dt.UTC:
        return value.isoformat(" ")[:-6]  # without "+00:00"; str() of the naive value
    if value.utcoffset():
        value = value.astimezone(dt.UTC)
    return str(value.replace(tzinfo=None))


class _Table:
    """Rows of one table as tuples in the order of `columns` (field names)."""

    def __init__(self, model: type[models.Model], columns: list[str]):
        self.model = model
        self.names = columns
        fields = [model._meta.get_field(c) for c in columns]
        # Fields the services leave at their default (also ones added later) get it here.
        self.defaults = [
            (f, f.get_default())
            for f in model._meta.concrete_fields
            if f.name not in columns and not f.primary_key
        ]
        fields += [f for f, _ in self.defaults]
        self.columns = [f.column for f in fields]
        self.adapt: list[Callable | None] = []
        ops = connection.ops
        sqlite = connection.vendor == "sqlite"
        for f in fields:
            kind = f.get_internal_type()
            if kind == "DateTimeField":
                self.adapt.append(_sqlite_datetime if sqlite else ops.adapt_datetimefield_value)
            elif kind == "DateField":
                self.adapt.append(dt.date.isoformat if sqlite else ops.adapt_datefield_value)
            elif kind == "JSONField":
                self.adapt.append(lambda v, _ops=ops: _ops.adapt_json_value(v, None))
            else:
                self.adapt.append(None)
        self.rows: list[list] = []

    def add(self, *values) -> list:
        row = list(values)
        self.rows.append(row)
        return row

    def take(self) -> tuple[str, list[list]]:
        """The statement that writes the rows, and the rows, adapted to the database; the table
        is empty after. On PostgreSQL a COPY (the same rows and values; psycopg adapts them as
        it does for an INSERT), which it loads several times faster than a batch of single-row
        INSERTs (bench/bench_generate.py); on SQLite an INSERT."""
        adapters = [(i, a) for i, a in enumerate(self.adapt) if a is not None]
        extra = [value for _, value in self.defaults]
        for row in self.rows:
            row.extend(extra)
            for i, adapt in adapters:
                if row[i] is not None:
                    row[i] = adapt(row[i])
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        columns = ", ".join(quote(c) for c in self.columns)
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({columns}) FROM STDIN"
        else:
            values = ", ".join(["%s"] * len(self.columns))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({values})"
        rows, self.rows = self.rows, []
        return sql, rows


@dataclass
class _Svc:
    row: list
    kind: str
    status_i: int
    version_i: int
    terms: list[list]
    handover_on: dt.date | None = None
    evaluations: dict | None = None


class Writer:
    """Turns plans into rows. One writer per run; `write(batch)` inserts one batch."""

    def __init__(
        self,
        *,
        first_ids: dict[str, int],
        next_ids: dict[str, int],
        run_id: int,
        run_no: int,
        user_teams: dict[int, int | None],
        destination_codes: dict[int, str],
        settings: OrganisationSettings,
        calendar: deadlines.HolidayCalendar,
    ):
        self.first = first_ids
        self.next = dict(next_ids)
        self.run_id = run_id
        self.run_no = run_no
        self.user_teams = user_teams
        self.destination_codes = destination_codes
        self.settings = settings
        self.calendar = calendar
        self._due: dict[tuple, tuple[dt.date, dt.date]] = {}
        self.households_reported: set[int] = set()  # for the stored previous-report fact
        self._place_now: tuple = (None, None, None, None)  # report id, file, municipality, area
        self.t_household = _Table(Household, ["id", "created_at"])
        self.t_person = _Table(
            Person,
            [
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
                "municipality",
                "confidential_address",
                "household",
                "created_at",
            ],
        )
        self.t_true = _Table(TruePerson, ["person", "identity", "household_identity", "run"])
        self.t_case = _Table(Case, ["id", "household", "opened_at", "closed_at", "shielded"])
        self.t_report = _Table(
            Report,
            [
                "id",
                "case",
                "received_at",
                "status",
                "version",
                "source",
                "municipality",
                "district",
                "work_area",
                "team",
                "assigned_to",
                "acute",
                "crisis_intervention",
                "description",
                "police_reference",
                "prior_involvement",
                "from_advice",
                "registered_by",
            ],
        )
        self.t_report_vf = _Table(REPORT_VF, ["report", "violenceform"])
        self.t_reporter = _Table(
            Reporter,
            [
                "report",
                "reporter_type",
                "name",
                "organisation",
                "phone",
                "email",
                "anonymous",
                "wants_feedback",
            ],
        )
        self.t_involvement = _Table(Involvement, ["report", "person", "role"])
        self.t_assessment = _Table(
            SafetyAssessment,
            [
                "report",
                "acute_unsafety",
                "structural_unsafety",
                "rationale",
                "assessed_by",
                "assessed_at",
            ],
        )
        self.t_decision = _Table(
            TriageDecision,
            [
                "id",
                "report",
                "outcome",
                "rationale",
                "crisis_intervention",
                "notify_police",
                "notify_rvdk",
                "status",
                "proposed_by",
                "proposed_at",
                "approved_by",
                "decided_at",
                "review_note",
            ],
        )
        self.t_service = _Table(
            Service,
            [
                "id",
                "report",
                "kind",
                "status",
                "version",
                "started_on",
                "closed_on",
                "previous",
                "assigned_to",
                "conclusion",
            ],
        )
        self.t_evaluation = _Table(
            Evaluation,
            [
                "id",
                "service",
                "moment",
                "done_on",
                "score_family",
                "score_professionals",
                "note",
                "recorded_by",
            ],
        )
        self.t_term = _Table(
            Term,
            [
                "id",
                "kind",
                "report",
                "service",
                "evaluation",
                "started_on",
                "original_due_on",
                "due_on",
                "warn_on",
                "met_on",
                "cancelled",
                "met_by",
                "note",
                "extension_reason",
                "case",
                "municipality",
                "work_area",
            ],
        )
        self.t_handover = _Table(
            Handover,
            ["id", "report", "service", "destination", "warm", "handed_over_on", "note", "by"],
        )
        self.t_finding = _Table(Finding, ["service", "violence_form", "finding"])
        self.t_transition = _Table(
            Transition,
            [
                "machine",
                "action",
                "report",
                "service",
                "from_status",
                "to_status",
                "by",
                "at",
                "reason",
            ],
        )
        self.t_assignment = _Table(
            Assignment,
            ["report", "service", "from_user", "to_user", "to_team", "by", "at", "reason"],
        )
        self.t_routing = _Table(
            Routing, ["id", "report", "kind", "to_organisation", "reason", "by", "at"]
        )
        self.t_audit = _Table(
            AuditEntry,
            [
                "at",
                "actor_id",
                "event",
                "subject_type",
                "subject_id",
                "case_ids",
                "person_ids",
                "details",
                "remote_addr",
            ],
        )
        self.t_advice = _Table(
            Advice,
            [
                "id",
                "received_at",
                "asker_type",
                "anonymous",
                "asker_name",
                "asker_organisation",
                "asker_phone",
                "consent",
                "municipality",
                "question",
                "advice_given",
                "status",
                "handled_by",
            ],
        )
        self.t_advice_vf = _Table(ADVICE_VF, ["advice", "violenceform"])
        self.t_shielded = _Table(SHIELDED_FOR, ["case", "user"])
        self.acute = acute_writer.AcuteRows(self)
        self.casework = casework_writer.CaseworkRows(self)
        self.converted: list[tuple[int]] = []  # advice requests turned into a report
        self.tables = [
            self.t_household,
            self.t_person,
            self.t_true,
            self.t_case,
            self.t_report,
            self.t_report_vf,
            self.t_reporter,
            self.t_involvement,
            self.t_assessment,
            self.t_decision,
            self.t_service,
            self.t_evaluation,
            self.t_term,
            self.t_handover,
            self.t_finding,
            self.t_transition,
            self.t_assignment,
            self.t_routing,
            self.t_advice,
            self.t_advice_vf,
            self.t_shielded,
            *self.acute.tables,
            *self.casework.tables,
            self.t_audit,
        ]

    # ------------------------------------------------------------------ ids and terms

    def _id(self, name: str) -> int:
        value = self.next[name]
        self.next[name] = value + 1
        return value

    def person_id(self, row: w.PersonRow) -> int:
        return self.first["registry.person"] + row.key

    def out_of_hours(self, moment: dt.datetime) -> bool:
        """Outside the organisation's office hours, as reference.services.out_of_office_hours
        reads them for the acute services."""
        return deadlines.is_out_of_hours(
            moment,
            self.calendar,
            opens=self.settings.office_opens,
            closes=self.settings.office_closes,
        )

    def household_id(self, key: int) -> int:
        return self.first["registry.household"] + key

    def case_id(self, key: int) -> int:
        return self.first["registry.case"] + key

    def report_id(self, plan: w.ReportPlan) -> int:
        return self.first["registry.report"] + plan.key

    def advice_id(self, plan: w.AdvicePlan) -> int:
        return self.first["registry.advice"] + plan.key

    def _dates(self, kind: str, started_on: dt.date, months: int | None) -> tuple:
        key = (kind, started_on, months)
        found = self._due.get(key)
        if found is None:
            due = due_date(
                kind, started_on, settings=self.settings, calendar=self.calendar, months=months
            )
            warn = max(
                started_on,
                deadlines.subtract_working_days(
                    due, self.settings.warn_working_days, self.calendar
                ),
            )
            found = self._due[key] = (due, warn)
        return found

    def _open_term(
        self, kind, report_id, started_on, *, service=None, evaluation=None, months=None
    ) -> list:
        """terms.open_term (with the report's place)"""
        due, warn = self._dates(kind, started_on, months)
        place_of, case_id, municipality_id, work_area_id = self._place_now
        assert place_of == report_id, "a term is opened for the report being written"
        return self.t_term.add(
            self._id("process.term"),
            kind,
            report_id,
            service,
            evaluation,
            started_on,
            due,
            due,
            warn,
            None,
            False,
            None,
            "",
            "",
            case_id,
            municipality_id,
            work_area_id,
        )

    @staticmethod
    def _meet(term: list, on: dt.date, by, note: str = "") -> None:
        """terms.meet"""
        term[9], term[11], term[12] = on, by, note

    def _audit(self, at, actor, event, subject_type, subject_id, details) -> None:
        """access.audit.record: the file of the report being written, the people it names."""
        people = details.get("person_ids")
        self.t_audit.add(
            at,
            actor,
            event,
            subject_type,
            subject_id,
            "" if subject_type == "registry.advice" else self._case_text,
            id_text(people) if people else "",
            details,
            None,
        )

    def _audit_row(self, at, actor, event, subject_type, subject_id, case_id, details) -> None:
        """access.audit.record for a subject in file `case_id` (None: in no file)."""
        self.t_audit.add(
            at,
            actor,
            event,
            subject_type,
            subject_id,
            self._case_text if case_id == self._case_now else id_text([case_id]),
            "",
            details,
            None,
        )

    def _apply(
        self,
        at,
        by,
        *,
        machine,
        action,
        report_id,
        obj: list,
        status_i,
        version_i,
        target,
        reason="",
        subject_type,
        service_id=None,
    ) -> None:
        """transitions.apply: status and version, the history row, the audit entry."""
        current = obj[status_i]
        target = current if target is None else target
        obj[status_i] = target
        obj[version_i] += 1
        self.t_transition.add(
            machine, action, report_id, service_id, current, target, by, at, reason
        )
        self._audit(
            at,
            by,
            f"{machine}.{action}",
            subject_type,
            obj[0],
            {"report_id": report_id, "from_status": current, "to_status": target},
        )

    # ------------------------------------------------------------------ a batch

    def build(self, batch: w.Batch) -> None:
        for plan in batch.reports:
            self._report(plan)
        for advice in batch.advice:
            self._advice(advice)
        for hearing in batch.hearings:
            self.acute.hearing(hearing)

    def write(self, batch: w.Batch) -> int:
        self.build(batch)
        return execute(self.take())

    def take(self) -> list[tuple[str, list]]:
        """The statements that write what `build` made, in order, with their rows; the writer
        is empty after. `execute` runs them (in any thread: the rows are plain values)."""
        out = [table.take() for table in self.tables if table.rows]
        if self.converted:
            # registry.services.convert_advice_to_report: the advice's status
            sql = "UPDATE {} SET {} = 'converted' WHERE {} = %s".format(
                *map(connection.ops.quote_name, (Advice._meta.db_table, "status", "id"))
            )
            out.append((sql, self.converted))
            self.converted = []
        if self.households_reported:
            # registry.services.register_report: the households' previous-report fact
            vendor = connection.vendor
            out.append(
                (
                    previous_reports_sql(vendor=vendor, some=True),
                    [[previous_reports_param(self.households_reported, vendor=vendor)]],
                )
            )
            self.households_reported = set()
        # process.services: decisions, services, evaluations and hand-overs take their report's
        # place (terms are written with theirs)
        out += [(sql, [[]]) for sql in places.STATEMENTS]
        return out

    def discard(self) -> None:
        for table in self.tables:
            table.rows = []
        self.converted = []
        self.households_reported = set()

    # ------------------------------------------------------------------ one report

    def _report(self, plan: w.ReportPlan) -> None:
        rid = self.report_id(plan)
        svcs: dict[str, _Svc] = {}
        report: list = []
        decision: list = []
        triage_term: list = []
        report_terms: list[list] = []
        R = Report._meta.label_lower

        def apply_report(e, action, target, reason=""):
            self._apply(
                e.at,
                e.by,
                machine="report",
                action=action,
                report_id=rid,
                obj=report,
                status_i=3,
                version_i=4,
                target=target,
                reason=reason,
                subject_type=R,
            )

        def apply_service(e, svc: _Svc, action, target, reason=""):
            self._apply(
                e.at,
                e.by,
                machine="service",
                action=action,
                report_id=rid,
                obj=svc.row,
                status_i=3,
                version_i=4,
                target=target,
                reason=reason,
                subject_type="process.service",
                service_id=svc.row[0],
            )

        def start_service(e, kind, started_on, previous: _Svc | None) -> _Svc:
            """process.services._start_service"""
            sid = self._id("process.service")
            row = self.t_service.add(
                sid,
                rid,
                kind,
                "active",
                0,
                started_on,
                None,
                previous.row[0] if previous else None,
                previous.row[8] if previous else None,
                "",
            )
            svc = _Svc(row=row, kind=kind, status_i=3, version_i=4, terms=[])
            if kind in TERM_FOR_SERVICE:
                svc.terms.append(
                    self._open_term(TERM_FOR_SERVICE[kind], rid, started_on, service=sid)
                )
            self._audit(
                e.at,
                e.by,
                "service.started",
                "process.service",
                sid,
                {"report_id": rid, "kind": kind},
            )
            return svc

        self._case_now = self.case_id(plan.household_key)
        self._place_now = (rid, self._case_now, plan.municipality_id, plan.work_area_id)
        self._case_text = id_text([self._case_now])
        self.acute.start_report()
        self.casework.start_report()
        assessment: list = []
        for e in plan.events:
            day = w._Times.day(e.at)
            kind = e.kind
            if kind == w.REGISTER:
                # registry.services.register_report
                self.households_reported.add(self.household_id(plan.household_key))
                if plan.new_household:
                    hid = self.household_id(plan.household_key)
                    self.t_household.add(hid, e.at)
                    cid = self.case_id(plan.household_key)
                    shielded = plan.shielded_for is not None
                    self.t_case.add(cid, hid, plan.received_at, None, shielded)
                    for user in plan.shielded_for or ():
                        # set by the functional administrator (no service): the named users
                        self.t_shielded.add(cid, user)
                person_ids = []
                for row, _, new in plan.people:
                    pid = self.person_id(row)
                    person_ids.append(pid)
                    if new:
                        x = row.written
                        self.t_person.add(
                            pid,
                            x.given_names,
                            x.surname_prefix,
                            x.surname,
                            x.date_of_birth,
                            x.sex,
                            x.bsn,
                            x.street,
                            x.house_number,
                            x.postcode,
                            x.city,
                            row.municipality_id,
                            False,
                            self.household_id(row.household_key),
                            e.at,
                        )
                        self.t_true.add(
                            pid,
                            f"{self.run_no}-{row.real.key}",
                            f"{self.run_no}-{row.real.household.key}",
                            self.run_id,
                        )
                case_id = self.case_id(plan.household_key)
                report = self.t_report.add(
                    rid,
                    case_id,
                    plan.received_at,
                    "received",
                    0,
                    plan.source,
                    plan.municipality_id,
                    plan.district_id,
                    plan.work_area_id,
                    self.user_teams.get(e.by),
                    None,
                    plan.acute,
                    False,
                    plan.description,
                    plan.police_reference,
                    "",
                    self.advice_id(plan.from_advice) if plan.from_advice else None,
                    e.by,
                )
                for form_id in plan.violence_form_ids:
                    self.t_report_vf.add(rid, form_id)
                r = plan.reporter
                self.t_reporter.add(
                    rid,
                    r.type_id,
                    r.name,
                    r.organisation,
                    r.phone,
                    r.email,
                    r.anonymous,
                    r.wants_feedback,
                )
                for row, role, _ in plan.people:
                    self.t_involvement.add(rid, self.person_id(row), role)
                triage_term = self._open_term("triage", rid, w._Times.day(plan.received_at))
                report_terms.append(triage_term)
                self._audit(
                    e.at,
                    e.by,
                    "report.registered",
                    R,
                    rid,
                    {"case_id": case_id, "person_ids": person_ids},
                )
                if plan.from_advice is not None:
                    # registry.services.convert_advice_to_report
                    aid = self.advice_id(plan.from_advice)
                    self.converted.append((aid,))
                    self._audit(
                        e.at, e.by, "advice.converted", "registry.advice", aid, {"report_id": rid}
                    )
            elif kind == w.START:
                # process.services.start_assessment
                apply_report(e, "start_assessment", "in_assessment")
                if report[10] is None:
                    report[10] = e.by
            elif kind == w.PROPOSE:
                # process.services.propose_triage_decision
                d = e.data
                apply_report(e, "propose_decision", "awaiting_approval")
                values = (d["acute"], d["structural"], d["assessment_rationale"], e.by, e.at)
                if assessment:  # update_or_create: proposed again after a refusal
                    assessment[1:] = values
                else:
                    assessment = self.t_assessment.add(rid, *values)
                decision = self.t_decision.add(
                    self._id("process.triagedecision"),
                    rid,
                    d["outcome"],
                    d["rationale"],
                    d["crisis"],
                    d["notify_police"],
                    d["notify_rvdk"] or d["outcome"] == "verzoek_rvdk",
                    "proposed",
                    e.by,
                    e.at,
                    None,
                    None,
                    "",
                )
                self._audit(
                    e.at,
                    e.by,
                    "triage.proposed",
                    "process.triagedecision",
                    decision[0],
                    {"report_id": rid},
                )
            elif kind == w.APPROVE:
                # process.services.approve_triage_decision
                note = e.data["note"]
                apply_report(e, "approve_decision", "decided", note)
                decision[7], decision[10], decision[11], decision[12] = (
                    "approved",
                    e.by,
                    e.at,
                    note,
                )
                self._meet(triage_term, day, e.by)
                report[15] = plan.prior_involvement
                report[12] = report[12] or decision[4]
                report_terms.append(self._open_term("informeren_betrokkenen", rid, day))
                if plan.reporter.wants_feedback:
                    report_terms.append(self._open_term("terugkoppeling_melder", rid, day))
                service_kind = SERVICE_FOR_OUTCOME.get(decision[2])
                if service_kind is not None:
                    svcs[w.MAIN] = start_service(e, service_kind, day, None)
                self._audit(
                    e.at,
                    e.by,
                    "triage.approved",
                    "process.triagedecision",
                    decision[0],
                    {"report_id": rid, "outcome": decision[2]},
                )
            elif kind == w.ASSIGN:
                # teams.services.assign (a service to a professional)
                svc = svcs[e.data["service"]]
                previous = svc.row[8]
                svc.row[8] = e.data["to"]
                self.t_assignment.add(rid, svc.row[0], previous, e.data["to"], None, e.by, e.at, "")
                self._audit(
                    e.at,
                    e.by,
                    "file.assigned",
                    R,
                    rid,
                    {"service_id": svc.row[0], "to_user_id": e.data["to"], "to_team_id": None},
                )
            elif kind == w.INFORM:
                # process.services.inform
                term_kind = e.data["kind"]
                term = next(t for t in report_terms if t[1] == term_kind and t[9] is None)
                self._meet(term, day, e.by)
                self._audit(e.at, e.by, "report.informed", R, rid, {"kind": term_kind})
            elif kind == w.HANDOVER:
                # process.services.record_handover
                svc = svcs[e.data["service"]] if e.data["service"] else None
                hid = self._id("process.handover")
                self.t_handover.add(
                    hid,
                    rid,
                    svc.row[0] if svc else None,
                    e.data["destination"],
                    e.data["warm"],
                    day,
                    "",
                    e.by,
                )
                if svc is not None and (svc.handover_on is None or day > svc.handover_on):
                    svc.handover_on = day
                self._audit(
                    e.at,
                    e.by,
                    "handover.recorded",
                    "process.handover",
                    hid,
                    {
                        "report_id": rid,
                        "destination": self.destination_codes[e.data["destination"]],
                    },
                )
            elif kind == w.EXTEND:
                # process.services.extend_term (a service's term)
                svc = svcs[e.data["service"]]
                term = svc.terms[0]
                apply_service(e, svc, "extend_term", None, e.data["reason"])
                until = e.data["until"]
                term[7] = until
                term[8] = max(
                    term[5],
                    deadlines.subtract_working_days(
                        until, self.settings.warn_working_days, self.calendar
                    ),
                )
                term[13] = e.data["reason"]
                self._audit(
                    e.at,
                    e.by,
                    "term.extended",
                    "process.term",
                    term[0],
                    {
                        "report_id": rid,
                        "original_due_on": term[6].isoformat(),
                        "due_on": until.isoformat(),
                    },
                )
            elif kind == w.PROPOSE_CLOSE:
                # process.services.propose_service_close
                svc = svcs[e.data["service"]]
                apply_service(e, svc, "propose_close", "close_proposed")
                svc.row[9] = e.data["conclusion"]
                for form_id, finding in (e.data["findings"] or {}).items():
                    self.t_finding.add(svc.row[0], form_id, finding)
            elif kind == w.APPROVE_CLOSE:
                # process.services.approve_service_close
                svc = svcs[e.data["service"]]
                apply_service(e, svc, "approve_close", "closed")
                svc.row[6] = day
                for term in svc.terms:
                    if term[9] is None and term[4] is None:
                        self._meet(term, day, e.by)
                if svc.kind == "onderzoek" and plan.reporter.wants_feedback:
                    report_terms.append(self._open_term("terugkoppeling_onderzoek", rid, day))
                if svc.kind in TERM_FOR_SERVICE:
                    # _start_monitoring
                    mon = start_service(e, "monitoring", svc.handover_on, svc)
                    mon.evaluations = {}
                    for months in self.settings.monitoring_month_list():
                        eid = self._id("process.evaluation")
                        evaluation = self.t_evaluation.add(
                            eid, mon.row[0], months, None, None, None, "", None
                        )
                        term = self._open_term(
                            "evaluatie",
                            rid,
                            svc.handover_on,
                            service=mon.row[0],
                            evaluation=eid,
                            months=months,
                        )
                        mon.terms.append(term)
                        mon.evaluations[months] = (evaluation, term)
                    svcs[w.MONITORING] = mon
            elif kind == w.EVALUATION:
                # process.services.record_evaluation
                mon = svcs[w.MONITORING]
                evaluation, term = mon.evaluations[e.data["moment"]]
                evaluation[3], evaluation[4], evaluation[5], evaluation[6], evaluation[7] = (
                    day,
                    e.data["family"],
                    e.data["professionals"],
                    e.data["note"],
                    e.by,
                )
                self._meet(term, day, e.by)
                self._audit(
                    e.at,
                    e.by,
                    "evaluation.recorded",
                    "process.evaluation",
                    evaluation[0],
                    {"report_id": rid},
                )
            elif kind == w.REJECT:
                # process.services.reject_triage_decision
                reason = e.data["reason"]
                apply_report(e, "reject_decision", "in_assessment", reason)
                decision[7], decision[10], decision[12] = "rejected", None, reason
                self._audit(
                    e.at,
                    e.by,
                    "triage.rejected",
                    "process.triagedecision",
                    decision[0],
                    {"report_id": rid},
                )
            elif kind in acute.KINDS:
                self.acute.event(plan, e, rid, self._case_now)
            elif kind in casework.KINDS:
                self.casework.event(e, rid=rid, report=report, svcs=svcs)
            elif kind == w.CLOSE:
                # process.services.close_report
                apply_report(e, "close_report", "closed")
            elif kind in (w.TRANSFER, w.RETURN):
                # process.services._route
                action = "transfer" if kind == w.TRANSFER else "return_to_police"
                reason = e.data["reason"]
                apply_report(e, action, "transferred" if kind == w.TRANSFER else "returned", reason)
                for term in report_terms:
                    if term[9] is None:
                        term[9], term[11], term[12], term[10] = day, e.by, reason, True
                routing_id = self._id("process.routing")
                self.t_routing.add(
                    routing_id, rid, action, e.data.get("to", "Politie"), reason, e.by, e.at
                )
                self._audit(
                    e.at,
                    e.by,
                    f"report.{action}",
                    "process.routing",
                    routing_id,
                    {"report_id": rid},
                )
            else:  # pragma: no cover - the planner makes no other events
                raise ValueError(f"unknown event {kind}")

    def _advice(self, a: w.AdvicePlan) -> None:
        """registry.services.register_advice"""
        aid = self.advice_id(a)
        keep = a.consent and not a.anonymous
        self.t_advice.add(
            aid,
            a.received_at,
            a.asker_type_id,
            a.anonymous,
            a.asker_name if keep else "",
            a.asker_organisation,
            a.asker_phone if keep else "",
            a.consent,
            a.municipality_id,
            a.question,
            a.advice_given,
            "given" if a.advice_given.strip() else "open",
            a.by,
        )
        for form_id in a.violence_form_ids:
            self.t_advice_vf.add(aid, form_id)
        self._audit(a.received_at, a.by, "advice.registered", "registry.advice", aid, {})
