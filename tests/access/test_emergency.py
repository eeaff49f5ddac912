import datetime as dt

import pytest

from meldpunt import clock as the_clock
from meldpunt.access import emergency
from meldpunt.access.models import AuditEntry, EmergencyAccess
from meldpunt.access.roles import Role
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.registry.models import Case, Report


@pytest.fixture
def shielded(shielded_report):
    return shielded_report


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


def test_the_privacy_officer_reviews_each_emergency_access_once(crisis, shielded, make_user, clock):
    clock.at(2026, 3, 7, 3)  # a Saturday night
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


def test_breaking_the_glass_is_refused_within_office_hours(crisis, shielded, clock):
    clock.at(2026, 3, 4, 10)  # a Wednesday morning
    with pytest.raises(DomainError, match="alleen mogelijk buiten kantoortijd"):
        emergency.break_glass(by=crisis, case_id=shielded.case_id, reason="Acute situatie thuis")
    assert not EmergencyAccess.objects.exists()


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        ((2026, 3, 4, 7, 59), True),
        ((2026, 3, 4, 8, 0), False),
        ((2026, 3, 4, 16, 59), False),
        ((2026, 3, 4, 17, 0), True),
        ((2026, 3, 7, 12, 0), True),  # Saturday
        ((2026, 4, 27, 10, 0), True),  # King's Day, a Monday: a public holiday
        ((2026, 5, 14, 10, 0), True),  # Ascension Day
    ],
)
def test_office_hours_are_working_days_from_eight_to_five(crisis, shielded, clock, moment, allowed):
    clock.at(*moment)
    assert (emergency.office_hours_refusal(the_clock.now()) is None) is allowed


def test_a_public_holiday_is_outside_office_hours_so_the_glass_can_be_broken(
    crisis, shielded, clock
):
    clock.at(2026, 12, 25, 11)  # Christmas Day, a Friday
    access = emergency.break_glass(
        by=crisis, case_id=shielded.case_id, reason="Acute situatie thuis, politie ter plaatse"
    )
    assert access.review_due_on == dt.date(2026, 12, 28)  # Boxing Day is a holiday too


def test_office_hours_are_the_organisations_own_setting(crisis, shielded, clock):
    from meldpunt.reference.services import organisation_settings

    org = organisation_settings()
    org.office_opens, org.office_closes = dt.time(7), dt.time(22)
    org.save()
    clock.at(2026, 3, 4, 21)
    with pytest.raises(DomainError, match=r"werkdagen 07:00-22:00"):
        emergency.break_glass(by=crisis, case_id=shielded.case_id, reason="Acute situatie thuis")
    clock.at(2026, 3, 4, 22, 30)
    emergency.break_glass(by=crisis, case_id=shielded.case_id, reason="Acute situatie thuis")


def test_office_hours_end_after_they_begin(reference):
    from django.core.exceptions import ValidationError

    from meldpunt.reference.models import OrganisationSettings

    with pytest.raises(ValidationError, match="na het begin"):
        OrganisationSettings(office_opens=dt.time(17), office_closes=dt.time(8)).full_clean()
