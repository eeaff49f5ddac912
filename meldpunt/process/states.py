"""The statutory process as one table a policy adviser can read.

A report and each service (Voorwaarden & Vervolg, Onderzoek, Monitoring) move through their
states only by the actions below, and only through `process.transitions.apply`, the one door.
`docs/process.md` is rendered from this table (`meldpunt processdoc`); a test fails when the
committed file is stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from meldpunt.access.roles import Role
from meldpunt.registry.models import ReportStatus


class Machine(StrEnum):
    REPORT = "report"
    SERVICE = "service"


class ServiceStatus(StrEnum):
    ACTIVE = "active"
    CLOSE_PROPOSED = "close_proposed"
    CLOSED = "closed"


SERVICE_STATUS_LABELS = {
    ServiceStatus.ACTIVE: "Loopt",
    ServiceStatus.CLOSE_PROPOSED: "Afsluiting ter accordering",
    ServiceStatus.CLOSED: "Afgesloten",
}


class Action(StrEnum):
    START_ASSESSMENT = "start_assessment"
    PROPOSE_DECISION = "propose_decision"
    APPROVE_DECISION = "approve_decision"
    REJECT_DECISION = "reject_decision"
    CLOSE_REPORT = "close_report"
    EXTEND_TERM = "extend_term"
    PROPOSE_CLOSE = "propose_close"
    APPROVE_CLOSE = "approve_close"
    REJECT_CLOSE = "reject_close"
    TRANSFER = "transfer"
    RETURN_TO_POLICE = "return_to_police"


ACTION_LABELS = {
    Action.START_ASSESSMENT: "Veiligheidsbeoordeling starten",
    Action.PROPOSE_DECISION: "Triagebesluit voorstellen",
    Action.APPROVE_DECISION: "Triagebesluit accorderen (tweede professional)",
    Action.REJECT_DECISION: "Triagebesluit terugsturen",
    Action.CLOSE_REPORT: "Melding afsluiten",
    Action.EXTEND_TERM: "Termijn verlengen",
    Action.PROPOSE_CLOSE: "Afsluiting dienst voorstellen",
    Action.APPROVE_CLOSE: "Afsluiting dienst accorderen (tweede professional)",
    Action.REJECT_CLOSE: "Afsluiting dienst terugsturen",
    Action.TRANSFER: "Overdragen aan andere Veilig Thuis-regio",
    Action.RETURN_TO_POLICE: "Terugsturen naar de politie",
}


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    target: str | None  # None: the status stays what it was (a term extension)
    roles: frozenset[Role]
    # Four-eyes: the actor must differ from whoever took this earlier action on the same object.
    second_professional_for: Action | None = None
    reason_required: bool = False
    note: str = field(default="", compare=False)


def _rule(sources, target, roles, **kw) -> Rule:
    return Rule(
        frozenset(str(s) for s in sources),
        None if target is None else str(target),
        frozenset(roles),
        **kw,
    )


R = ReportStatus
S = ServiceStatus

TRANSITIONS: dict[tuple[Machine, Action], Rule] = {
    (Machine.REPORT, Action.START_ASSESSMENT): _rule(
        {R.RECEIVED},
        R.IN_ASSESSMENT,
        {Role.TRIAGE},
        note="De triagist neemt de melding in behandeling; de 5-werkdagentermijn loopt al sinds "
        "ontvangst.",
    ),
    (Machine.REPORT, Action.PROPOSE_DECISION): _rule(
        {R.IN_ASSESSMENT},
        R.AWAITING_APPROVAL,
        {Role.TRIAGE},
        note="Veiligheidstaxatie en voorgesteld triagebesluit vastgelegd.",
    ),
    (Machine.REPORT, Action.APPROVE_DECISION): _rule(
        {R.AWAITING_APPROVAL},
        R.DECIDED,
        {Role.APPROVER, Role.TEAM_LEAD},
        second_professional_for=Action.PROPOSE_DECISION,
        note="Vier-ogen: een tweede professional accordeert; het besluit gaat nu in, de "
        "triagetermijn stopt en terugkoppeling en informeren worden verschuldigd.",
    ),
    (Machine.REPORT, Action.REJECT_DECISION): _rule(
        {R.AWAITING_APPROVAL},
        R.IN_ASSESSMENT,
        {Role.APPROVER, Role.TEAM_LEAD},
        second_professional_for=Action.PROPOSE_DECISION,
        reason_required=True,
        note="Terug naar de triagist, met reden.",
    ),
    (Machine.REPORT, Action.CLOSE_REPORT): _rule(
        {R.DECIDED},
        R.CLOSED,
        {Role.TRIAGE, Role.CASE_WORKER, Role.TEAM_LEAD},
        note="Alleen wanneer niets meer verschuldigd is (geen open termijnen of diensten).",
    ),
    (Machine.REPORT, Action.TRANSFER): _rule(
        {R.RECEIVED, R.IN_ASSESSMENT},
        R.TRANSFERRED,
        {Role.TRIAGE, Role.TEAM_LEAD},
        reason_required=True,
        note="Het gezin woont in een andere regio: de melding gaat met een vastgelegde overdracht "
        "naar die Veilig Thuis-organisatie en telt niet mee in de eigen cijfers.",
    ),
    (Machine.REPORT, Action.RETURN_TO_POLICE): _rule(
        {R.RECEIVED, R.IN_ASSESSMENT},
        R.RETURNED,
        {Role.TRIAGE, Role.TEAM_LEAD},
        reason_required=True,
        note="Alleen politiemeldingen die niet voor Veilig Thuis zijn; met reden, wel geteld.",
    ),
    (Machine.REPORT, Action.EXTEND_TERM): _rule(
        {R.RECEIVED, R.IN_ASSESSMENT, R.AWAITING_APPROVAL},
        None,
        {Role.APPROVER, Role.TEAM_LEAD},
        reason_required=True,
        note="Status blijft gelijk; de oorspronkelijke en de verlengde datum blijven zichtbaar.",
    ),
    (Machine.SERVICE, Action.EXTEND_TERM): _rule(
        {S.ACTIVE},
        None,
        {Role.APPROVER, Role.TEAM_LEAD},
        reason_required=True,
        note="Bijvoorbeeld een Onderzoek dat meer dan 10 weken nodig heeft; de KPI blijft tegen "
        "de oorspronkelijke norm meten.",
    ),
    (Machine.SERVICE, Action.PROPOSE_CLOSE): _rule(
        {S.ACTIVE},
        S.CLOSE_PROPOSED,
        {Role.CASE_WORKER},
        note="V&V en Onderzoek: na de overdracht; Onderzoek: met de uitkomst per geweldsvorm.",
    ),
    (Machine.SERVICE, Action.APPROVE_CLOSE): _rule(
        {S.CLOSE_PROPOSED},
        S.CLOSED,
        {Role.APPROVER, Role.TEAM_LEAD},
        second_professional_for=Action.PROPOSE_CLOSE,
        note="Vier-ogen. Na V&V of Onderzoek start Monitoring; na Onderzoek is terugkoppeling "
        "aan de melder verschuldigd.",
    ),
    (Machine.SERVICE, Action.REJECT_CLOSE): _rule(
        {S.CLOSE_PROPOSED},
        S.ACTIVE,
        {Role.APPROVER, Role.TEAM_LEAD},
        second_professional_for=Action.PROPOSE_CLOSE,
        reason_required=True,
    ),
}


def rule_for(machine: Machine, action: Action) -> Rule | None:
    return TRANSITIONS.get((machine, action))
