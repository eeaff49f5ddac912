"""Every transition of the table against every role: allowed roles pass, all others are refused
and nothing changes."""

import pytest

from meldpunt.access.roles import Role
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.process import services
from meldpunt.process.models import Service, Transition
from meldpunt.process.states import TRANSITIONS, Action, Machine
from meldpunt.process.transitions import apply
from meldpunt.registry.models import Report, ReportStatus
from tests.process import flow

CASES = [(m, a, role) for (m, a) in TRANSITIONS for role in Role]


def _subject_in_source_state(machine, action, *, intake, triage, approver, case_worker):
    """Bring a report or service into a state from which `action` is allowed, via the services."""
    report = flow.register(intake)
    if machine is Machine.REPORT:
        if action in (
            Action.START_ASSESSMENT,
            Action.EXTEND_TERM,
            Action.TRANSFER,
            Action.RETURN_TO_POLICE,
        ):
            return report
        services.start_assessment(report=report, by=triage)
        if action is Action.PROPOSE_DECISION:
            return report
        services.propose_triage_decision(
            report=report,
            by=triage,
            acute_unsafety=False,
            structural_unsafety=False,
            assessment_rationale="x",
            outcome="einde_bemoeienis",
            rationale="x",
        )
        if action in (Action.APPROVE_DECISION, Action.REJECT_DECISION):
            return report
        services.approve_triage_decision(report=report, by=approver)
        services.inform(
            report=report, by=triage, kind="informeren_betrokkenen", on=report.received_at.date()
        )
        services.inform(
            report=report, by=triage, kind="terugkoppeling_melder", on=report.received_at.date()
        )
        return report
    flow.decide(report, triage=triage, approver=approver, outcome="voorwaarden_vervolg")
    service = report.services.get()
    if action in (Action.EXTEND_TERM, Action.PROPOSE_CLOSE):
        flow.hand_over(report, by=case_worker, service=service)
        return service
    flow.hand_over(report, by=case_worker, service=service)
    services.propose_service_close(service=service, by=case_worker, conclusion="klaar")
    return service


@pytest.mark.parametrize("machine,action,role", CASES, ids=lambda v: str(v))
def test_every_transition_against_every_role(
    machine, action, role, make_user, intake, triage, approver, case_worker, reference
):
    subject = _subject_in_source_state(
        machine, action, intake=intake, triage=triage, approver=approver, case_worker=case_worker
    )
    model = Report if machine is Machine.REPORT else Service
    subject = model.objects.get(pk=subject.pk)
    before = (subject.status, subject.version, Transition.objects.count())
    actor = make_user(role)
    rule = TRANSITIONS[(machine, action)]
    if role in rule.roles:
        apply(subject, action, by=actor, reason="omdat het moet")
        fresh = model.objects.get(pk=subject.pk)
        assert fresh.status == (rule.target or before[0])
        assert fresh.version == before[1] + 1
        last = Transition.objects.latest("id")
        assert (last.action, last.by_id, last.reason) == (action, actor.pk, "omdat het moet")
    else:
        with pytest.raises(NotAllowed):
            apply(subject, action, by=actor, reason="omdat het moet")
        fresh = model.objects.get(pk=subject.pk)
        assert (fresh.status, fresh.version, Transition.objects.count()) == before


def test_a_transition_not_in_the_table_names_the_current_status(intake, approver, reference):
    report = flow.register(intake)
    with pytest.raises(DomainError, match="'Ontvangen'") as err:
        apply(report, Action.APPROVE_DECISION, by=approver)
    assert not isinstance(err.value, NotAllowed)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.RECEIVED


def test_a_transition_that_needs_a_reason_is_refused_without_one(
    intake, triage, approver, reference
):
    report = flow.register(intake)
    services.start_assessment(report=report, by=triage)
    services.propose_triage_decision(
        report=report,
        by=triage,
        acute_unsafety=True,
        structural_unsafety=False,
        assessment_rationale="x",
        outcome="onderzoek",
        rationale="x",
    )
    with pytest.raises(DomainError, match="reden"):
        services.reject_triage_decision(report=report, by=approver, reason="  ")
    assert Report.objects.get(pk=report.pk).status == ReportStatus.AWAITING_APPROVAL


def test_the_process_document_is_current():
    from pathlib import Path

    from meldpunt.process.processdoc import render

    committed = Path(__file__).resolve().parents[2] / "docs" / "process.md"
    assert committed.read_text(encoding="utf-8") == render(), (
        "docs/process.md is stale: run `meldpunt processdoc`"
    )
