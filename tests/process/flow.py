"""Walk the path users walk: helpers that build process state through the services."""

from __future__ import annotations

import datetime as dt

from meldpunt import clock
from meldpunt.process import services
from meldpunt.reference.models import HandoverDestination, Municipality, ReporterType
from meldpunt.registry.services import PersonData, ReportData, ReporterData, register_report
from tests.factories import PersonDataFactory


def report_data(*, municipality=None, people=None, received_at=None, **kw) -> ReportData:
    return ReportData(
        received_at=received_at or clock.now(),
        municipality=municipality or Municipality.objects.get(cbs_code="GM0606"),
        reporter=kw.pop("reporter", None)
        or ReporterData(reporter_type=ReporterType.objects.get(code="politie"), name="Agent"),
        people=people if people is not None else [PersonDataFactory(role="victim")],
        **kw,
    )


def register(by, **kw):
    return register_report(by=by, data=report_data(**kw))


def decide(report, *, triage, approver, outcome="overdracht", **kw):
    services.start_assessment(report=report, by=triage)
    services.propose_triage_decision(
        report=report,
        by=triage,
        acute_unsafety=False,
        structural_unsafety=True,
        assessment_rationale="Structurele onveiligheid",
        outcome=outcome,
        rationale="Zie beoordeling",
        **kw,
    )
    return services.approve_triage_decision(report=report, by=approver)


def hand_over(report, *, by, service=None, on: dt.date | None = None):
    return services.record_handover(
        report=report,
        by=by,
        destination=HandoverDestination.objects.get(code="lokale-veld"),
        handed_over_on=on or clock.today(),
        warm=True,
        service=service,
    )


def person(role="victim", **kw) -> PersonData:
    return PersonDataFactory(role=role, **kw)
