"""The quick advice form (anonymous allowed) and turning an advice request into a report."""

import pytest
from django.urls import reverse

from meldpunt.reference.models import ReporterType
from meldpunt.registry.models import Advice, Report
from tests.web.test_pages import _intake_post


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def _advice_post(**overrides):
    data = {
        "received_at": "2026-03-02T09:30",
        "asker_type": str(ReporterType.objects.get(code="omgeving").pk),
        "anonymous": "on",
        "question": "Mijn buurvrouw wordt geslagen; wat kan ik doen?",
        "advice_given": "Advies over de stappen en het gesprek met de buurvrouw.",
    }
    data.update(overrides)
    return data


def test_an_anonymous_advice_request_is_registered_with_the_quick_form(login, intake, reference):
    response = login(intake).post(reverse("web:advice_new"), _advice_post())
    advice = Advice.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "web:advice_detail", args=[advice.pk]
    )
    assert advice.anonymous and advice.asker_name == "" and advice.status == "given"
    page = login(intake).get(response.url).content.decode()
    assert "Omzetten in melding" in page


def test_an_advice_form_with_errors_keeps_the_input_and_saves_nothing(login, intake, reference):
    response = login(intake).post(
        reverse("web:advice_new"), _advice_post(question="", asker_name="Piet")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Advies over de stappen" in page  # kept
    assert 'aria-invalid="true"' in page
    assert not Advice.objects.exists()


def test_an_advice_request_is_turned_into_a_report(login, intake, reference):
    client = login(intake)
    client.post(reverse("web:advice_new"), _advice_post())
    advice = Advice.objects.get()
    url = f"{reverse('web:report_new')}?advies={advice.pk}"
    form = client.get(url).content.decode()
    assert "Mijn buurvrouw wordt geslagen" in form  # the question is the first description
    response = client.post(url, _intake_post(action="save", checked="1"))
    report = Report.objects.get()
    assert response.status_code == 302
    assert report.from_advice_id == advice.pk and report.source == "advice"
    advice.refresh_from_db()
    assert advice.status == "converted"
    page = client.get(reverse("web:advice_detail", args=[advice.pk])).content.decode()
    assert "Omgezet in melding" in page and report.number in page
