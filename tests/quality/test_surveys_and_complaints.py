import datetime as dt

import pytest
from django.core import mail

from meldpunt.access.roles import Role
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.process import services as process
from meldpunt.process.models import ServiceKind
from meldpunt.quality import selectors, services
from meldpunt.quality.models import Complaint
from meldpunt.reference.models import ViolenceForm
from meldpunt.yearplan import services as yearplan
from meldpunt.yearplan.selectors import plan_table
from tests.process import flow


@pytest.fixture
def closed_service(intake, triage, approver, case_worker, clock, reference):
    clock.at(2026, 3, 2, 10)
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver, outcome="onderzoek")
    service = report.services.get(kind=ServiceKind.INVESTIGATION)
    flow.hand_over(report, by=case_worker, service=service)
    form = ViolenceForm.objects.get(code="partnergeweld")
    process.propose_service_close(
        service=service, by=case_worker, conclusion="x", findings={form.pk: "bevestigd"}
    )
    service.refresh_from_db()
    process.approve_service_close(service=service, by=approver)
    service.refresh_from_db()
    return service


def test_a_survey_link_works_once(closed_service, case_worker):
    _, token = services.invite_for_service(
        service=closed_service,
        by=case_worker,
        respondent="family",
        channel="email",
        email="ouder@example.nl",
    )
    assert token in mail.outbox[0].body
    services.answer_survey(token=token, score_service=8, score_treatment=9, comment="Fijn")
    with pytest.raises(DomainError, match="niet \\(meer\\) geldig"):
        services.answer_survey(token=token, score_service=1, score_treatment=1)


def test_an_expired_or_unknown_link_says_the_same_and_reveals_nothing(
    closed_service, case_worker, clock
):
    _, token = services.invite_for_service(
        service=closed_service, by=case_worker, respondent="reporter", channel="letter"
    )
    clock.at(2026, 5, 1, 10)
    with pytest.raises(DomainError) as expired:
        services.open_invitation(token)
    with pytest.raises(DomainError) as unknown:
        services.open_invitation("bestaat-niet")
    assert expired.value.message == unknown.value.message == "Deze link is niet (meer) geldig."


def test_a_survey_only_follows_a_closed_service_and_scores_are_one_to_ten(
    closed_service, case_worker, intake, triage, approver
):
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver, outcome="voorwaarden_vervolg")
    with pytest.raises(DomainError, match="na het afsluiten"):
        services.invite_for_service(
            service=report.services.get(), by=case_worker, respondent="family", channel="letter"
        )
    _, token = services.invite_for_service(
        service=closed_service, by=case_worker, respondent="family", channel="letter"
    )
    with pytest.raises(DomainError, match="1 tot en met 10"):
        services.answer_survey(token=token, score_service=11, score_treatment=5)
    services.answer_survey(token=token, score_service=6, score_treatment=5)


def test_satisfaction_reports_response_rate_and_average(closed_service, case_worker):
    tokens = [
        services.invite_for_service(
            service=closed_service, by=case_worker, respondent="family", channel="letter"
        )[1]
        for _ in range(4)
    ]
    services.answer_survey(token=tokens[0], score_service=8, score_treatment=8)
    services.answer_survey(token=tokens[1], score_service=6, score_treatment=7)
    figures = selectors.satisfaction(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (figures["sent"], figures["answered"], figures["average"]) == (4, 2, 7.0)
    assert figures["response_rate"] == 50.0
    by_kind = selectors.satisfaction(
        dt.date(2026, 1, 1), dt.date(2026, 12, 31), group_by="service__kind"
    )
    assert [(r["service__kind"], r["answered"]) for r in by_kind] == [("onderzoek", 2)]


def test_the_complaints_kpi_counts_committee_cases_per_half_year(make_user, clock, db):
    officer = make_user(Role.COMPLAINTS_OFFICER)
    clock.at(2026, 8, 1, 10)
    for committee_on in (dt.date(2026, 6, 30), dt.date(2026, 7, 1), dt.date(2026, 7, 2)):
        c = services.register_complaint(by=officer, received_on=dt.date(2026, 1, 5), summary="x")
        services.advance_complaint(complaint=c, by=officer, stage="committee", on=committee_on)
    internal = services.register_complaint(by=officer, received_on=dt.date(2026, 2, 1), summary="y")
    services.advance_complaint(
        complaint=internal, by=officer, stage="internal", on=dt.date(2026, 3, 1)
    )
    assert selectors.external_complaints(dt.date(2026, 1, 1), dt.date(2026, 6, 30)) == 1
    assert selectors.external_complaints(dt.date(2026, 7, 1), dt.date(2026, 12, 31)) == 2
    assert selectors.external_complaints(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == 3


def test_the_year_plan_shows_complaints_against_their_norm(make_user, clock, db):
    plan = next(p for p in yearplan.load_example_plans() if "Rotterdam" in p.organisation)
    officer = make_user(Role.COMPLAINTS_OFFICER)
    clock.at(2020, 12, 20, 10)
    for i in range(6):
        c = services.register_complaint(by=officer, received_on=dt.date(2020, 1, 6), summary="x")
        services.advance_complaint(
            complaint=c, by=officer, stage="committee", on=dt.date(2020, 2 + i, 1)
        )
    row = next(
        r
        for r in plan_table(plan=plan, period="2020", viewer=officer)
        if r.kpi.computed_code == "external_complaints"
    )
    assert (row.value, row.status) == (6, "off_track")


def test_complaints_are_visible_to_the_complaints_officer_and_management_only(make_user, clock, db):
    officer = make_user(Role.COMPLAINTS_OFFICER)
    services.register_complaint(by=officer, received_on=dt.date(2026, 1, 5), summary="x")
    assert Complaint.objects.visible_to(make_user(Role.MANAGER)).count() == 1
    assert not Complaint.objects.visible_to(make_user(Role.TRIAGE)).exists()
    with pytest.raises(NotAllowed):
        services.register_complaint(
            by=make_user(Role.TRIAGE), received_on=dt.date(2026, 1, 5), summary="x"
        )


def test_a_complaint_cannot_go_backwards_or_be_decided_without_a_verdict(make_user, db):
    officer = make_user(Role.COMPLAINTS_OFFICER)
    c = services.register_complaint(by=officer, received_on=dt.date(2026, 1, 5), summary="x")
    services.advance_complaint(complaint=c, by=officer, stage="committee", on=dt.date(2026, 2, 1))
    with pytest.raises(DomainError, match="kan niet naar"):
        services.advance_complaint(
            complaint=c, by=officer, stage="internal", on=dt.date(2026, 2, 2)
        )
    with pytest.raises(DomainError, match="gegrond"):
        services.advance_complaint(complaint=c, by=officer, stage="decided", on=dt.date(2026, 3, 1))
