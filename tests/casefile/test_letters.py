import pytest

from meldpunt.casefile import services
from meldpunt.casefile.models import LetterTemplate
from meldpunt.errors import DomainError
from meldpunt.process.models import TermKind
from meldpunt.registry.services import ReporterData
from tests.process import flow


@pytest.fixture(autouse=True)
def private_documents(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }


def test_a_letter_never_contains_a_confidential_address(intake, triage, approver, reference):
    hidden = flow.person(
        street="Geheimstraat",
        house_number="7",
        postcode="3011 XY",
        city="Rotterdam",
        confidential_address=True,
    )
    report = flow.register(intake, people=[hidden])
    flow.decide(report, triage=triage, approver=approver)
    person = report.involvements.get().person
    LetterTemplate.objects.create(
        kind="inform_involved",
        subject="Melding",
        body="Aan {{ aan }}, {{ adres }}. Besluit: {{ besluit }}.",
    )
    letter = services.make_letter(report=report, kind="inform_involved", by=triage, person=person)
    assert "Geheimstraat" not in letter.text and "3011 XY" not in letter.text
    assert "Besluit: Overdracht" in letter.text
    assert services.open_document(document=letter.document, by=triage).startswith(b"%PDF")


def test_a_letter_to_the_people_involved_cannot_name_an_anonymous_reporter(
    intake, triage, approver, reference, police
):
    report = flow.register(
        intake, reporter=ReporterData(reporter_type=police, name="Juf Geheim", anonymous=True)
    )
    flow.decide(report, triage=triage, approver=approver)
    LetterTemplate.objects.create(
        kind="inform_involved",
        subject="x",
        body="{{ melder }} {{ report.reporter.name }} {{ aan }}",
    )
    letter = services.make_letter(
        report=report, kind="inform_involved", by=triage, person=report.involvements.get().person
    )
    assert "Juf Geheim" not in letter.text


def test_sending_the_feedback_letter_meets_the_feedback_term(intake, triage, approver, reference):
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver)
    letter = services.make_letter(report=report, kind="feedback_reporter", by=triage)
    assert "Overdracht" in letter.text
    assert report.terms.filter(kind=TermKind.FEEDBACK_REPORTER, met_on=None).exists()
    services.mark_letter_sent(letter=letter, by=triage, sent_on=letter.created_at.date())
    assert not report.terms.filter(kind=TermKind.FEEDBACK_REPORTER, met_on=None).exists()
    with pytest.raises(DomainError, match="al verzonden"):
        services.mark_letter_sent(letter=letter, by=triage, sent_on=letter.created_at.date())


def test_a_letter_to_someone_not_in_the_report_is_refused(intake, triage, reference):
    report = flow.register(intake)
    other = flow.register(intake).involvements.get().person
    with pytest.raises(DomainError, match="betrokkene van deze melding"):
        services.make_letter(report=report, kind="inform_involved", by=triage, person=other)
