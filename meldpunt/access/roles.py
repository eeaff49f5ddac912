"""Who may do what: roles and rights as data. Pure: no Django model imports.

`RIGHTS` is the matrix; the state machine (`process/states.py`) names roles per transition,
and the permission tests are generated from both. The security issue completes the matrix and
generates docs/security.md from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    INTAKE = "intake"
    TRIAGE = "triage"
    APPROVER = "approver"
    CASE_WORKER = "case_worker"
    CRISIS_TEAM = "crisis_team"
    TEAM_LEAD = "team_lead"
    MANAGER = "manager"
    ANALYST = "analyst"
    MUNICIPALITY = "municipality"
    COMPLAINTS_OFFICER = "complaints_officer"
    HR_ADVISER = "hr_adviser"
    PRIVACY_OFFICER = "privacy_officer"
    ADMIN = "admin"
    SYSTEM = "system"


ROLE_LABELS: dict[Role, str] = {
    Role.INTAKE: "Intakemedewerker",
    Role.TRIAGE: "Triagist",
    Role.APPROVER: "Tweede professional (accordeur)",
    Role.CASE_WORKER: "Casusregisseur",
    Role.CRISIS_TEAM: "Crisisdienst",
    Role.TEAM_LEAD: "Teamleider",
    Role.MANAGER: "Manager",
    Role.ANALYST: "Informatieanalist",
    Role.MUNICIPALITY: "Gemeente",
    Role.COMPLAINTS_OFFICER: "Klachtenfunctionaris",
    Role.HR_ADVISER: "HR-adviseur",
    Role.PRIVACY_OFFICER: "Privacy officer",
    Role.ADMIN: "Functioneel beheerder",
    Role.SYSTEM: "Systeemkoppeling",
}


class Right(StrEnum):
    VIEW_CASES = "view_cases"  # see reports, people and files
    VIEW_ANONYMOUS_REPORTER = "view_anonymous_reporter"
    REGISTER_ADVICE = "register_advice"
    REGISTER_REPORT = "register_report"
    ASSESS_SAFETY = "assess_safety"
    APPROVE = "approve"  # the second professional of the four-eyes principle
    WORK_SERVICE = "work_service"
    EXTEND_TERM = "extend_term"
    INFORM = "inform"
    ASSIGN = "assign"
    VIEW_AGGREGATES = "view_aggregates"
    VIEW_MUNICIPAL_AGGREGATES = "view_municipal_aggregates"
    VIEW_AUDIT = "view_audit"
    MANAGE_SETTINGS = "manage_settings"
    POLICE_INTAKE = "police_intake"


_CASE_ROLES = {
    Role.INTAKE,
    Role.TRIAGE,
    Role.APPROVER,
    Role.CASE_WORKER,
    Role.CRISIS_TEAM,
    Role.TEAM_LEAD,
}

RIGHTS: dict[Right, frozenset[Role]] = {
    Right.VIEW_CASES: frozenset(_CASE_ROLES),
    Right.VIEW_ANONYMOUS_REPORTER: frozenset(
        {Role.INTAKE, Role.TRIAGE, Role.APPROVER, Role.TEAM_LEAD}
    ),
    Right.REGISTER_ADVICE: frozenset({Role.INTAKE, Role.TRIAGE, Role.CRISIS_TEAM}),
    Right.REGISTER_REPORT: frozenset({Role.INTAKE, Role.TRIAGE, Role.CRISIS_TEAM}),
    Right.ASSESS_SAFETY: frozenset({Role.TRIAGE}),
    Right.APPROVE: frozenset({Role.APPROVER, Role.TEAM_LEAD}),
    Right.WORK_SERVICE: frozenset({Role.CASE_WORKER}),
    Right.EXTEND_TERM: frozenset({Role.APPROVER, Role.TEAM_LEAD}),
    Right.INFORM: frozenset({Role.INTAKE, Role.TRIAGE, Role.CASE_WORKER}),
    Right.ASSIGN: frozenset({Role.TEAM_LEAD}),
    Right.VIEW_AGGREGATES: frozenset({Role.TEAM_LEAD, Role.MANAGER, Role.ANALYST}),
    Right.VIEW_MUNICIPAL_AGGREGATES: frozenset({Role.MUNICIPALITY}),
    Right.VIEW_AUDIT: frozenset({Role.PRIVACY_OFFICER}),
    Right.MANAGE_SETTINGS: frozenset({Role.ADMIN}),
    Right.POLICE_INTAKE: frozenset({Role.SYSTEM}),
}


def roles_with(right: Right) -> frozenset[Role]:
    return RIGHTS[right]


def allows(roles: Iterable[Role | str], right: Right) -> bool:
    return any(Role(r) in RIGHTS[right] for r in roles)
