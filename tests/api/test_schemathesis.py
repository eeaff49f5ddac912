"""Fuzz the API from its own OpenAPI schema (schemathesis), fetched from /api/v1/schema/:
whatever the generated requests, valid or not, no endpoint answers with a server error, and
every answer matches the schema (status codes, content types, bodies, problem details), and
schema-violating requests are refused.

Bounded: per operation a few valid requests with random ids, a few with ids of real rows, and
a few invalid ones (MELDPUNT_FUZZ_EXAMPLES, default 6); no deadline. One test walks every
operation, so the data is set up once."""

import os

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, Phase
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from meldpunt.access.roles import Role
from meldpunt.process.models import Service, Term
from meldpunt.reference.models import ReporterType
from meldpunt.registry.models import Advice, Person, Report
from meldpunt.registry.services import register_advice
from tests.process import flow

MAX_EXAMPLES = int(os.environ.get("MELDPUNT_FUZZ_EXAMPLES", "6"))
# A professional with every case role, so the fuzzing reaches the services behind the checks.
ROLES = [
    Role.INTAKE,
    Role.TRIAGE,
    Role.APPROVER,
    Role.CASE_WORKER,
    Role.TEAM_LEAD,
    Role.CRISIS_TEAM,
    Role.SYSTEM,  # the police intake too
]

# Loaded over WSGI from the app itself, as a client would (no database needed for the schema).
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection after each request; the test's
    transaction must survive it (Django's own test client does the same)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, keep_connection, reference, make_user, clock):
    """A few reports in several states, so generated requests reach real rows."""
    clock.at(2026, 3, 2, 11)
    intake = make_user(Role.INTAKE)
    for outcome in ("voorwaarden_vervolg", "onderzoek", None):
        report = flow.register(intake, people=[flow.person(), flow.person("suspect")])
        if outcome:
            flow.decide(
                report,
                triage=make_user(Role.TRIAGE),
                approver=make_user(Role.APPROVER),
                outcome=outcome,
            )
    register_advice(
        by=intake,
        received_at=clock.at(2026, 3, 2, 12),
        asker_type=ReporterType.objects.get(code="huisarts"),
        question="Wat kan ik doen?",
    )
    return {
        "/reports/": Report.objects.order_by("pk").first().pk,
        "/services/": Service.objects.order_by("pk").first().pk,
        "/advices/": Advice.objects.get().pk,
        "/persons/": Person.objects.order_by("pk").first().pk,
        "/terms/": Term.objects.filter(met_on__isnull=True).order_by("pk").first().pk,
    }


@pytest.fixture
def session(make_user):
    """A logged-in professional's session cookie and CSRF token, as a browser sends them."""
    client = Client()
    client.force_login(make_user(*ROLES))
    csrf = _get_new_csrf_string()
    return {
        "headers": {"X-CSRFToken": csrf},
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf},
    }


def _run(strategy, session, examples: int) -> None:
    @hypothesis.given(case=strategy)
    @hypothesis.settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case):
        # Generated credentials would replace the session: the caller is always logged in.
        case.headers = {
            k: v for k, v in (case.headers or {}).items() if k.lower() != "authorization"
        }
        case.cookies = {}
        # Every request here is logged in on purpose (anonymous calls are tested below), and a
        # schema-valid request may still be refused by a rule of the process (a 400 with the
        # service's message: an unknown municipality code, a report in the wrong status).
        case.call_and_validate(excluded_checks=[ignored_auth, positive_data_acceptance], **session)

    fuzz()


def test_no_generated_request_makes_the_api_fail(world, session):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:
        real_id = next((pk for prefix, pk in world.items() if prefix in operation.path), None)
        _run(operation.as_strategy(), session, MAX_EXAMPLES)
        _run(operation.as_strategy(GenerationMode.NEGATIVE), session, MAX_EXAMPLES)
        if real_id is not None and "{id}" in operation.path:
            real = operation.as_strategy(path_parameters={"id": real_id})
            _run(real, session, MAX_EXAMPLES)


def test_every_operation_refuses_an_anonymous_caller(db, keep_connection):
    for result in schema.get_all_operations():
        operation = result.ok()
        label = operation.label

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(max_examples=1, deadline=None, database=None, derandomize=True)
        def anonymous(case):
            case.headers = {}
            case.cookies = {}
            response = case.call()
            assert response.status_code == 401, (label, response.status_code)  # noqa: B023
            assert response.headers["content-type"] == ["application/problem+json"]

        anonymous()
