"""Permission tests generated from the roles matrix: for every right, every role tries the
action that right guards; exactly the roles the matrix names may do it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from meldpunt import clock
from meldpunt.access import trail, visibility
from meldpunt.access.roles import RIGHTS, Right, Role
from meldpunt.errors import NotAllowed
from meldpunt.process import services
from meldpunt.process.models import ServiceKind, TermKind
from meldpunt.reference.models import Municipality, ReporterType
from meldpunt.registry.models import Report
from meldpunt.registry.services import ReporterData, register_advice
from tests.factories import PersonDataFactory
from tests.process import flow

# Rights whose guarded action another capability builds; each names where it will be enforced.
PENDING = {
    Right.LINK_OWN_LISTS: (
        "a command without a user: `meldpunt link-file` links only the list it is given and "
        "never queries the register (tests/radar/test_link_file.py)"
    ),
}


class _Rollback(Exception):
    pass


def _tries(probe, world, user) -> bool:
    """Whether `user` may do it: the probe runs and is rolled back, so every role meets the
    same world."""
    outcome = False
    try:
        with transaction.atomic():
            outcome = bool(probe(world, user))
            raise _Rollback
    except _Rollback:
        return outcome
    except NotAllowed:
        return False


def _crisis_work(w, user):
    from meldpunt.acute.services import register_crisis_intervention

    report = w.received
    return register_crisis_intervention(
        by=user, municipality=report.municipality, called_at=clock.now(), summary="Crisis"
    )


def _gather_information(w, user):
    from meldpunt.acute.services import request_information

    return request_information(report=w.received, by=user, source="police", question="Bekend?")


def _view_cases(w, user):
    return Report.objects.visible_to(user).filter(pk=w.received.pk).exists()


def _register_report(w, user):
    return flow.register(user)


def _register_advice(w, user):
    return register_advice(
        by=user,
        received_at=clock.now(),
        asker_type=ReporterType.objects.get(code="politie"),
        question="Wat te doen?",
    )


def _assess(w, user):
    return services.start_assessment(report=w.received, by=user)


def _approve(w, user):
    return services.approve_triage_decision(report=w.proposed, by=user)


def _work_service(w, user):
    from meldpunt.casefile.services import agree_safety_condition

    return agree_safety_condition(
        service=w.service, by=user, description="Geen geweld", responsible="Ouders", agreed_on=w.day
    )


def _extend(w, user):
    term = w.received.terms.get(kind=TermKind.TRIAGE)
    return services.extend_term(term=term, by=user, until=term.due_on + dt.timedelta(7), reason="r")


def _inform(w, user):
    return services.inform(report=w.decided, by=user, kind=TermKind.INFORM_INVOLVED, on=w.day)


def _assign(w, user):
    from meldpunt.teams.services import assign

    return assign(report=w.received, by=user, to_user=w.colleague)


def _aggregates(w, user):
    from meldpunt.insight.scope import audience_for

    return audience_for(user).municipality is None


def _municipal(w, user):
    from meldpunt.insight.scope import audience_for

    return audience_for(user).municipality is not None


def _complaints(w, user):
    from meldpunt.quality.services import register_complaint

    return register_complaint(by=user, received_on=w.day, summary="Niet teruggebeld")


def _view_complaints(w, user):
    from meldpunt.quality.models import Complaint
    from meldpunt.quality.services import register_complaint

    register_complaint(by=w.users[Role.COMPLAINTS_OFFICER], received_on=w.day, summary="x")
    return Complaint.objects.visible_to(user).exists()


def _audit(w, user):
    return trail.search(by=user, query=trail.TrailQuery()) is not None


def _manage_users(w, user):
    from meldpunt.access.services import set_roles

    return set_roles(by=user, user=w.colleague, roles=[Role.TRIAGE])


def _manage_settings(w, user):
    from meldpunt.access.services import update_access_settings

    return update_access_settings(by=user, emergency_access_hours=6)


def _anonymous_reporter(w, user):
    return visibility.may_see_reporter(user, w.anonymous.reporter)


def _confidential_address(w, user):
    person = w.anonymous.involvements.get().person
    return visibility.may_see_address(user, person)


def _break_glass(w, user):
    from meldpunt.access import emergency

    return emergency.break_glass(by=user, case_id=w.received.case_id, reason="Acuut gevaar kind")


def _review_emergency(w, user):
    from meldpunt.access import emergency

    return emergency.to_review(by=user) is not None


def _purge(w, user):
    from meldpunt.access import retention

    return retention.purge(by=user, dry_run=True)


def _access_request(w, user):
    from meldpunt.access import subject_rights

    person = w.received.involvements.first().person
    return subject_rights.access_report(by=user, person=person)


def _pseudonymised(w, user):
    from meldpunt.access import pseudonyms

    return pseudonyms.export_rows(by=user, date_from=w.day, date_to=w.day) is not None


def _police_intake(w, user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    answer = client.post("/api/v1/intake/police/", {}, content_type="application/json")
    return answer.status_code != 403


PROBES = {
    Right.VIEW_CASES: _view_cases,
    Right.VIEW_ANONYMOUS_REPORTER: _anonymous_reporter,
    Right.VIEW_CONFIDENTIAL_ADDRESS: _confidential_address,
    Right.REGISTER_ADVICE: _register_advice,
    Right.REGISTER_REPORT: _register_report,
    Right.ASSESS_SAFETY: _assess,
    Right.APPROVE: _approve,
    Right.WORK_SERVICE: _work_service,
    Right.EXTEND_TERM: _extend,
    Right.INFORM: _inform,
    Right.ASSIGN: _assign,
    Right.VIEW_AGGREGATES: _aggregates,
    Right.VIEW_MUNICIPAL_AGGREGATES: _municipal,
    Right.HANDLE_COMPLAINTS: _complaints,
    Right.VIEW_COMPLAINTS: _view_complaints,
    Right.VIEW_AUDIT: _audit,
    Right.MANAGE_USERS: _manage_users,
    Right.MANAGE_SETTINGS: _manage_settings,
    Right.BREAK_GLASS: _break_glass,
    Right.REVIEW_EMERGENCY_ACCESS: _review_emergency,
    Right.MANAGE_RETENTION: _purge,
    Right.HANDLE_ACCESS_REQUESTS: _access_request,
    Right.EXPORT_PSEUDONYMISED: _pseudonymised,
    Right.CRISIS_WORK: _crisis_work,
    Right.GATHER_INFORMATION: _gather_information,
    Right.POLICE_INTAKE: _police_intake,
}


class World:
    """Ids of the shared data; every read fetches a fresh row, so a rolled-back probe leaves no
    changed object behind for the next role."""

    def report(self, name: str) -> Report:
        return Report.objects.get(pk=getattr(self, f"{name}_id"))

    received = property(lambda self: self.report("received"))
    proposed = property(lambda self: self.report("proposed"))
    decided = property(lambda self: self.report("decided"))
    anonymous = property(lambda self: self.report("anonymous"))

    @property
    def service(self):
        return self.decided.services.get(kind=ServiceKind.SUPPORT)


@pytest.fixture
def world(make_user, reference, request):
    from meldpunt.insight.models import MunicipalityViewer

    # A Friday night: the crisis team may break the glass (outside office hours).
    request.getfixturevalue("clock").at(2026, 3, 6, 23)
    w = World()
    w.day = clock.today()
    intake, triage, approver = (
        make_user(Role.INTAKE),
        make_user(Role.TRIAGE),
        make_user(Role.APPROVER),
    )
    w.colleague = make_user(Role.CASE_WORKER)
    w.received_id = flow.register(intake).pk
    proposed = flow.register(intake)
    w.proposed_id = proposed.pk
    services.start_assessment(report=proposed, by=triage)
    services.propose_triage_decision(
        report=proposed,
        by=triage,
        acute_unsafety=False,
        structural_unsafety=True,
        assessment_rationale="r",
        outcome="overdracht",
        rationale="r",
    )
    decided = flow.register(intake)
    w.decided_id = decided.pk
    flow.decide(decided, triage=triage, approver=approver, outcome="voorwaarden_vervolg")
    w.anonymous_id = flow.register(
        intake,
        reporter=ReporterData(
            reporter_type=ReporterType.objects.get(code="politie"), name="Buur", anonymous=True
        ),
        people=[PersonDataFactory(confidential_address=True)],
    ).pk
    w.users = {role: make_user(role) for role in Role}
    MunicipalityViewer.objects.create(
        user=w.users[Role.MUNICIPALITY], municipality=Municipality.objects.get(cbs_code="GM0606")
    )
    return w


def test_every_right_has_a_generated_test_or_names_who_builds_it():
    assert set(PROBES) | set(PENDING) == set(Right)
    assert not set(PROBES) & set(PENDING)


def test_every_right_is_granted_to_exactly_the_roles_of_the_matrix(world):
    wrong = []
    for right, probe in PROBES.items():
        for role, user in world.users.items():
            expected = role in RIGHTS[right]
            if _tries(probe, world, user) != expected:
                wrong.append(f"{right} / {role}: matrix says {'yes' if expected else 'no'}")
    assert not wrong, "\n".join(wrong)
