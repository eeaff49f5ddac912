"""Replay the generator's plans through the services, the path users walk, with the clock at
each event's moment: the reference the bulk writer is compared with."""

from __future__ import annotations

import time_machine

from meldpunt.access.models import User
from meldpunt.acute import services as acute_services
from meldpunt.acute.models import (
    FamilyIntervention,
    Hearing,
    InformationRequest,
    RestrainingOrder,
)
from meldpunt.casefile import services as casefile_services
from meldpunt.casefile.models import SafetyCondition
from meldpunt.casefile.services import add_journal_entry
from meldpunt.process import services
from meldpunt.process.models import Evaluation, Service, TermKind
from meldpunt.quality import services as quality_services
from meldpunt.quality.models import Complaint
from meldpunt.reference.models import (
    District,
    HandoverDestination,
    Municipality,
    ReporterType,
    ViolenceForm,
)
from meldpunt.registry.models import Advice, Case, Person, Report
from meldpunt.registry.services import (
    PersonData,
    ReportData,
    ReporterData,
    convert_advice_to_report,
    register_advice,
    register_report,
)
from meldpunt.synthetic import acute as a
from meldpunt.synthetic import casework as c
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
        for hearing in batch.hearings:
            for i, event in enumerate(hearing.events):
                steps.append((event.at, 2, hearing.key, i, hearing, event))
    steps.sort(key=lambda s: s[:4])
    ids: dict = {
        "person": {},
        "report": {},
        "advice": {},
        "hearing": {},
        "family": {},
        "info": {},
        "token": {},
        "complaint": {},
    }
    for at, _, _, _, plan, event in steps:
        with time_machine.travel(at, tick=False):
            if event is None:
                ids["advice"][plan.key] = _advice(plan, users).pk
            elif isinstance(plan, a.HearingPlan):
                _hearing(plan, event, users, ids["hearing"])
            elif event.kind in a.KINDS:
                _acute(plan, event, users, ids)
            elif event.kind in c.KINDS:
                _casework(plan, event, ids)
            else:
                _event(plan, event, users, ids)


def _advice(a: w.AdvicePlan, users) -> Advice:
    return register_advice(
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


def _event(plan: w.ReportPlan, e: w.Event, users, ids) -> None:
    by = User.objects.get(pk=e.by)  # fresh: roles are cached per object
    d = e.data
    person_ids, report_ids = ids["person"], ids["report"]
    if e.kind == w.REGISTER:
        r = plan.reporter
        data = ReportData(
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
        )
        if plan.from_advice is not None:
            advice = Advice.objects.get(pk=ids["advice"][plan.from_advice.key])
            report = convert_advice_to_report(advice=advice, by=by, data=data)
        else:
            report = register_report(by=by, data=data)
        if plan.shielded_for is not None and plan.new_household:
            # The functional administrator shields the new file for the team (no service).
            Case.objects.filter(pk=report.case_id).update(shielded=True)
            report.case.shielded_for.set(list(plan.shielded_for))
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
    elif e.kind == w.REJECT:
        services.reject_triage_decision(report=report, by=by, reason=d["reason"])
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


def _acute(plan: w.ReportPlan, e: w.Event, users, ids) -> None:
    by = User.objects.get(pk=e.by)
    d = e.data
    report = Report.objects.get(pk=ids["report"][plan.key])
    crisis = report.crisis_interventions.first()
    order = RestrainingOrder.objects.filter(report=report).first()
    s = acute_services
    if e.kind == a.CRISIS:
        s.register_crisis_intervention(
            by=by,
            municipality=report.municipality,
            called_at=d["called_at"],
            summary=d["summary"],
            report=report,
        )
    elif e.kind == a.CRISIS_COMPLETE:
        s.complete_crisis_intervention(
            intervention=crisis,
            by=by,
            on_site_at=d["on_site_at"],
            outcome=d["outcome"],
            responders=[User.objects.get(pk=pk) for pk in d["responders"]],
        )
    elif e.kind == a.CRISIS_HANDOVER:
        s.hand_over_crisis(
            intervention=crisis,
            by=by,
            handed_over_at=d["handed_over_at"],
            destination=HandoverDestination.objects.get(pk=d["destination"]),
        )
    elif e.kind == a.ORDER:
        s.register_restraining_order(
            by=by,
            municipality=report.municipality,
            imposed_at=d["imposed_at"],
            removed_person=Person.objects.get(pk=ids["person"][d["removed"].key]),
            staying_behind=[Person.objects.get(pk=ids["person"][r.key]) for r in d["staying"]],
            street=d["street"],
            house_number=d["house_number"],
            postcode=d["postcode"],
            city=d["city"],
            police_reference=report.police_reference or "",
            report=report,
        )
    elif e.kind == a.ORDER_HELP:
        s.offer_help(order=order, by=by, to_removed=d["to_removed"], offered_at=d["offered_at"])
    elif e.kind == a.ORDER_ADVICE:
        s.advise_mayor(order=order, by=by, advice=d["advice"], advised_at=d["advised_at"])
    elif e.kind == a.ORDER_EXTEND:
        s.extend_order(order=order, by=by, decided_at=d["decided_at"], until=d["until"])
    elif e.kind == a.ORDER_END:
        s.end_order(order=order, by=by, ended_at=d["ended_at"], reason=d["reason"])
    elif e.kind == a.ORDER_CLOSE:
        s.close_order(order=order, by=by, aftermath=d["aftermath"])
    elif e.kind == a.ORDER_OUT_OF_HOURS:
        s.record_out_of_hours_contribution(
            order=order, by=by, started_at=d["started_at"], ended_at=d["ended_at"]
        )
    elif e.kind == a.INFO_ASK:
        ids["info"][plan.key, d["key"]] = s.request_information(
            report=report, by=by, source=d["source"], question=d["question"], asked_at=e.at
        )
    elif e.kind == a.INFO_ANSWER:
        request = InformationRequest.objects.get(pk=ids["info"][plan.key, d["key"]].pk)
        s.record_answer(request=request, by=by, answer=d["answer"], answered_by=d["answered_by"])
    elif e.kind == a.FAMILY_START:
        ids["family"][plan.key] = s.start_family_intervention(
            case=report.case,
            by=by,
            kind=d["kind"],
            started_on=d["started_on"],
            lead_organisation=d["lead"],
            vt_leads=d["vt_leads"],
        )
    elif e.kind == a.FAMILY_END:
        intervention = FamilyIntervention.objects.get(pk=ids["family"][plan.key].pk)
        s.end_family_intervention(intervention=intervention, by=by, ended_on=d["ended_on"])
    elif e.kind == a.JOURNAL:
        add_journal_entry(
            case=report.case,
            by=by,
            occurred_at=d["occurred_at"],
            channel=d["channel"],
            participants=d["participants"],
            note=d["note"],
            report=report,
        )
    else:  # pragma: no cover
        raise AssertionError(e.kind)


def _casework(plan: w.ReportPlan, e: w.Event, ids) -> None:
    by = User.objects.get(pk=e.by)
    d = e.data
    report = Report.objects.get(pk=ids["report"][plan.key])
    if e.kind == c.CONDITION:
        casefile_services.agree_safety_condition(
            service=_service(report, w.MAIN),
            by=by,
            description=d["description"],
            responsible=d["responsible"],
            agreed_on=d["agreed_on"],
        )
    elif e.kind == c.SCORE_CONDITIONS:
        main = _service(report, w.MAIN)
        conditions = SafetyCondition.objects.filter(service=main).order_by("id")
        casefile_services.score_conditions(
            evaluation=Evaluation.objects.get(
                service=_service(report, w.MONITORING), moment=d["moment"]
            ),
            by=by,
            scores={x.pk: s for x, s in zip(conditions, d["scores"], strict=True)},
        )
    elif e.kind == c.SURVEY_INVITE:
        _, ids["token"][plan.key] = quality_services.invite_for_service(
            service=_service(report, w.MAIN),
            by=by,
            respondent=d["respondent"],
            channel=d["channel"],
            email=d["email"],
        )
    elif e.kind == c.SURVEY_ANSWER:
        quality_services.answer_survey(
            token=ids["token"][plan.key],
            score_service=d["service"],
            score_treatment=d["treatment"],
            comment=d["comment"],
        )
    elif e.kind == c.COMPLAINT:
        ids["complaint"][plan.key] = quality_services.register_complaint(
            by=by, received_on=d["received_on"], summary=d["summary"], case=report.case
        ).pk
    elif e.kind == c.COMPLAINT_STEP:
        quality_services.advance_complaint(
            complaint=Complaint.objects.get(pk=ids["complaint"][plan.key]),
            by=by,
            stage=d["stage"],
            on=d["on"],
            well_founded=d.get("well_founded"),
            measures=d.get("measures", ""),
        )
    else:  # pragma: no cover
        raise AssertionError(e.kind)


def _hearing(plan: a.HearingPlan, e: w.Event, users, hearing_ids) -> None:
    by = User.objects.get(pk=e.by)
    if e.kind == a.HEARING_REQUEST:
        hearing = acute_services.request_hearing(
            by=by,
            municipality=Municipality.objects.get(pk=plan.municipality_id),
            requested_at=plan.requested_at,
        )
        hearing_ids[plan.key] = hearing.pk
    else:
        acute_services.record_hearing(
            hearing=Hearing.objects.get(pk=hearing_ids[plan.key]), by=by, **e.data
        )
