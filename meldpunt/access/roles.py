"""Who may do what: roles and rights as data. Pure: no Django model imports.

`RIGHTS` is the matrix; the state machine (`process/states.py`) names roles per transition.
`docs/security.md` is rendered from this module (`meldpunt securitydoc`; a test fails when it is
stale) and the permission tests in `tests/access/test_permissions.py` are generated from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
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
    POLICY_ADVISER = "policy_adviser"
    PRIVACY_OFFICER = "privacy_officer"
    ADMIN = "admin"
    SYSTEM = "system"


@dataclass(frozen=True)
class RoleSpec:
    label: str
    work: str  # what the role is for, in Dutch: the reason for its rights
    personal_data: bool  # sees personal data: two-factor login is required
    interactive: bool = True  # False: a system client of the API (token, no login screen)


ROLES: dict[Role, RoleSpec] = {
    Role.INTAKE: RoleSpec(
        "Intakemedewerker",
        "Neemt adviesvragen en meldingen aan en registreert ze; zoekt bekende personen.",
        personal_data=True,
    ),
    Role.TRIAGE: RoleSpec(
        "Triagist",
        "Doet de veiligheidsbeoordeling en stelt het triagebesluit voor.",
        personal_data=True,
    ),
    Role.APPROVER: RoleSpec(
        "Tweede professional (accordeur)",
        "Accordeert besluiten (vier-ogen). Wie dat mag bepaalt de organisatie: iedere senior "
        "professional met deze rol, of alleen gedragswetenschappers en vertrouwensartsen.",
        personal_data=True,
    ),
    Role.CASE_WORKER: RoleSpec(
        "Casusregisseur",
        "Voert Voorwaarden & Vervolg, Onderzoek en Monitoring uit.",
        personal_data=True,
    ),
    Role.CRISIS_TEAM: RoleSpec(
        "Crisisdienst",
        "Handelt acute situaties af, ook buiten kantoortijd; mag in nood een dossier openbreken.",
        personal_data=True,
    ),
    Role.TEAM_LEAD: RoleSpec(
        "Teamleider",
        "Verdeelt het werk, bewaakt termijnen en accordeert.",
        personal_data=True,
    ),
    Role.MANAGER: RoleSpec(
        "Manager",
        "Stuurt op cijfers: geaggregeerde sturingsinformatie, geen dossierinhoud.",
        personal_data=False,
    ),
    Role.ANALYST: RoleSpec(
        "Informatieanalist",
        "Cijfers en gepseudonimiseerde registergegevens; koppelt alleen lijsten die hij zelf "
        "aanlevert, niet het register.",
        personal_data=True,
    ),
    Role.MUNICIPALITY: RoleSpec(
        "Gemeente",
        "Alleen de geaggregeerde, afgeschermde (kleine aantallen als <5) cijfers van de eigen "
        "gemeente.",
        personal_data=False,
    ),
    Role.COMPLAINTS_OFFICER: RoleSpec(
        "Klachtenfunctionaris",
        "Registreert en behandelt klachten.",
        personal_data=True,
    ),
    Role.HR_ADVISER: RoleSpec(
        "HR-adviseur",
        "Voert alleen de indicatoren van het jaarplan in waarvan de rol eigenaar is (verzuim, "
        "uitstroom); het jaarplan legt het eigenaarschap per KPI vast.",
        personal_data=False,
    ),
    Role.POLICY_ADVISER: RoleSpec(
        "Beleidsadviseur",
        "Cijfers van de organisatie voor beleid; voert de indicatoren van het jaarplan in "
        "waarvan de rol eigenaar is (voortgang van de afspraken met gemeenten, expertise).",
        personal_data=False,
    ),
    Role.PRIVACY_OFFICER: RoleSpec(
        "Privacy officer",
        "Audittrail, bewaartermijnen, inzageverzoeken en de controle op noodtoegang; geen "
        "casuswerk.",
        personal_data=True,
    ),
    Role.ADMIN: RoleSpec(
        "Functioneel beheerder",
        "Gebruikers, instellingen en referentiegegevens; geen dossierinhoud.",
        personal_data=False,
    ),
    Role.SYSTEM: RoleSpec(
        "Systeemkoppeling",
        "Een ander systeem (bijvoorbeeld de politie-intake): alleen de API-eindpunten die het "
        "nodig heeft.",
        personal_data=True,
        interactive=False,
    ),
}

ROLE_LABELS: dict[Role, str] = {role: spec.label for role, spec in ROLES.items()}


class Right(StrEnum):
    VIEW_CASES = "view_cases"  # see reports, people and files
    VIEW_ANONYMOUS_REPORTER = "view_anonymous_reporter"
    VIEW_CONFIDENTIAL_ADDRESS = "view_confidential_address"
    REGISTER_ADVICE = "register_advice"
    REGISTER_REPORT = "register_report"
    ASSESS_SAFETY = "assess_safety"
    APPROVE = "approve"  # the second professional of the four-eyes principle
    WORK_SERVICE = "work_service"
    EXTEND_TERM = "extend_term"
    INFORM = "inform"
    ASSIGN = "assign"
    BREAK_GLASS = "break_glass"
    VIEW_AGGREGATES = "view_aggregates"
    VIEW_MUNICIPAL_AGGREGATES = "view_municipal_aggregates"
    EXPORT_PSEUDONYMISED = "export_pseudonymised"
    LINK_OWN_LISTS = "link_own_lists"
    HANDLE_COMPLAINTS = "handle_complaints"
    VIEW_COMPLAINTS = "view_complaints"
    VIEW_AUDIT = "view_audit"
    REVIEW_EMERGENCY_ACCESS = "review_emergency_access"
    MANAGE_RETENTION = "manage_retention"
    HANDLE_ACCESS_REQUESTS = "handle_access_requests"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    POLICE_INTAKE = "police_intake"
    CRISIS_WORK = "crisis_work"  # crisis interventions, hearings, out-of-hours contributions
    GATHER_INFORMATION = "gather_information"  # information requests, BRP, family interventions


RIGHT_LABELS: dict[Right, str] = {
    Right.VIEW_CASES: "Meldingen, betrokkenen en dossiers inzien",
    Right.VIEW_ANONYMOUS_REPORTER: "Identiteit van een anonieme melder inzien",
    Right.VIEW_CONFIDENTIAL_ADDRESS: "Geheim adres (opvang, onderduik) inzien",
    Right.REGISTER_ADVICE: "Adviesvraag registreren",
    Right.REGISTER_REPORT: "Melding registreren",
    Right.ASSESS_SAFETY: "Veiligheidsbeoordeling doen en triagebesluit voorstellen",
    Right.APPROVE: "Besluiten accorderen (tweede professional)",
    Right.WORK_SERVICE: "Dienst uitvoeren (V&V, Onderzoek, Monitoring)",
    Right.EXTEND_TERM: "Termijn verlengen",
    Right.INFORM: "Melder terugkoppelen en betrokkenen informeren",
    Right.ASSIGN: "Werk toewijzen en vervanging regelen",
    Right.BREAK_GLASS: "Noodtoegang tot een dossier buiten de eigen rechten (met reden)",
    Right.VIEW_AGGREGATES: "Sturingsinformatie van de hele organisatie",
    Right.VIEW_MUNICIPAL_AGGREGATES: "Cijfers van de eigen gemeente (kleine aantallen afgeschermd)",
    Right.EXPORT_PSEUDONYMISED: "Gepseudonimiseerde export van het register",
    Right.LINK_OWN_LISTS: "Eigen lijsten koppelen (niet het register)",
    Right.HANDLE_COMPLAINTS: "Klachten registreren en behandelen",
    Right.VIEW_COMPLAINTS: "Klachtenregister inzien",
    Right.VIEW_AUDIT: "Audittrail doorzoeken en exporteren",
    Right.REVIEW_EMERGENCY_ACCESS: "Noodtoegang controleren",
    Right.MANAGE_RETENTION: "Bewaartermijnen bewaken en verlopen dossiers vernietigen",
    Right.HANDLE_ACCESS_REQUESTS: "Inzage, correctie en beperking voor betrokkenen afhandelen",
    Right.MANAGE_USERS: "Gebruikers en rollen beheren",
    Right.MANAGE_SETTINGS: "Instellingen en referentiegegevens beheren",
    Right.POLICE_INTAKE: "Politiemeldingen aanleveren via de API",
    Right.CRISIS_WORK: "Crisisinterventies, hoorfunctie Wvggz en inzet buiten kantoortijd",
    Right.GATHER_INFORMATION: "Informatie opvragen (ook BRP) en interventies rond een gezin",
}

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
    Right.VIEW_CONFIDENTIAL_ADDRESS: frozenset(
        {Role.TRIAGE, Role.APPROVER, Role.CASE_WORKER, Role.CRISIS_TEAM, Role.TEAM_LEAD}
    ),
    Right.REGISTER_ADVICE: frozenset({Role.INTAKE, Role.TRIAGE, Role.CRISIS_TEAM}),
    Right.REGISTER_REPORT: frozenset({Role.INTAKE, Role.TRIAGE, Role.CRISIS_TEAM}),
    Right.ASSESS_SAFETY: frozenset({Role.TRIAGE}),
    Right.APPROVE: frozenset({Role.APPROVER, Role.TEAM_LEAD}),
    Right.WORK_SERVICE: frozenset({Role.CASE_WORKER}),
    Right.EXTEND_TERM: frozenset({Role.APPROVER, Role.TEAM_LEAD}),
    Right.INFORM: frozenset({Role.INTAKE, Role.TRIAGE, Role.CASE_WORKER}),
    Right.ASSIGN: frozenset({Role.TEAM_LEAD}),
    Right.BREAK_GLASS: frozenset({Role.CRISIS_TEAM}),
    Right.VIEW_AGGREGATES: frozenset(
        {Role.TEAM_LEAD, Role.MANAGER, Role.ANALYST, Role.POLICY_ADVISER}
    ),
    Right.VIEW_MUNICIPAL_AGGREGATES: frozenset({Role.MUNICIPALITY}),
    Right.EXPORT_PSEUDONYMISED: frozenset({Role.ANALYST}),
    Right.LINK_OWN_LISTS: frozenset({Role.ANALYST}),
    Right.HANDLE_COMPLAINTS: frozenset({Role.COMPLAINTS_OFFICER}),
    Right.VIEW_COMPLAINTS: frozenset({Role.COMPLAINTS_OFFICER, Role.MANAGER}),
    Right.VIEW_AUDIT: frozenset({Role.PRIVACY_OFFICER}),
    Right.REVIEW_EMERGENCY_ACCESS: frozenset({Role.PRIVACY_OFFICER}),
    Right.MANAGE_RETENTION: frozenset({Role.PRIVACY_OFFICER}),
    Right.HANDLE_ACCESS_REQUESTS: frozenset({Role.PRIVACY_OFFICER}),
    Right.MANAGE_USERS: frozenset({Role.ADMIN}),
    Right.MANAGE_SETTINGS: frozenset({Role.ADMIN}),
    Right.POLICE_INTAKE: frozenset({Role.SYSTEM}),
    Right.CRISIS_WORK: frozenset({Role.CRISIS_TEAM, Role.TEAM_LEAD}),
    Right.GATHER_INFORMATION: frozenset(
        {Role.TRIAGE, Role.CASE_WORKER, Role.CRISIS_TEAM, Role.TEAM_LEAD}
    ),
}


class Qualification(StrEnum):
    """A professional's discipline, for the approver policy."""

    PROFESSIONAL = "professional"
    SENIOR = "senior"
    BEHAVIOURAL_SCIENTIST = "gedragswetenschapper"
    CONFIDENTIAL_DOCTOR = "vertrouwensarts"
    LAWYER = "jurist"


QUALIFICATION_LABELS: dict[Qualification, str] = {
    Qualification.PROFESSIONAL: "Professional",
    Qualification.SENIOR: "Senior professional",
    Qualification.BEHAVIOURAL_SCIENTIST: "Gedragswetenschapper",
    Qualification.CONFIDENTIAL_DOCTOR: "Vertrouwensarts",
    Qualification.LAWYER: "Jurist",
}


class ApproverPolicy(StrEnum):
    """Who the organisation lets act as second professional with the approver role."""

    SENIOR = "senior"  # the default: every senior professional granted the approver role
    SPECIALISTS = "specialists"  # only behavioural scientists and confidential doctors


APPROVER_POLICY_LABELS: dict[ApproverPolicy, str] = {
    ApproverPolicy.SENIOR: "Iedere senior professional met de rol accordeur",
    ApproverPolicy.SPECIALISTS: "Alleen gedragswetenschappers en vertrouwensartsen",
}

SPECIALISTS = frozenset({Qualification.BEHAVIOURAL_SCIENTIST, Qualification.CONFIDENTIAL_DOCTOR})


def effective_roles(
    granted: Iterable[Role | str], *, qualification: str, policy: str
) -> frozenset[Role]:
    """The roles a user acts with: the granted ones, less the approver role when the
    organisation reserves approving for specialists and this user is not one."""
    roles = frozenset(Role(r) for r in granted)
    if (
        Role.APPROVER in roles
        and ApproverPolicy(policy) is ApproverPolicy.SPECIALISTS
        and qualification not in SPECIALISTS
    ):
        roles -= {Role.APPROVER}
    return roles


def roles_with(right: Right) -> frozenset[Role]:
    return RIGHTS[right]


def rights_of(roles: Iterable[Role | str]) -> frozenset[Right]:
    held = {Role(r) for r in roles}
    return frozenset(right for right, allowed in RIGHTS.items() if held & allowed)


def allows(roles: Iterable[Role | str], right: Right) -> bool:
    return any(Role(r) in RIGHTS[right] for r in roles)


def needs_two_factor(roles: Iterable[Role | str]) -> bool:
    """Two-factor login is required for every role that sees personal data."""
    return any(ROLES[Role(r)].personal_data for r in roles)
