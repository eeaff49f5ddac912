import datetime as dt
import zoneinfo

from meldpunt.access import retention
from meldpunt.access.roles import Role
from meldpunt.acute import services
from meldpunt.acute.models import CrisisIntervention, Hearing, RestrainingOrder
from tests.access.test_retention import SECRETS, _closed_file, _rows_left_of

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def test_a_destroyed_file_takes_its_orders_crisis_work_and_requests_with_it(
    clock, intake, triage, approver, case_worker, reference, make_user
):
    crisis = make_user(Role.CRISIS_TEAM)
    report = _closed_file(clock, intake, triage, approver, case_worker)
    people = {i.role: i.person for i in report.involvements.select_related("person")}
    clock.at(2004, 3, 4, 12)
    moment = dt.datetime(2004, 3, 4, 2, tzinfo=AMS)
    order = services.register_restraining_order(
        by=crisis,
        municipality=report.municipality,
        imposed_at=moment,
        removed_person=people["suspect"],
        staying_behind=[people["victim"]],
        street="Kwetsbaarlaan",
        house_number="1",
        city="Schiedam",
        report=report,
    )
    services.record_out_of_hours_contribution(order=order, by=crisis, started_at=moment)
    services.register_crisis_intervention(
        by=crisis, municipality=report.municipality, called_at=moment, summary="x", report=report
    )
    services.request_hearing(
        by=crisis, municipality=report.municipality, requested_at=moment, person=people["victim"]
    )
    services.request_information(report=report, by=triage, source="police", question="?")
    services.start_family_intervention(
        case=report.case,
        by=triage,
        kind="aware",
        started_on=dt.date(2004, 3, 4),
        lead_organisation="Politie",
    )
    ids = retention.ids_to_purge([report.case_id])
    clock.at(2025, 1, 6, 9)
    result = retention.purge()
    assert result.cases == 1
    assert _rows_left_of(ids, SECRETS) == []
    assert not RestrainingOrder.objects.exists()
    assert not CrisisIntervention.objects.exists()
    assert not Hearing.objects.exists()
