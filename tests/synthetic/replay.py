"""Replay the generator's plans through the services, the path users walk, with the clock at
each event's moment: the reference the bulk writer is compared with."""

from __future__ import annotations

import time_machine

from meldpunt.access.models import User
from meldpunt.process import services
from meldpunt.process.models import Evaluation, Service, TermKind
from meldpunt.reference.models import (
    District,
    HandoverDestination,
    Municipality,
    ReporterType,
    ViolenceForm,
)
from meldpunt.registry.models import Report
from meldpunt.registry.services import (
    PersonData,
    ReportData,
    ReporterData,
    register_advice,
    register_report,
)
from meldpunt.synthetic import world as w
from meldpunt.teams.services import assign


def _service(report: Report, which: str) -> Service:
    if which == w.MONITORING:
        return report.services.get(kind="monitoring")
    return report.services.exclude(kind="monitoring").get()


def _person_data(row: w.PersonRow, role: str, new: bool, person_ids: dict[int, int]) -> PersonData:
    if not new:
        return PersonData(role=role, person_id=person_ids[row.key])
    x = row.written
    return PersonData(
        role=role,
        given_names=x.given_names,
        surname_prefix=x.surname_prefix,
        surname=x.surname,
        date_of_birth=x.date_of_birth,
        sex=x.sex,
        bsn=x.bsn,
        street=x.street,
        house_number=x.house_number,
        postcode=x.postcode,
        city=x.city,
    )


def replay(batches: list[w.Batch]) -> None:
    users = {u.pk: u for u in User.objects.all()}
    steps = []
    for batch in batches:
        for plan in batch.reports:
            for i, event in enumerate(plan.events):
                steps.append((event.at, 0, plan.key, i, plan, event))
        for advice in batch.advice:
            steps.append((advice.received_at, 1, advice.key, 0, advice, None))
    steps.sort(key=lambda s: s[:4])
    person_ids: dict[int, int] = {}
    report_ids: dict[int, int] = {}
    for at, _, _, _, plan, event in steps:
        with time_machine.travel(at, tick=False):
            if event is None:
                _advice(plan, users)
            else:
                _event(plan, event, users, person_ids, report_ids)


def _advice(a: w.AdvicePlan, users) -> None:
    register_advice(
        by=users[a.by],
        received_at=a.received_at,
        asker_type=ReporterType.objects.get(pk=a.asker_type_id),
        question=a.question,
        anonymous=a.anonymous,
        consent=a.consent,
        asker_name=a.asker_name,
        asker_organisation=a.asker_organisation,
        asker_phone=a.asker_phone,
        municipality=Municipality.objects.get(pk=a.municipality_id) if a.municipality_id else None,
        violence_forms=list(ViolenceForm.objects.filter(pk__in=a.violence_form_ids)),
        advice_given=a.advice_given,
    )


def _event(plan: w.ReportPlan, e: w.Event, users, person_ids, report_ids) -> None:
    by = User.objects.get(pk=e.by)  # fresh: roles are cached per object
    d = e.data
    if e.kind == w.REGISTER:
        r = plan.reporter
        report = register_report(
            by=by,
            data=ReportData(
                received_at=plan.received_at,
                municipality=Municipality.objects.get(pk=plan.municipality_id),
                district=District.objects.get(pk=plan.district_id) if plan.district_id else None,
                reporter=ReporterData(
                    reporter_type=ReporterType.objects.get(pk=r.type_id),
                    name=r.name,
                    organisation=r.organisation,
                    phone=r.phone,
                    email=r.email,
                    anonymous=r.anonymous,
                    wants_feedback=r.wants_feedback,
                ),
                people=[_person_data(row, role, new, person_ids) for row, role, new in plan.people],
                violence_forms=[ViolenceForm.objects.get(pk=pk) for pk in plan.violence_form_ids],
                description=plan.description,
                acute=plan.acute,
                police_reference=plan.police_reference,
                source=plan.source,
            ),
        )
        report_ids[plan.key] = report.pk
        made = list(report.involvements.order_by("id").values_list("person_id", flat=True))
        for (row, _, _), pid in zip(plan.people, made, strict=True):
            person_ids[row.key] = pid
        return
    report = Report.objects.get(pk=report_ids[plan.key])
    today = e.at.astimezone(w.AMS).date()
    if e.kind == w.START:
        services.start_assessment(report=report, by=by)
    elif e.kind == w.PROPOSE:
        services.propose_triage_decision(
            report=report,
            by=by,
            acute_unsafety=d["acute"],
            structural_unsafety=d["structural"],
            assessment_rationale=d["assessment_rationale"],
            outcome=d["outcome"],
            rationale=d["rationale"],
            crisis_intervention=d["crisis"],
            notify_police=d["notify_police"],
            notify_rvdk=d["notify_rvdk"],
        )
    elif e.kind == w.APPROVE:
        services.approve_triage_decision(report=report, by=by, note=d["note"])
    elif e.kind == w.ASSIGN:
        assign(
            report=report,
            by=by,
            to_user=User.objects.get(pk=d["to"]),
            service=_service(report, d["service"]),
        )
    elif e.kind == w.INFORM:
        services.inform(report=report, by=by, kind=d["kind"], on=today)
    elif e.kind == w.HANDOVER:
        services.record_handover(
            report=report,
            by=by,
            destination=HandoverDestination.objects.get(pk=d["destination"]),
            handed_over_on=today,
            warm=d["warm"],
            service=_service(report, d["service"]) if d["service"] else None,
        )
    elif e.kind == w.EXTEND:
        service = _service(report, d["service"])
        term = service.terms.get(kind__in=[TermKind.SUPPORT, TermKind.INVESTIGATION])
        services.extend_term(term=term, by=by, until=d["until"], reason=d["reason"])
    elif e.kind == w.PROPOSE_CLOSE:
        services.propose_service_close(
            service=_service(report, d["service"]),
            by=by,
            conclusion=d["conclusion"],
            findings=d["findings"],
        )
    elif e.kind == w.APPROVE_CLOSE:
        services.approve_service_close(service=_service(report, d["service"]), by=by)
    elif e.kind == w.EVALUATION:
        evaluation = Evaluation.objects.get(
            service=_service(report, w.MONITORING), moment=d["moment"]
        )
        services.record_evaluation(
            evaluation=evaluation,
            by=by,
            done_on=today,
            score_family=d["family"],
            score_professionals=d["professionals"],
            note=d["note"],
        )
    elif e.kind == w.CLOSE:
        services.close_report(report=report, by=by)
    elif e.kind == w.TRANSFER:
        services.transfer_to_region(
            report=report, by=by, to_organisation=d["to"], reason=d["reason"]
        )
    elif e.kind == w.RETURN:
        services.return_to_police(report=report, by=by, reason=d["reason"])
    else:  # pragma: no cover
        raise AssertionError(e.kind)
