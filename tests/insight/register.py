"""A small hand-built register for the KPI tests, built through the services with the clock.

March 2026, Regio Noord (Schiedam, Vlaardingen) and Regio Oost (Capelle aan den IJssel):

- old: received Tue 10 Jan 2023 (Schiedam), decided 11 Jan 2023, overdracht.
- r0: Mon 1 Dec 2025 (Vlaardingen), decided Mon 8 Dec 2025 = due day; V&V closed
  10 Mar 2026, due 16 Feb (late); monitoring from the hand-over on 9 March.
- r5: Mon 2 Feb 2026 (Schiedam), decided Wed 1 Apr 2026 (due 9 Feb), overdracht.
- r1: Mon 2 Mar 2026 (Schiedam), decided Mon 9 Mar = due day (on time), Onderzoek with a
  crisis intervention, closed 20 Mar (on time).
- r3: Tue 3 Mar 2026 (Vlaardingen), due 10 Mar, extended to 20 Mar, decided Thu 12 Mar (late
  for the KPI), overdracht and a hand-over that day.
- r2: Sat 7 Mar 2026 (Schiedam), due Fri 13 Mar, decided Mon 16 Mar (late), V&V closed 27 Mar.
- r4: Fri 27 Mar 2026 (Capelle aan den IJssel), not decided; its file is shielded.

r3 is about a person of r0 (same household, 3 months earlier); r2 about a person of `old`
(same household, 3 years earlier). r0's monitoring holds three evaluations on 25 March:
(family 7, professionals 6), (7, 5) and (8, none).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from meldpunt.access.roles import Role
from meldpunt.process import services
from meldpunt.process.models import Service, ServiceKind, TermKind
from meldpunt.reference.models import Municipality, ReporterType, ViolenceForm
from meldpunt.registry.models import Case, Report
from meldpunt.registry.services import ReporterData, register_advice
from tests.process import flow


@dataclass
class Register:
    reports: dict[str, Report]
    users: dict[str, object]


def _forms(*codes):
    return list(ViolenceForm.objects.filter(code__in=codes))


def _reporter(code):
    return ReporterData(reporter_type=ReporterType.objects.get(code=code), name="Melder")


def _close(service: Service, *, by, approver, on_findings=None):
    services.propose_service_close(
        service=service, by=by, conclusion="Afgerond", findings=on_findings
    )
    services.approve_service_close(service=service, by=approver)


def build(clock, make_user) -> Register:
    intake = make_user(Role.INTAKE)
    triage = make_user(Role.TRIAGE)
    approver = make_user(Role.APPROVER)
    worker = make_user(Role.CASE_WORKER)
    schiedam = Municipality.objects.get(cbs_code="GM0606")
    vlaardingen = Municipality.objects.get(cbs_code="GM0622")
    capelle = Municipality.objects.get(name="Capelle aan den IJssel")
    reports: dict[str, Report] = {}

    clock.at(2023, 1, 10)
    reports["old"] = flow.register(intake, municipality=schiedam)
    clock.at(2023, 1, 11)
    flow.decide(reports["old"], triage=triage, approver=approver)

    clock.at(2025, 12, 1)
    reports["r0"] = flow.register(intake, municipality=vlaardingen)
    clock.at(2025, 12, 8)
    flow.decide(reports["r0"], triage=triage, approver=approver, outcome="voorwaarden_vervolg")

    clock.at(2026, 2, 2)
    reports["r5"] = flow.register(intake, municipality=schiedam)
    clock.at(2026, 2, 10)
    register_advice(
        by=intake,
        received_at=clock.at(2026, 2, 10),
        asker_type=ReporterType.objects.get(code="politie"),
        question="Wat te doen?",
        municipality=schiedam,
    )

    clock.at(2026, 3, 2, 10)
    reports["r1"] = flow.register(
        intake,
        municipality=schiedam,
        violence_forms=_forms("partnergeweld", "kindermishandeling-lichamelijk"),
        people=[
            flow.person("victim"),
            flow.person("child", date_of_birth=dt.date(2022, 3, 2)),  # 4 today
            flow.person("child", date_of_birth=dt.date(2022, 3, 3)),  # 3 today
        ],
    )
    clock.at(2026, 3, 3)
    known = reports["r0"].involvements.get().person_id
    reports["r3"] = flow.register(
        intake, municipality=vlaardingen, people=[flow.person("victim", person_id=known)]
    )
    clock.at(2026, 3, 5)
    term = reports["r3"].terms.get(kind=TermKind.TRIAGE)
    services.extend_term(
        term=term, by=approver, until=dt.date(2026, 3, 20), reason="Wachten op de politie"
    )
    clock.at(2026, 3, 7, 11)  # a Saturday
    old_person = reports["old"].involvements.get().person_id
    reports["r2"] = flow.register(
        intake,
        municipality=schiedam,
        reporter=_reporter("huisarts"),
        violence_forms=_forms("verwaarlozing"),
        people=[
            flow.person("victim", person_id=old_person),
            flow.person("child", date_of_birth=dt.date(2010, 1, 1)),  # 16
            flow.person("child", date_of_birth=None),
        ],
    )

    clock.at(2026, 3, 9, 15)  # r1's due day
    flow.decide(
        reports["r1"],
        triage=triage,
        approver=approver,
        outcome="onderzoek",
        crisis_intervention=True,
    )
    support = reports["r0"].services.get(kind=ServiceKind.SUPPORT)
    flow.hand_over(reports["r0"], by=worker, service=support)
    clock.at(2026, 3, 10)
    _close(support, by=worker, approver=approver)
    for question, asker in (("Vraag 1", "politie"), ("Vraag 2", "betrokkene")):
        register_advice(
            by=intake,
            received_at=clock.at(2026, 3, 10, 14),
            asker_type=ReporterType.objects.get(code=asker),
            question=question,
            municipality=vlaardingen,
        )

    clock.at(2026, 3, 12)
    flow.decide(reports["r3"], triage=triage, approver=approver)
    flow.hand_over(reports["r3"], by=triage)

    clock.at(2026, 3, 16)
    flow.decide(reports["r2"], triage=triage, approver=approver, outcome="voorwaarden_vervolg")

    clock.at(2026, 3, 20)
    investigation = reports["r1"].services.get(kind=ServiceKind.INVESTIGATION)
    flow.hand_over(reports["r1"], by=worker, service=investigation)
    form = ViolenceForm.objects.get(code="partnergeweld")
    _close(investigation, by=worker, approver=approver, on_findings={form.pk: "bevestigd"})

    clock.at(2026, 3, 25)
    monitoring = reports["r0"].services.get(kind=ServiceKind.MONITORING)
    for evaluation, (family, professionals) in zip(
        monitoring.evaluations.order_by("moment"), [(7, 6), (7, 5), (8, None)], strict=True
    ):
        services.record_evaluation(
            evaluation=evaluation,
            by=worker,
            done_on=dt.date(2026, 3, 25),
            score_family=family,
            score_professionals=professionals,
        )

    clock.at(2026, 3, 27, 16)
    support2 = reports["r2"].services.get(kind=ServiceKind.SUPPORT)
    flow.hand_over(reports["r2"], by=worker, service=support2)
    _close(support2, by=worker, approver=approver)
    reports["r4"] = flow.register(
        intake,
        municipality=capelle,
        reporter=_reporter("omgeving"),
        violence_forms=_forms("partnergeweld"),
    )
    Case.objects.filter(pk=reports["r4"].case_id).update(shielded=True)

    clock.at(2026, 4, 1)
    flow.decide(reports["r5"], triage=triage, approver=approver)
    clock.at(2026, 4, 15)
    return Register(
        reports=reports,
        users={"intake": intake, "triage": triage, "approver": approver, "worker": worker},
    )
