"""Injection through every text field: what a professional types is stored as typed and shown as
text — escaped in every page and API answer, inert in PDFs, never part of an SQL statement."""

from __future__ import annotations

import pytest
from django.test import Client

from meldpunt.access import pdf
from meldpunt.access.roles import Role
from meldpunt.reference.models import Municipality, ReporterType
from meldpunt.registry.models import Person, Report
from meldpunt.web.forms import PersonForm, ReportForm
from tests.access.urlwalk import CASE_ROLES, routes

SCRIPT = '<script>alert("meldpunt")</script>'
IMAGE = '<img src="http://injected.invalid/x.png">'
SQL = "' OR '1'='1' --"
PAYLOAD = f"{SCRIPT}{IMAGE}{SQL}"
# Fields with a fixed shape: their validators refuse the payload (and say so in Dutch).
SHAPED = {"bsn", "postcode", "house_number", "reporter_phone", "person_id"}


SHORT = "<b>kort</b>"  # for a field too narrow for the whole payload


def _text_fields(form_class) -> dict[str, str]:
    """Every free-text field of the form with the payload it gets."""
    out = {}
    for name, field in form_class.base_fields.items():
        if type(field).__name__ != "CharField" or name in SHAPED:
            continue
        value = f"{name}{PAYLOAD}"
        out[name] = value if len(value) <= (field.max_length or 10_000) else SHORT
    return out


def _intake_post() -> dict[str, str]:
    data = {
        "received_at": "2026-03-02T10:00",
        "municipality": str(Municipality.objects.get(cbs_code="GM0606").pk),
        "reporter_type": str(ReporterType.objects.get(code="politie").pk),
        "people-TOTAL_FORMS": "1",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "12",
        "people-0-role": "victim",
        "people-0-sex": "v",
        "people-0-date_of_birth": "1990-04-01",
        "action": "save",
        "checked": "1",
    }
    data |= _text_fields(ReportForm)
    data |= {f"people-0-{name}": value for name, value in _text_fields(PersonForm).items()}
    return data


@pytest.fixture
def stored(make_user, reference, clock):
    """A report registered through the intake form with the payload in every text field."""
    clock.at(2026, 3, 2, 11)
    client = Client()
    client.force_login(make_user(Role.INTAKE))
    response = client.post("/meldingen/nieuw/", _intake_post())
    assert response.status_code == 302, (
        response.context["form"].errors,
        response.context["formset"].errors,
        response.context["form"].non_field_errors(),
    )
    return Report.objects.get()


def test_every_text_field_is_stored_exactly_as_typed(stored):
    person = Person.objects.get()
    assert person.surname == f"surname{PAYLOAD}"
    assert stored.description == f"description{PAYLOAD}"


def test_no_page_or_endpoint_lets_the_typed_html_through(stored, make_user):
    client = Client()
    client.force_login(make_user(*CASE_ROLES))
    person = Person.objects.get()
    ids = {
        "report_id": stored.pk,
        "case_id": stored.case_id,
        "person_id": person.pk,
        "pk": stored.pk,
    }
    shown, raw = 0, []
    for route in routes():
        if not set(route.args) <= set(ids) or route.name == "web:logout":
            continue
        url = route.url(ids)
        for response in (client.get(url), client.post(url, {"surname": "surname<"})):
            text = response.content.decode(errors="replace")
            if response.status_code == 200 and "surname&lt;script&gt;" in text:
                shown += 1
            html = "text/html" in response.get("Content-Type", "")
            if html and (SCRIPT in text or IMAGE in text or SHORT in text):
                raw.append(url)
            if not html and response.status_code == 200:
                # JSON carries the text as typed; it is never rendered as a page.
                assert response["Content-Type"].startswith("application/"), url
                assert response["X-Content-Type-Options"] == "nosniff", url
    assert shown >= 3, "the payload should be visible, escaped, on several pages"
    assert not raw, raw


def test_sql_in_a_search_is_just_text(stored, make_user):
    client = Client()
    client.force_login(make_user(Role.TRIAGE))
    page = client.post("/zoeken/", {"surname": SQL}).content.decode()
    assert "Niemand gevonden." in page
    page = client.post("/zoeken/", {"surname": "surname<script>"}).content.decode()
    assert "surname&lt;script&gt;" in page and SCRIPT not in page


def test_pdfs_render_typed_html_as_text_and_fetch_nothing(stored, make_user, monkeypatch):
    """A letter and an access report with the payload in names and free text: the PDF
    renderer is asked for no image, stylesheet or page (typed HTML would have been)."""
    from meldpunt.access import subject_rights
    from meldpunt.casefile import services as casefile
    from meldpunt.casefile.models import LetterTemplate

    asked = []
    original = pdf.offline_fetcher
    monkeypatch.setattr(
        pdf, "offline_fetcher", lambda url, *a, **k: asked.append(url) or original(url, *a, **k)
    )
    person = Person.objects.get()
    LetterTemplate.objects.get_or_create(
        kind="inform_involved", defaults={"subject": "Melding", "body": "Aan {{ aan }}."}
    )
    letter = casefile.make_letter(
        report=stored, kind="inform_involved", by=make_user(Role.CASE_WORKER), person=person
    )
    assert letter.document.size > 0
    out = subject_rights.access_report(by=make_user(Role.PRIVACY_OFFICER), person=person)
    assert subject_rights.access_report_pdf(out).startswith(b"%PDF")
    assert [url for url in asked if not url.startswith("data:")] == []


def test_the_pdf_renderer_refuses_to_fetch_anything_from_outside():
    with pytest.raises(ValueError):
        pdf.offline_fetcher("http://injected.invalid/x.png")
    with pytest.raises(ValueError):
        pdf.offline_fetcher("file:///etc/passwd")
    assert pdf.render('<p>x</p><img src="file:///etc/passwd">').startswith(b"%PDF")
