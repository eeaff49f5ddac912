"""A report that leaves the organisation is counted once, by the right organisation: the region
it is transferred to counts it as its own report (reporter group "Veilig Thuis andere regio");
the sending organisation counts it only as sent on."""

from meldpunt.insight import kpis
from meldpunt.insight.cbs_delivery import delivery
from meldpunt.insight.periods import Period
from meldpunt.process import services
from meldpunt.reference.models import ReporterType
from meldpunt.registry.models import ReportSource
from meldpunt.registry.services import ReporterData
from tests.process import flow

MARCH = Period.month(2026, 3)


def _ind(data, code):
    return next(i for i in data["indicators"] if i["code"] == code)


def _cells(indicator, dim):
    return {c["key"]: c["value"] for c in indicator["breakdown"][dim]}


def test_a_transferred_report_is_counted_once_by_the_right_organisation(
    intake, triage, clock, reference
):
    clock.at(2026, 3, 2, 10)
    flow.register(intake)
    leaving = flow.register(intake)
    returned = flow.register(intake, source=ReportSource.POLICE, police_reference="PL-1")
    other_region = ReporterType.objects.get(code="vt-andere-regio")
    flow.register(intake, reporter=ReporterData(reporter_type=other_region))
    clock.at(2026, 3, 3, 10)
    services.transfer_to_region(
        report=leaving, by=triage, to_organisation="VT Utrecht", reason="Gezin woont in Utrecht"
    )
    services.return_to_police(report=returned, by=triage, reason="Geen huiselijk geweld")
    clock.at(2026, 4, 1, 10)

    data = kpis.compute(period=MARCH).as_dict()
    reports = _ind(data, "reports")
    assert reports["value"] == 2  # ours and the one another region sent us
    assert _cells(reports, "melder")["vt_andere_regio"] == 1
    routed = _ind(data, "routed_reports")
    assert routed["value"] == 2
    assert _cells(routed, "soort") == {"transfer": 1, "return_to_police": 1}

    cbs = {(line.table, line.category): line.count for line in delivery(MARCH)}
    assert cbs[("meldingen", "totaal")] == 2


def test_a_report_transferred_after_the_period_still_counts_in_that_period(
    intake, triage, clock, reference
):
    clock.at(2026, 3, 31, 10)
    report = flow.register(intake)
    clock.at(2026, 4, 1, 10)
    services.transfer_to_region(
        report=report, by=triage, to_organisation="VT Utrecht", reason="Verhuisd"
    )
    march = kpis.compute(period=MARCH).as_dict()
    april = kpis.compute(period=Period.month(2026, 4)).as_dict()
    assert _ind(march, "reports")["value"] == 1  # March was closed before it left
    assert _ind(march, "routed_reports")["value"] == 0
    assert _ind(april, "reports")["value"] == 0
    assert _ind(april, "routed_reports")["value"] == 1
