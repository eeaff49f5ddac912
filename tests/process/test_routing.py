import pytest

from meldpunt.errors import DomainError, NotAllowed
from meldpunt.process import services
from meldpunt.process.models import Routing, Term
from meldpunt.process.selectors import worklist
from meldpunt.registry.models import ReportSource, ReportStatus
from tests.process import flow


def test_a_report_for_another_region_is_transferred_and_leaves_the_worklist(
    intake, triage, reference
):
    report = flow.register(intake)
    services.transfer_to_region(
        report=report,
        by=triage,
        to_organisation="Veilig Thuis Utrecht",
        reason="Gezin woont in Utrecht",
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.TRANSFERRED
    assert report.routing.to_organisation == "Veilig Thuis Utrecht"
    assert list(worklist(user=triage)) == []
    term = Term.objects.get(report=report)
    assert term.cancelled and term.met_on is not None


def test_a_transfer_needs_a_destination_and_a_reason(intake, triage, reference):
    report = flow.register(intake)
    with pytest.raises(DomainError, match="welke Veilig Thuis"):
        services.transfer_to_region(report=report, by=triage, to_organisation=" ", reason="x")
    with pytest.raises(DomainError, match="reden"):
        services.transfer_to_region(
            report=report, by=triage, to_organisation="VT Utrecht", reason=""
        )
    assert not Routing.objects.exists()


def test_only_a_police_report_can_be_returned_to_the_police(intake, triage, reference):
    citizen_report = flow.register(intake)
    with pytest.raises(DomainError, match="politiemelding"):
        services.return_to_police(report=citizen_report, by=triage, reason="Niet voor VT")
    police_report = flow.register(intake, source=ReportSource.POLICE, police_reference="PL-1")
    services.return_to_police(report=police_report, by=triage, reason="Burenruzie, geen HGKM")
    police_report.refresh_from_db()
    assert police_report.status == ReportStatus.RETURNED


def test_a_decided_report_can_no_longer_be_transferred(
    intake, triage, approver, make_user, reference
):
    from meldpunt.access.roles import Role

    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver)
    report.refresh_from_db()
    with pytest.raises(DomainError, match="Triagebesluit genomen"):
        services.transfer_to_region(
            report=report, by=triage, to_organisation="VT Utrecht", reason="x"
        )
    with pytest.raises(NotAllowed):
        services.transfer_to_region(
            report=flow.register(intake),
            by=make_user(Role.CASE_WORKER),
            to_organisation="VT Utrecht",
            reason="x",
        )
