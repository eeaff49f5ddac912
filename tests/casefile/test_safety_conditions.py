import pytest

from meldpunt.access.roles import Role
from meldpunt.casefile import services as casefile
from meldpunt.errors import DomainError
from meldpunt.process import services
from meldpunt.process.models import ServiceKind
from tests.process import flow


def test_monitoring_scores_each_safety_condition_agreed_in_the_service(
    intake, triage, approver, case_worker, make_user, clock, reference
):
    clock.at(2026, 3, 2, 10)
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver, outcome="voorwaarden_vervolg")
    support = report.services.get(kind=ServiceKind.SUPPORT)
    clock.at(2026, 3, 20, 10)
    no_violence = casefile.agree_safety_condition(
        service=support,
        by=case_worker,
        description="Geen geweld in bijzijn van de kinderen",
        responsible="Beide ouders",
        agreed_on=support.started_on,
    )
    school = casefile.agree_safety_condition(
        service=support,
        by=case_worker,
        description="Kinderen gaan dagelijks naar school",
        responsible="Moeder",
        agreed_on=support.started_on,
    )
    flow.hand_over(report, by=case_worker, service=support)
    services.propose_service_close(service=support, by=case_worker, conclusion="Voorwaarden staan")
    support.refresh_from_db()
    services.approve_service_close(service=support, by=make_user(Role.APPROVER))
    monitoring = report.services.get(kind=ServiceKind.MONITORING)
    evaluation = monitoring.evaluations.order_by("moment").first()
    with pytest.raises(DomainError, match="iedere veiligheidsvoorwaarde"):
        casefile.score_conditions(evaluation=evaluation, by=case_worker, scores={school.pk: 7})
    with pytest.raises(DomainError, match="1 tot en met 10"):
        casefile.score_conditions(
            evaluation=evaluation, by=case_worker, scores={school.pk: 0, no_violence.pk: 8}
        )
    casefile.score_conditions(
        evaluation=evaluation, by=case_worker, scores={school.pk: 5, no_violence.pk: 8}
    )
    assert sorted(evaluation.condition_scores.values_list("score", flat=True)) == [5, 8]


def test_conditions_cannot_be_dated_before_the_service(
    intake, triage, approver, case_worker, clock, reference
):
    clock.at(2026, 3, 2, 10)
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver, outcome="voorwaarden_vervolg")
    support = report.services.get()
    import datetime as dt

    with pytest.raises(DomainError, match="looptijd"):
        casefile.agree_safety_condition(
            service=support,
            by=case_worker,
            description="x",
            responsible="y",
            agreed_on=dt.date(2026, 1, 1),
        )
