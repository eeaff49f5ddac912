from pathlib import Path

import pytest

from meldpunt.access.models import User
from meldpunt.access.roles import (
    RIGHTS,
    ROLES,
    ApproverPolicy,
    Qualification,
    Right,
    Role,
    effective_roles,
    needs_two_factor,
    rights_of,
)
from meldpunt.access.services import set_roles, update_access_settings
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.process import services
from tests.process import flow

ROOT = Path(__file__).resolve().parents[2]


def test_docs_security_md_is_generated_from_the_roles_matrix():
    from meldpunt.access.securitydoc import render

    assert (ROOT / "docs" / "security.md").read_text(encoding="utf-8") == render(), (
        "docs/security.md is stale: run `meldpunt securitydoc`"
    )


def test_every_role_is_described_and_every_right_names_its_roles():
    assert set(ROLES) == set(Role)
    assert set(RIGHTS) == set(Right)


def test_no_role_outside_case_work_sees_case_content():
    for role in (Role.MANAGER, Role.MUNICIPALITY, Role.HR_ADVISER, Role.ADMIN, Role.ANALYST):
        assert Right.VIEW_CASES not in rights_of([role]), role
    assert Right.VIEW_CASES not in rights_of([Role.PRIVACY_OFFICER])
    assert rights_of([Role.SYSTEM]) == {Right.POLICE_INTAKE}


def test_two_factor_is_required_exactly_for_roles_that_see_personal_data():
    assert needs_two_factor([Role.INTAKE])
    assert needs_two_factor([Role.PRIVACY_OFFICER])
    assert not needs_two_factor([Role.MUNICIPALITY])
    assert needs_two_factor([Role.MANAGER, Role.TRIAGE])


def test_under_the_specialists_policy_only_behavioural_scientists_and_doctors_approve():
    granted = [Role.APPROVER, Role.CASE_WORKER]
    senior = effective_roles(granted, qualification="senior", policy="senior")
    assert Role.APPROVER in senior
    limited = effective_roles(granted, qualification="senior", policy="specialists")
    assert limited == {Role.CASE_WORKER}
    doctor = effective_roles(granted, qualification="vertrouwensarts", policy="specialists")
    assert Role.APPROVER in doctor


def test_an_approver_who_is_no_specialist_cannot_approve_once_the_organisation_says_so(
    intake, triage, make_user, admin, reference
):
    senior = make_user(Role.APPROVER)
    scientist = make_user(Role.APPROVER, qualification=Qualification.BEHAVIOURAL_SCIENTIST)
    update_access_settings(by=admin, approver_policy=ApproverPolicy.SPECIALISTS)
    report = flow.register(intake)
    services.start_assessment(report=report, by=triage)
    services.propose_triage_decision(
        report=report,
        by=triage,
        acute_unsafety=False,
        structural_unsafety=True,
        assessment_rationale="r",
        outcome="overdracht",
        rationale="r",
    )
    with pytest.raises(NotAllowed):
        services.approve_triage_decision(report=report, by=User.objects.get(pk=senior.pk))
    decision = services.approve_triage_decision(report=report, by=User.objects.get(pk=scientist.pk))
    assert decision.status == "approved"


def test_only_the_functional_administrator_sets_roles_and_it_is_audited(admin, make_user, db):
    from meldpunt.access.models import AuditEntry

    target = make_user(Role.INTAKE)
    with pytest.raises(NotAllowed):
        set_roles(by=make_user(Role.TEAM_LEAD), user=target, roles=[Role.TEAM_LEAD])
    set_roles(by=admin, user=target, roles=[Role.TRIAGE], qualification="senior")
    assert User.objects.get(pk=target.pk).roles == {Role.TRIAGE}
    entry = AuditEntry.objects.get(event="user.roles_set")
    assert entry.subject_id == target.pk and entry.details["roles"] == ["triage"]
    with pytest.raises(DomainError):
        set_roles(by=admin, user=target, roles=[], qualification="astroloog")


def test_access_settings_are_validated(admin, db):
    with pytest.raises(DomainError):
        update_access_settings(by=admin, retention_years=0)
    with pytest.raises(DomainError):
        update_access_settings(by=admin, approver_policy="everyone")
