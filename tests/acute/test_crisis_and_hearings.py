import datetime as dt
import zoneinfo

import pytest

from meldpunt.access.models import AuditEntry
from meldpunt.acute import selectors, services
from meldpunt.acute.models import CrisisOutcome
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.reference.models import HandoverDestination

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def at(*args):
    return dt.datetime(*args, tzinfo=AMS)


@pytest.fixture
def local_team(reference):
    return HandoverDestination.objects.get(code="lokale-veld")


def test_a_crisis_intervention_at_night_is_registered_short_and_completed_the_next_day(
    crisis, clock, schiedam
):
    clock.at(2026, 3, 4, 23, 40)
    ci = services.register_crisis_intervention(
        by=crisis, municipality=schiedam, called_at=at(2026, 3, 4, 23, 30), summary="Ruzie, kind"
    )
    assert ci.out_of_hours
    assert not ci.is_complete
    assert list(ci.responders.all()) == [crisis]
    clock.at(2026, 3, 5, 10)
    services.complete_crisis_intervention(
        intervention=ci,
        by=crisis,
        on_site_at=at(2026, 3, 5, 0, 10),
        outcome=CrisisOutcome.SAFETY_PLAN,
    )
    ci.refresh_from_db()
    assert ci.is_complete
    assert ci.on_site_at == at(2026, 3, 5, 0, 10)


def test_on_site_before_the_call_is_refused(crisis, clock, schiedam):
    clock.at(2026, 3, 4, 23, 40)
    ci = services.register_crisis_intervention(
        by=crisis, municipality=schiedam, called_at=at(2026, 3, 4, 23, 30), summary="Ruzie"
    )
    with pytest.raises(DomainError, match="ligt vóór 04-03-2026 23:30"):
        services.complete_crisis_intervention(
            intervention=ci, by=crisis, on_site_at=at(2026, 3, 4, 23), outcome="no_action"
        )


def test_the_hand_over_within_48_hours_is_measured(crisis, clock, schiedam, local_team):
    clock.at(2026, 3, 9, 12)
    quick = services.register_crisis_intervention(
        by=crisis, municipality=schiedam, called_at=at(2026, 3, 4, 22), summary="A"
    )
    late = services.register_crisis_intervention(
        by=crisis, municipality=schiedam, called_at=at(2026, 3, 4, 22), summary="B"
    )
    services.hand_over_crisis(
        intervention=quick, by=crisis, handed_over_at=at(2026, 3, 6, 22), destination=local_team
    )
    services.hand_over_crisis(
        intervention=late, by=crisis, handed_over_at=at(2026, 3, 6, 22, 1), destination=local_team
    )
    assert quick.handed_over_in_time is True
    assert late.handed_over_in_time is False
    figures = selectors.figures(user=crisis, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    crises = figures["crisis_interventions"]
    assert (crises["total"], crises["handed_over_in_48h"]) == (2, 1)
    assert crises["handed_over_in_48h_share"] == 50.0
    assert AuditEntry.objects.filter(event="crisis_intervention.handed_over").count() == 2


def test_an_open_crisis_hand_over_is_on_the_worklist_with_its_hours(crisis, clock, schiedam):
    clock.at(2026, 3, 5, 9)
    services.register_crisis_intervention(
        by=crisis, municipality=schiedam, called_at=at(2026, 3, 4, 22), summary="A"
    )
    (item,) = selectors.acute_clocks(user=crisis, now=at(2026, 3, 6, 12))
    assert item.hours_left == 10
    assert item.warning and not item.overdue


def test_only_the_crisis_team_registers_crisis_interventions(case_worker, clock, schiedam):
    clock.at(2026, 3, 5, 9)
    with pytest.raises(NotAllowed):
        services.register_crisis_intervention(
            by=case_worker, municipality=schiedam, called_at=at(2026, 3, 5, 8), summary="A"
        )


def test_hearings_are_counted_per_municipality(crisis, clock, schiedam, rotterdam):
    clock.at(2026, 3, 10, 12)
    heard = services.request_hearing(
        by=crisis, municipality=schiedam, requested_at=at(2026, 3, 9, 20)
    )
    services.record_hearing(
        hearing=heard,
        by=crisis,
        heard_at=at(2026, 3, 9, 22),
        report_sent_at=at(2026, 3, 9, 23),
    )
    not_heard = services.request_hearing(
        by=crisis, municipality=rotterdam, requested_at=at(2026, 3, 10, 1)
    )
    services.record_hearing(hearing=not_heard, by=crisis, not_heard_reason="Niet aanspreekbaar")
    hearings = selectors.figures(user=crisis, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))[
        "hearings"
    ]
    assert (hearings["requested"], hearings["heard"], hearings["not_heard"]) == (2, 1, 1)
    assert hearings["per_municipality"] == {
        schiedam.cbs_code: {"n": 1},
        rotterdam.cbs_code: {"n": 1},
    }


def test_a_hearing_needs_the_moment_or_the_reason_it_did_not_happen(crisis, clock, schiedam):
    clock.at(2026, 3, 10, 12)
    hearing = services.request_hearing(
        by=crisis, municipality=schiedam, requested_at=at(2026, 3, 9, 20)
    )
    with pytest.raises(DomainError, match="niet beide"):
        services.record_hearing(hearing=hearing, by=crisis)


def test_out_of_hours_follows_the_organisations_office_hours(crisis, clock, schiedam):
    """One definition of office hours: the setting that also limits emergency access."""
    from meldpunt.reference.services import organisation_settings

    clock.at(2026, 3, 4, 9)
    early = services.register_crisis_intervention(
        by=crisis, municipality=schiedam, called_at=at(2026, 3, 4, 8, 30), summary="Ruzie"
    )
    assert not early.out_of_hours  # 08:30 on a Wednesday: within the default 08:00-17:00
    org = organisation_settings()
    org.office_opens = dt.time(9)
    org.save()
    later = services.register_crisis_intervention(
        by=crisis, municipality=schiedam, called_at=at(2026, 3, 4, 8, 30), summary="Ruzie"
    )
    assert later.out_of_hours
