import datetime as dt

import pytest

from meldpunt.access import emergency
from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.registry.models import Case, Report
from tests.process import flow


@pytest.fixture
def crisis(make_user):
    return make_user(Role.CRISIS_TEAM)


@pytest.fixture
def shielded(intake, make_user, reference):
    report = flow.register(intake)
    case = report.case
    case.shielded = True
    case.save(update_fields=["shielded"])
    case.shielded_for.add(make_user(Role.TEAM_LEAD))
    return report


def test_a_shielded_file_cannot_be_found_by_the_crisis_team_without_breaking_the_glass(
    crisis, shielded
):
    assert not Report.objects.visible_to(crisis).filter(pk=shielded.pk).exists()
    assert not Case.objects.visible_to(crisis).exists()


def test_breaking_the_glass_opens_the_file_for_a_limited_time_and_is_audited(
    crisis, shielded, clock
):
    clock.at(2026, 3, 6, 23)  # Friday night
    access = emergency.break_glass(
        by=crisis, case_id=shielded.case_id, reason="Acute melding politie, kind in gevaar"
    )
    assert Report.objects.visible_to(crisis).filter(pk=shielded.pk).exists()
    entry = AuditEntry.objects.get(event="emergency.opened")
    assert AuditEntry.ids(entry.case_ids) == [shielded.case_id] and entry.details["shielded"]
    assert access.review_due_on == dt.date(2026, 3, 9)  # the next working day: Monday
    clock.at(2026, 3, 7, 11, 1)  # twelve hours later
    assert not Report.objects.visible_to(crisis).filter(pk=shielded.pk).exists()


def test_breaking_the_glass_needs_a_reason_and_the_crisis_role(crisis, make_user, shielded):
    with pytest.raises(DomainError):
        emergency.break_glass(by=crisis, case_id=shielded.case_id, reason="nood")
    with pytest.raises(NotAllowed):
        emergency.break_glass(
            by=make_user(Role.TRIAGE), case_id=shielded.case_id, reason="Acute situatie thuis"
        )


def test_the_privacy_officer_reviews_each_emergency_access_once(crisis, shielded, make_user):
    officer = make_user(Role.PRIVACY_OFFICER)
    access = emergency.break_glass(by=crisis, case_id=shielded.case_id, reason="Acute situatie")
    assert list(emergency.to_review(by=officer)) == [access]
    with pytest.raises(DomainError):
        emergency.review(by=officer, access=access, justified=False)
    emergency.review(by=officer, access=access, justified=True)
    assert list(emergency.to_review(by=officer)) == []
    with pytest.raises(DomainError):
        emergency.review(by=officer, access=access, justified=True)
    with pytest.raises(NotAllowed):
        emergency.to_review(by=crisis)
