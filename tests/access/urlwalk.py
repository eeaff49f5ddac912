"""Walk every URL pattern of the application (web pages and API endpoints) with real objects.

Resolver-driven: a new page or endpoint is walked without touching the tests. URL arguments are
filled from the world's objects by their name (`report_id`, `case_id`, ...); `pk` (the API's
style) is tried against every kind of object until the endpoint finds one. An argument name
this module does not know fails the walk, so that it gets a mapping instead of being skipped,
and so does an argument whose kind of object the world does not build (a page probed only with
a missing id proves nothing): build one in `build_world`, or list it in `WITHOUT_OBJECT` with
the reason.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field

import time_machine
from django.db.models import F
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from meldpunt import clock
from meldpunt.access.roles import RIGHTS, ROLES, Right, Role
from meldpunt.reference.models import Municipality, ReporterType
from meldpunt.registry.services import ReporterData, register_advice
from tests.process import flow

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")

# Namespaces that are not walked, each with the reason.
NOT_WALKED = {
    "admin": "reference data and settings only (test_the_admin_site_registers_no_personal_data)",
}

# The roles that together may open everything with personal data.
CASE_ROLES = (
    Role.INTAKE,
    Role.TRIAGE,
    Role.APPROVER,
    Role.CASE_WORKER,
    Role.CRISIS_TEAM,
    Role.TEAM_LEAD,
)


# Who may open each page of the web application (GET; POST for a page that takes only a POST):
# the right it needs, generated into the roles that hold it from the matrix in access/roles.py.
# A tuple is "any of these rights". Every web page must be listed, so a new page is classified
# before it is walked. What a role may then *do* on a page it opens (assess, approve, inform,
# ...) is refused by the services, tested right by right in test_permissions.py.
ANYONE = "anyone"  # public or personal-data-free: the login, the logout, a survey link
PLAN_OWNERS = "plan_owners"  # the owners of an entered year-plan indicator, and the admin
_CASE_PAGES = [
    "worklist",
    "advice_detail",
    "report_detail",
    "start_assessment",
    "approve_decision",
    "reject_decision",
    "inform",
    "report_handover",
    "close_report",
    "transfer_report",
    "return_to_police",
    "assign_report",
    "letters",
    "letter_preview",
    "letter_sent",
    "journal",
    "journal_correct",
    "documents",
    "document_download",
    "caseload",
    "cover",
    "case_detail",
    "person_detail",
    "search",
    "radar_person",
    "radar_propose",
    "service_detail",
    "service_handover",
    "service_propose_close",
    "service_approve_close",
    "service_reject_close",
    "record_evaluation",
    "service_survey_invite",
    "agree_condition",
    "score_conditions",
    "extend_term",
    "acute",
    "restraining_order_new",
    "restraining_order_detail",
    "restraining_order_step",
    "crisis_intervention_detail",
    "crisis_intervention_complete",
    "crisis_intervention_handover",
    "hearing_detail",
    "report_information",
    "family_interventions",
]
PAGE_RIGHTS: dict[str, object] = {
    **{f"web:{name}": ANYONE for name in ("home", "login", "login_code", "logout", "survey")},
    **{f"web:{name}": Right.VIEW_CASES for name in _CASE_PAGES},
    "web:dashboard": Right.VIEW_AGGREGATES,
    "web:quality": Right.VIEW_AGGREGATES,
    "web:policy_risk": Right.VIEW_AGGREGATES,
    "web:policy_forecast": Right.VIEW_AGGREGATES,
    "web:policy_capacity": Right.VIEW_AGGREGATES,
    "web:advice_new": Right.REGISTER_ADVICE,
    "web:report_new": Right.REGISTER_REPORT,
    "web:propose_decision": Right.ASSESS_SAFETY,
    "web:approvals": Right.APPROVE,
    "web:radar_queue": Right.APPROVE,
    "web:radar_decide": Right.APPROVE,
    "web:yearplan": PLAN_OWNERS,
    "web:yearplan_entry": PLAN_OWNERS,
    "web:complaints": Right.VIEW_COMPLAINTS,
    "web:complaint_detail": Right.VIEW_COMPLAINTS,
    "web:complaint_new": Right.HANDLE_COMPLAINTS,
    "web:crisis_intervention_new": Right.CRISIS_WORK,
    "web:hearing_new": Right.CRISIS_WORK,
    "web:emergency_access": Right.BREAK_GLASS,
    "web:emergency_review": Right.REVIEW_EMERGENCY_ACCESS,
    "web:emergency_review_decide": Right.REVIEW_EMERGENCY_ACCESS,
    **{
        f"web:{name}": Right.HANDLE_ACCESS_REQUESTS
        for name in (
            "subject_rights_find",
            "subject_rights",
            "subject_rights_access_report",
            "subject_rights_correct",
            "subject_rights_annotate",
            "subject_rights_restrict",
            "subject_rights_lift",
        )
    },
    # API endpoints without a declared `right` (ApiView.right / rights): they find their object
    # through the visibility filter (VIEW_CASES) unless listed here.
    "api:schema": ANYONE,
    "api:docs": ANYONE,
    "api:kpi": (Right.VIEW_AGGREGATES, Right.VIEW_MUNICIPAL_AGGREGATES),
    "api:policy_riskscores": Right.VIEW_AGGREGATES,
    "api:policy_forecast": Right.VIEW_AGGREGATES,
    "api:policy_capacity": Right.VIEW_AGGREGATES,
}


def allowed_roles(route: Route, method: str) -> frozenset[Role]:
    """The roles the matrix lets open `route` with `method`."""
    guard = PAGE_RIGHTS.get(route.name)
    view = getattr(route.callback, "view_class", None)
    if guard is None and view is not None:
        guard = getattr(view, "rights", {}).get(method) or getattr(view, "right", None)
        guard = guard or Right.VIEW_CASES
    if guard is None:
        raise AssertionError(
            f"{route.name}: not in PAGE_RIGHTS of tests/access/urlwalk.py; say which right "
            "opens the page"
        )
    if guard == ANYONE:
        return frozenset(Role)
    if guard == PLAN_OWNERS:
        from meldpunt.yearplan.models import PlanKpi

        owners = PlanKpi.objects.filter(computed_code="").values_list("owner_role", flat=True)
        return frozenset(Role(r) for r in owners) | RIGHTS[Right.MANAGE_SETTINGS]
    rights = guard if isinstance(guard, tuple) else (guard,)
    return frozenset(role for right in rights for role in RIGHTS[right] if role in ROLES)


@dataclass(frozen=True)
class Route:
    path: str  # the pattern with <converters>
    name: str  # namespaced
    args: tuple[str, ...]
    callback: object

    def url(self, values: dict[str, object]) -> str:
        out = "/" + self.path
        for arg in self.args:
            start = out.index("<")
            end = out.index(">", start)
            out = out[:start] + str(values[arg]) + out[end + 1 :]
        return out

    @property
    def api(self) -> bool:
        return self.path.startswith("api/")


def routes() -> list[Route]:
    found: list[Route] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or ""
                if ns in NOT_WALKED:
                    continue
                walk(
                    p.url_patterns,
                    prefix + str(p.pattern),
                    f"{namespace}:{ns}".strip(":") if ns else namespace,
                )
            elif isinstance(p, URLPattern):
                if not isinstance(p.pattern, RoutePattern):
                    raise AssertionError(f"regex URL pattern {p.pattern}: use path()")
                full = prefix + str(p.pattern)
                if full.startswith("beheer/"):
                    continue
                args = tuple(part.split(">")[0].split(":")[-1] for part in full.split("<")[1:])
                name = f"{namespace}:{p.name}".strip(":")
                found.append(Route(full, name, args, p.callback))

    walk(get_resolver().url_patterns, "", "")
    return found


@dataclass
class World:
    """One file with everything on it, people with names that appear nowhere else."""

    user: object = None  # every case role (and complaints officer)
    officer: object = None  # the privacy officer
    ids: dict[str, list[int]] = field(default_factory=dict)
    markers: dict[str, tuple[set[int], set[int]]] = field(default_factory=dict)
    confidential_street: str = "Schuilhofstraat"
    numbers: list[str] = field(default_factory=list)  # report and case numbers of the file
    token: str = ""  # a survey link's token

    def values(self, route: Route, pk: int | None = None) -> dict[str, object]:
        out: dict[str, object] = {}
        for arg in route.args:
            if arg == "pk":
                out[arg] = pk
            elif arg == "step":
                out[arg] = "verlengen"
            elif arg == "token":
                out[arg] = self.token  # a real one-time survey link: shows no personal data
            elif arg == "period":
                out[arg] = "2026-03"  # a year-plan period, no personal data
            elif arg in ARGUMENTS:
                kind = ARGUMENTS[arg]
                if self.ids.get(kind):
                    out[arg] = self.ids[kind][0]
                elif kind in WITHOUT_OBJECT:
                    out[arg] = 999999  # an id no row has: the page must 404
                else:
                    raise AssertionError(
                        f"{route.name}: the world has no {kind} for <{arg}>; build one in "
                        "tests/access/urlwalk.py build_world (or list it in WITHOUT_OBJECT with "
                        "the reason), so the page is walked with a real object"
                    )
            else:
                raise AssertionError(
                    f"{route.name}: URL argument <{arg}> is unknown to tests/access/urlwalk.py; "
                    "add it to ARGUMENTS so the page is walked"
                )
        return out

    def pk_candidates(self) -> list[int]:
        seen: list[int] = []
        for ids in self.ids.values():
            seen += [i for i in ids if i not in seen]
        return seen


ARGUMENTS = {
    "report_id": "report",
    "case_id": "case",
    "person_id": "person",
    "service_id": "service",
    "evaluation_id": "evaluation",
    "term_id": "term",
    "order_id": "order",
    "crisis_id": "crisis",
    "hearing_id": "hearing",
    "advice_id": "advice",
    "complaint_id": "complaint",
    "proposal_id": "radar_proposal",
    "kpi_id": "yearplan_kpi",
    "letter_id": "letter",
    "entry_id": "journal_entry",
    "document_id": "document",
    "access_id": "emergency_access",
}

# Kinds of object the world does not build, each with the reason; their pages are walked with
# an id no row has (they must answer 404). Empty: every page is walked with a real object.
WITHOUT_OBJECT: dict[str, str] = {}


def build_world(make_user) -> World:
    """Every kind of object that a page or endpoint shows, built through the services."""
    from meldpunt.access import emergency
    from meldpunt.acute import services as acute
    from meldpunt.casefile import services as casefile
    from meldpunt.casefile.models import Channel, LetterKind
    from meldpunt.process import services as process
    from meldpunt.process.models import ServiceKind, Term
    from meldpunt.quality.services import invite_for_service
    from meldpunt.radar import services as radar
    from meldpunt.radar.models import ProposalKind
    from meldpunt.reference.models import ViolenceForm
    from meldpunt.yearplan.models import PlanKpi
    from meldpunt.yearplan.services import load_example_plans

    w = World()
    intake, triage, approver = (
        make_user(Role.INTAKE),
        make_user(Role.TRIAGE),
        make_user(Role.APPROVER),
    )
    crisis = make_user(Role.CRISIS_TEAM, Role.TEAM_LEAD)
    w.user = make_user(*CASE_ROLES, Role.COMPLAINTS_OFFICER)
    w.officer = make_user(Role.PRIVACY_OFFICER)
    schiedam = Municipality.objects.get(cbs_code="GM0606")
    report = flow.register(
        intake,
        people=[
            flow.person(
                given_names="Quirijntje",
                surname="Vlasbloem",
                bsn="111222333",
                street=w.confidential_street,
                confidential_address=True,
            ),
            flow.person(role="suspect", given_names="Barend", surname="Knotsenburg"),
        ],
        reporter=ReporterData(
            reporter_type=ReporterType.objects.get(code="politie"), name="Agent Ravensbergh"
        ),
        description="Buren hoorden geschreeuw.",
    )
    flow.decide(report, triage=triage, approver=approver, outcome="onderzoek")
    victim = report.involvements.get(role="victim").person
    suspect = report.involvements.get(role="suspect").person
    investigation = report.services.get()
    now = clock.now()
    # The Onderzoek ends with a hand-over and monitoring starts, with its evaluations; the
    # closed Onderzoek gets a satisfaction survey (its one-time link is walked too).
    case_worker = make_user(Role.CASE_WORKER)
    flow.hand_over(report, by=case_worker, service=investigation)
    form = report.violence_forms.first() or ViolenceForm.objects.first()
    process.propose_service_close(
        service=investigation, by=case_worker, conclusion="Klaar", findings={form.pk: "bevestigd"}
    )
    investigation.refresh_from_db()
    process.approve_service_close(service=investigation, by=approver)
    service = report.services.get(kind=ServiceKind.MONITORING)
    investigation.refresh_from_db()
    _, w.token = invite_for_service(
        service=investigation, by=case_worker, respondent="family", channel="letter"
    )
    # The file around the process: a journal entry, a document and a letter.
    entry = casefile.add_journal_entry(
        case=report.case,
        by=case_worker,
        occurred_at=now - dt.timedelta(hours=2),
        channel=Channel.PHONE,
        participants="moeder",
        note="Moeder gebeld over Pluimgraaf-afspraak",
        report=report,
    )
    document = casefile.upload_document(
        case=report.case,
        by=case_worker,
        title="Verslag Zilverschoon",
        filename="verslag.pdf",
        content=b"%PDF-1.4\n% Zilverschoon\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        report=report,
    )
    letter = casefile.make_letter(
        report=report, kind=LetterKind.INFORM_INVOLVED, by=case_worker, person=victim
    )
    # A merge proposal for the radar's review queue and a year-plan indicator its owner enters.
    proposal = radar.propose(
        kind=ProposalKind.MERGE, person_id=victim.pk, other_id=suspect.pk, probability=0.5
    )
    kpi = PlanKpi.objects.filter(
        pk__in=[k.pk for p in load_example_plans() for k in p.kpis.all()], computed_code=""
    ).first()
    order = acute.register_restraining_order(
        by=crisis,
        municipality=schiedam,
        imposed_at=now - dt.timedelta(hours=1),
        removed_person=suspect,
        staying_behind=[victim],
        street="Woonstraat",
        house_number="1",
        city="Schiedam",
        report=report,
    )
    crisis_intervention = acute.register_crisis_intervention(
        by=crisis,
        municipality=schiedam,
        called_at=now - dt.timedelta(hours=1),
        summary="Escalatie thuis",
        report=report,
    )
    hearing = acute.request_hearing(
        by=crisis,
        municipality=schiedam,
        requested_at=now - dt.timedelta(hours=1),
        person=victim,
        case=report.case,
    )
    from meldpunt.quality.services import register_complaint

    complaint = register_complaint(
        by=make_user(Role.COMPLAINTS_OFFICER),
        received_on=now.date(),
        summary="Niet teruggebeld",
        case=report.case,
    )
    advice = register_advice(
        by=intake,
        received_at=now,
        asker_type=ReporterType.objects.get(code="politie"),
        question="Wat te doen?",
        consent=True,
        asker_name="Vrager Hoogstraaten",
    )
    # An emergency access to the file, taken by the crisis team on the Saturday night before
    # (outside office hours) and long ended: for the privacy officer's review.
    with time_machine.travel(dt.datetime(2026, 2, 28, 23, tzinfo=AMS), tick=False):
        access = emergency.break_glass(
            by=crisis, case_id=report.case_id, reason="Acute melding politie, kind in gevaar"
        )
    w.ids = {
        "report": [report.pk],
        "case": [report.case_id],
        "person": [victim.pk, suspect.pk],
        "service": [service.pk, investigation.pk],
        "evaluation": list(service.evaluations.order_by("moment").values_list("pk", flat=True)),
        # An open term first: only an open term can be extended.
        "term": list(
            Term.objects.filter(report=report)
            .order_by(F("met_on").asc(nulls_first=True), "pk")
            .values_list("pk", flat=True)
        ),
        "order": [order.pk],
        "crisis": [crisis_intervention.pk],
        "hearing": [hearing.pk],
        "advice": [advice.pk],
        "complaint": [complaint.pk],
        "journal_entry": [entry.pk],
        "document": [document.pk],
        "letter": [letter.pk],
        "radar_proposal": [proposal.pk],
        "yearplan_kpi": [kpi.pk],
        "emergency_access": [access.pk],
    }
    case = {report.case_id}
    w.markers = {
        "Pluimgraaf": (set(), case),
        "Zilverschoon": (set(), case),
        "Vlasbloem": ({victim.pk}, case),
        "111222333": ({victim.pk}, case),
        "Knotsenburg": ({suspect.pk}, case),
        "Ravensbergh": (set(), case),
        "Hoogstraaten": (set(), set()),
    }
    w.numbers = [report.number, report.case.number]
    w.advice_id = advice.pk
    return w
