import datetime as dt
import zoneinfo

import pytest

from meldpunt.access.models import AuditEntry
from meldpunt.acute import selectors, services
from meldpunt.acute.models import Advice, Aftermath, EndReason, OrderTransition, RestrainingOrder
from meldpunt.acute.states import OrderStatus
from meldpunt.errors import ConcurrentChange, DomainError, NotAllowed
from meldpunt.registry.models import InvolvementRole
from tests.process import flow

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def at(*args):
    return dt.datetime(*args, tzinfo=AMS)


@pytest.fixture
def police_report(clock, intake, schiedam):
    clock.at(2026, 3, 4, 15)
    return flow.register(
        intake,
        municipality=schiedam,
        police_reference="PL1500-2026-123",
        people=[flow.person("suspect"), flow.person("victim"), flow.person("child")],
    )


def _order(report, by, *, imposed_at=None, **kw):
    people = {i.role: i.person for i in report.involvements.select_related("person")}
    return services.register_restraining_order(
        by=by,
        municipality=report.municipality,
        imposed_at=imposed_at or at(2026, 3, 4, 14),
        removed_person=people[InvolvementRole.SUSPECT],
        staying_behind=[people[InvolvementRole.VICTIM], people[InvolvementRole.CHILD]],
        street="Broersvest",
        house_number="12",
        postcode="3111 AA",
        city="Schiedam",
        police_reference=report.police_reference,
        **kw,
    )


def test_an_order_is_linked_to_the_police_report_and_its_case_by_the_police_reference(
    police_report, crisis
):
    order = _order(police_report, crisis)
    assert order.report == police_report
    assert order.case == police_report.case
    assert order.staying_behind.count() == 2
    assert order.ends_at == at(2026, 3, 14, 14)
    assert order.advice_due_at == at(2026, 3, 13, 14)
    assert list(order.history.values_list("action", "to_status")) == [("register", "imposed")]
    assert AuditEntry.objects.filter(
        event="restraining_order.register", subject_id=order.pk
    ).exists()


def test_an_extension_decided_after_day_10_is_refused_and_nothing_changes(
    police_report, crisis, clock
):
    order = _order(police_report, crisis)
    clock.at(2026, 3, 15, 9)
    with pytest.raises(DomainError, match="Verlengen kan alleen vóór het einde van de 10 dagen"):
        services.extend_order(
            order=order, by=crisis, decided_at=at(2026, 3, 15, 9), until=at(2026, 3, 30, 14)
        )
    order.refresh_from_db()
    assert order.status == OrderStatus.IMPOSED
    assert order.ends_at == at(2026, 3, 14, 14)


def test_an_extension_past_28_days_is_refused(police_report, crisis, clock):
    order = _order(police_report, crisis)
    clock.at(2026, 3, 12, 10)
    with pytest.raises(DomainError, match="ten hoogste 28 dagen"):
        services.extend_order(
            order=order, by=crisis, decided_at=at(2026, 3, 12, 10), until=at(2026, 4, 2, 14)
        )


def test_the_whole_order_runs_from_help_and_advice_to_extension_end_and_aftermath(
    police_report, crisis, case_worker, clock
):
    order = _order(police_report, crisis)
    clock.at(2026, 3, 5, 10)
    services.offer_help(
        order=order, by=case_worker, to_removed=True, offered_at=clock.at(2026, 3, 5, 10)
    )
    services.offer_help(
        order=order, by=case_worker, to_removed=False, offered_at=clock.at(2026, 3, 5, 11)
    )
    clock.at(2026, 3, 11, 16)
    services.advise_mayor(
        order=order, by=case_worker, advice=Advice.EXTEND, advised_at=clock.at(2026, 3, 11, 16)
    )
    clock.at(2026, 3, 12, 10)
    services.extend_order(
        order=order, by=crisis, decided_at=at(2026, 3, 12, 10), until=at(2026, 4, 1, 14)
    )
    assert order.status == OrderStatus.EXTENDED
    clock.at(2026, 4, 1, 15)
    services.end_order(
        order=order, by=crisis, ended_at=at(2026, 4, 1, 14), reason=EndReason.EXPIRED
    )
    services.close_order(order=order, by=case_worker, aftermath=Aftermath.SERVICE)
    order.refresh_from_db()
    assert order.status == OrderStatus.CLOSED
    assert order.original_ends_at == at(2026, 3, 14, 14)
    assert order.ends_at == at(2026, 4, 1, 14)
    assert list(order.history.values_list("action", flat=True)) == [
        "register", "offer_help", "offer_help", "advise", "extend", "end", "close"
    ]  # fmt: skip


def test_a_case_worker_may_not_impose_or_extend_an_order(police_report, case_worker):
    with pytest.raises(NotAllowed):
        _order(police_report, case_worker)


def test_a_stale_copy_of_an_order_is_refused_as_a_concurrent_change(police_report, crisis, clock):
    order = _order(police_report, crisis)
    stale = RestrainingOrder.objects.get(pk=order.pk)
    clock.at(2026, 3, 12, 10)
    services.extend_order(
        order=order, by=crisis, decided_at=at(2026, 3, 12, 10), until=at(2026, 3, 20, 14)
    )
    with pytest.raises(ConcurrentChange):
        services.end_order(
            order=stale, by=crisis, ended_at=at(2026, 3, 12, 10), reason=EndReason.LIFTED
        )
    assert OrderTransition.objects.filter(order=order).count() == 2


def test_order_history_is_append_only(police_report, crisis):
    entry = _order(police_report, crisis).history.get()
    with pytest.raises(RuntimeError):
        entry.save()


def test_an_order_on_a_shielded_file_is_hidden_from_others(police_report, crisis, make_user):
    order = _order(police_report, crisis)
    case = police_report.case
    case.shielded = True
    case.save()
    case.shielded_for.add(crisis)
    from meldpunt.access.roles import Role

    other = make_user(Role.CRISIS_TEAM)
    assert list(selectors.restraining_orders_for(crisis)) == [order]
    assert not selectors.restraining_orders_for(other).exists()


def test_the_worklist_shows_the_advice_clock_with_a_warning_in_hours(police_report, crisis, clock):
    _order(police_report, crisis)
    items = selectors.acute_clocks(user=crisis, now=at(2026, 3, 11, 15))
    (item,) = items
    assert item.due_at == at(2026, 3, 13, 14)
    assert item.hours_left == 47
    assert item.warning
    assert not selectors.acute_clocks(user=crisis, now=at(2026, 3, 9, 15))[0].warning


def test_out_of_hours_contributions_are_counted_per_municipality(
    police_report, crisis, clock, schiedam
):
    order = _order(police_report, crisis, imposed_at=at(2026, 3, 4, 2))
    assert order.out_of_hours
    services.record_out_of_hours_contribution(order=order, by=crisis, started_at=at(2026, 3, 4, 2))
    with pytest.raises(DomainError, match="binnen kantoortijd"):
        services.record_out_of_hours_contribution(
            order=order, by=crisis, started_at=at(2026, 3, 4, 11)
        )
    figures = selectors.figures(user=crisis, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    orders = figures["restraining_orders"]
    assert orders["imposed"] == 1
    assert orders["out_of_hours_contributions"] == 1
    assert orders["per_municipality"] == {schiedam.cbs_code: {"n": 1, "extended": 0}}


def test_an_order_registered_before_its_police_report_is_linked_when_the_report_arrives(
    clock, intake, crisis, schiedam
):
    clock.at(2026, 3, 2, 10)
    earlier = flow.register(
        intake,
        municipality=schiedam,
        people=[flow.person("suspect"), flow.person("victim")],
    )
    people = {i.role: i.person for i in earlier.involvements.select_related("person")}
    clock.at(2026, 3, 4, 23)
    order = services.register_restraining_order(
        by=crisis,
        municipality=schiedam,
        imposed_at=at(2026, 3, 4, 22),
        removed_person=people[InvolvementRole.SUSPECT],
        staying_behind=[people[InvolvementRole.VICTIM]],
        street="Broersvest",
        house_number="12",
        city="Schiedam",
        police_reference="PL1500-2026-999",
    )
    assert order.report is None

    clock.at(2026, 3, 5, 9)
    police = flow.register(
        intake,
        municipality=schiedam,
        police_reference="PL1500-2026-999",
        people=[flow.person("suspect"), flow.person("victim")],
    )
    order.refresh_from_db()
    assert order.report == police
    assert order.case_id is not None
    assert AuditEntry.objects.filter(
        event="restraining_order.linked_to_report", subject_id=order.pk
    ).exists()
