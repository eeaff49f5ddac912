"""The file and the team through the pages: journal, documents, letters, safety conditions,
caseload, assignment, cover and routing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meldpunt import clock as clock_module
from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.casefile.models import Document, JournalEntry, Letter, SafetyCondition
from meldpunt.process import services as process_services
from meldpunt.process.models import Routing, ServiceKind, TermKind
from meldpunt.registry.models import Case, ReportSource, ReportStatus
from meldpunt.teams import services as team_services
from tests.process import flow

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def private_documents(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def report(intake, reference):
    return flow.register(intake)


def test_a_journal_correction_through_the_page_keeps_the_earlier_text_visible(
    login, triage, report
):
    client = login(triage)
    url = reverse("web:journal", args=[report.case_id])
    response = client.post(
        url,
        {
            "occurred_at": "2020-01-06T10:30",
            "channel": "phone",
            "participants": "moeder",
            "note": "Moeder gebeld, zij was rustig",
        },
    )
    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    response = client.post(
        reverse("web:journal_correct", args=[entry.pk]),
        {"version": 0, "participants": "moeder", "note": "Moeder gebeld, zij was angstig"},
    )
    assert response.status_code == 400
    assert "Geef de reden van de correctie." in response.content.decode()
    client.post(
        reverse("web:journal_correct", args=[entry.pk]),
        {
            "version": 0,
            "participants": "moeder",
            "note": "Moeder gebeld, zij was angstig",
            "reason": "Verkeerd genoteerd",
        },
    )
    page = client.get(url).content.decode()
    assert "zij was angstig" in page and "zij was rustig" in page and "Verkeerd genoteerd" in page
    timeline = client.get(reverse("web:case_detail", args=[report.case_id])).content.decode()
    assert "Telefoongesprek met moeder: Moeder gebeld, zij was angstig (gecorrigeerd)" in timeline
    assert AuditEntry.objects.filter(event="journal.viewed", actor_id=triage.pk).exists()


def test_a_stale_journal_correction_is_refused_and_loses_nothing(login, triage, report):
    from django.utils import timezone

    from meldpunt.casefile import services

    entry = services.add_journal_entry(
        case=report.case,
        by=triage,
        occurred_at=timezone.now(),
        channel="phone",
        participants="",
        note="Eerste tekst",
    )
    services.correct_journal_entry(
        entry=entry, by=triage, note="Tweede tekst", reason="r", version=0
    )
    response = login(triage).post(
        reverse("web:journal_correct", args=[entry.pk]),
        {"version": 0, "note": "Derde tekst", "reason": "x"},
    )
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.note == "Tweede tekst"


def test_a_document_with_a_forged_extension_is_refused_on_the_page(login, triage, report):
    response = login(triage).post(
        reverse("web:documents", args=[report.case_id]),
        {"title": "Foto letsel", "file": SimpleUploadedFile("foto.pdf", PNG)},
    )
    assert response.status_code == 400
    assert "maar de inhoud is PNG" in response.content.decode()
    assert not Document.objects.exists()


def test_an_oversized_upload_is_refused_before_it_is_read(login, triage, report, settings):
    settings.DOCUMENT_MAX_BYTES = 10
    response = login(triage).post(
        reverse("web:documents", args=[report.case_id]),
        {"title": "Groot", "file": SimpleUploadedFile("pv.pdf", PDF)},
    )
    assert response.status_code == 400 and "te groot" in response.content.decode()
    assert not Document.objects.exists()


def test_a_document_is_downloaded_only_through_the_audited_view(
    login, triage, make_user, report, client
):
    login(triage).post(
        reverse("web:documents", args=[report.case_id]),
        {"title": "Proces-verbaal", "file": SimpleUploadedFile("pv.pdf", PDF)},
    )
    doc = Document.objects.get()
    response = client.get(reverse("web:document_download", args=[doc.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(event="document.viewed", subject_id=doc.pk).exists()
    assert (
        doc.storage_name
        not in client.get(reverse("web:documents", args=[report.case_id])).content.decode()
    )

    # Someone without access to the file: the document does not exist for them.
    analyst = make_user(Role.ANALYST)
    assert login(analyst).get(reverse("web:document_download", args=[doc.pk])).status_code in (
        403,
        404,
    )
    other = make_user(Role.TRIAGE)
    Case.objects.filter(pk=report.case_id).update(shielded=True)
    client = login(other)
    assert client.get(reverse("web:document_download", args=[doc.pk])).status_code == 404
    assert client.get(reverse("web:document_download", args=[doc.pk + 1])).status_code == 404
    assert not AuditEntry.objects.filter(event="document.viewed", actor_id=other.pk).exists()


def test_a_letter_is_previewed_made_and_sent_without_a_confidential_address(
    login, intake, triage, approver, reference
):
    hidden = flow.person(
        given_names="Sara",
        street="Geheimstraat",
        house_number="7",
        postcode="3011 XY",
        city="Rotterdam",
        confidential_address=True,
    )
    report = flow.register(intake, people=[hidden])
    flow.decide(report, triage=triage, approver=approver)
    person = report.involvements.get().person
    client = login(triage)
    data = {"kind": "inform_involved", "person": str(person.pk)}
    preview = client.post(
        reverse("web:letter_preview", args=[report.pk]), data, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-testid="letter-preview"' in preview and "Geachte Sara" in preview
    assert "Geheimstraat" not in preview and "3011 XY" not in preview
    assert not Letter.objects.exists()  # a preview stores nothing

    response = client.post(reverse("web:letters", args=[report.pk]), data)
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert "Geheimstraat" not in letter.text and letter.document.content_type == "application/pdf"
    page = client.get(reverse("web:letters", args=[report.pk])).content.decode()
    assert "Informeren betrokkenen" in page and "Geheimstraat" not in page

    today = clock_module.today().isoformat()
    client.post(reverse("web:letter_sent", args=[letter.pk]), {"sent_on": today})
    letter.refresh_from_db()
    assert letter.sent_on is not None
    assert report.terms.get(kind=TermKind.INFORM_INVOLVED).met_on == letter.sent_on


def test_a_letter_to_someone_outside_the_report_is_refused_in_dutch(login, triage, report):
    response = login(triage).post(
        reverse("web:letters", args=[report.pk]), {"kind": "inform_involved"}
    )
    assert response.status_code == 400
    assert "Kies een betrokkene van deze melding" in response.content.decode()


def test_conditions_are_agreed_in_vv_and_scored_at_the_monitoring_evaluation(
    login, intake, triage, approver, case_worker, make_user, reference
):
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver, outcome="voorwaarden_vervolg")
    support = report.services.get(kind=ServiceKind.SUPPORT)
    client = login(case_worker)
    response = client.post(
        reverse("web:agree_condition", args=[support.pk]),
        {
            "description": "Geen geweld waar de kinderen bij zijn",
            "responsible": "Beide ouders",
            "agreed_on": support.started_on.isoformat(),
        },
    )
    assert response.status_code == 302
    condition = SafetyCondition.objects.get()
    page = client.get(reverse("web:service_detail", args=[support.pk])).content.decode()
    assert "Geen geweld waar de kinderen bij zijn" in page
    flow.hand_over(report, by=case_worker, service=support)
    process_services.propose_service_close(service=support, by=case_worker, conclusion="Klaar")
    support.refresh_from_db()
    process_services.approve_service_close(service=support, by=make_user(Role.APPROVER))
    monitoring = report.services.get(kind=ServiceKind.MONITORING)
    evaluation = monitoring.evaluations.order_by("moment").first()
    url = reverse("web:score_conditions", args=[monitoring.pk, evaluation.pk])
    response = client.post(url, {f"e{evaluation.pk}-c{condition.pk}": "11"})
    assert response.status_code == 400 and "1 tot en met 10" in response.content.decode()
    client.post(url, {f"e{evaluation.pk}-c{condition.pk}": "7"})
    assert evaluation.condition_scores.get().score == 7


def test_the_caseload_page_shows_each_professionals_files_and_cover(
    login, make_user, intake, clock, reference
):
    clock.at(2026, 3, 2, 9)
    lead = make_user(Role.TEAM_LEAD)
    anna, bram = make_user(Role.TRIAGE), make_user(Role.TRIAGE)
    team_services.assign(report=flow.register(intake), by=lead, to_user=anna)
    client = login(lead)
    response = client.post(
        reverse("web:cover"),
        {
            "absent": str(anna.pk),
            "covering": str(bram.pk),
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-06",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("web:caseload")).content.decode()
    assert str(anna) in page and f"vervangen door {bram} t/m 06-03-2026" in page
    assert AuditEntry.objects.filter(event="caseload.viewed").exists()
    assert login(make_user(Role.MANAGER)).get(reverse("web:caseload")).status_code == 403


def test_only_a_team_lead_arranges_cover(login, make_user, db):
    anna, bram = make_user(Role.TRIAGE), make_user(Role.TRIAGE)
    response = login(anna).post(
        reverse("web:cover"),
        {
            "absent": str(anna.pk),
            "covering": str(bram.pk),
            "starts_on": "2026-03-02",
            "ends_on": "2026-03-06",
        },
    )
    assert response.status_code == 403


def test_cover_puts_the_absent_colleagues_files_on_the_worklist_page_for_the_period(
    login, make_user, intake, clock, reference
):
    clock.at(2026, 3, 2, 9)
    lead = make_user(Role.TEAM_LEAD)
    anna, bram = make_user(Role.TRIAGE), make_user(Role.TRIAGE)
    report = flow.register(intake)
    client = login(lead)
    client.post(
        reverse("web:assign_report", args=[report.pk]), {"to_user": str(anna.pk), "reason": ""}
    )
    report.refresh_from_db()
    assert report.assigned_to == anna
    team_services.arrange_cover(
        absent=anna,
        covering=bram,
        starts_on=dt.date(2026, 3, 3),
        ends_on=dt.date(2026, 3, 4),
        by=lead,
    )
    client = login(bram)
    mine = reverse("web:worklist") + "?assignee=me"
    assert report.number not in client.get(mine).content.decode()
    clock.at(2026, 3, 3, 9)
    page = client.get(mine).content.decode()
    assert report.number in page and 'data-testid="cover">vervanging' in page
    clock.at(2026, 3, 5, 9)
    assert report.number not in client.get(mine).content.decode()


def test_a_professional_takes_a_file_but_cannot_assign_it_to_others(
    login, make_user, triage, report
):
    client = login(triage)
    client.post(reverse("web:assign_report", args=[report.pk]), {"take": "1"})
    report.refresh_from_db()
    assert report.assigned_to == triage
    other = make_user(Role.TRIAGE)
    response = client.post(
        reverse("web:assign_report", args=[report.pk]), {"to_user": str(other.pk)}, follow=True
    )
    assert "Alleen een teamleider" in response.content.decode()
    report.refresh_from_db()
    assert report.assigned_to == triage
    assert "Eerdere toewijzingen (1)" in response.content.decode()


def test_a_report_is_transferred_to_another_region_from_the_report_page(login, triage, report):
    client = login(triage)
    url = reverse("web:transfer_report", args=[report.pk])
    response = client.post(url, {"version": report.version, "to_organisation": "VT Utrecht"})
    assert response.status_code == 400 and "Geef de reden." in response.content.decode()
    client.post(
        url,
        {"version": report.version, "to_organisation": "VT Utrecht", "reason": "Gezin woont daar"},
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.TRANSFERRED
    page = client.get(reverse("web:report_detail", args=[report.pk])).content.decode()
    assert 'data-testid="routing"' in page and "VT Utrecht" in page


def test_a_police_report_is_returned_with_a_reason_from_the_report_page(
    login, intake, triage, reference
):
    report = flow.register(intake, source=ReportSource.POLICE, police_reference="PL-9")
    client = login(triage)
    page = client.get(reverse("web:report_detail", args=[report.pk])).content.decode()
    assert "Terugsturen naar de politie" in page
    client.post(
        reverse("web:return_to_police", args=[report.pk]),
        {"version": report.version, "reason": "Burenruzie, geen huiselijk geweld"},
    )
    assert Routing.objects.get().kind == "return_to_police"


def test_a_letter_to_an_anonymous_reporter_is_seen_only_by_those_who_may_know_the_reporter(
    login, intake, triage, approver, case_worker, police, reference
):
    from meldpunt.registry.services import ReporterData

    report = flow.register(
        intake,
        reporter=ReporterData(
            reporter_type=police, name="Juf Geheim", anonymous=True, wants_feedback=True
        ),
    )
    flow.decide(report, triage=triage, approver=approver)
    data = {"kind": "feedback_reporter"}
    refused = login(case_worker).post(reverse("web:letters", args=[report.pk]), data)
    assert refused.status_code == 400 and "De melder is anoniem" in refused.content.decode()
    login(triage).post(reverse("web:letters", args=[report.pk]), data)
    letter = Letter.objects.get()
    assert "Juf Geheim" in letter.text  # the letter itself goes to the reporter

    client = login(case_worker)
    assert "Juf Geheim" not in client.get(reverse("web:letters", args=[report.pk])).content.decode()
    assert (
        client.get(reverse("web:document_download", args=[letter.document_id])).status_code == 404
    )
    timeline = client.get(reverse("web:case_detail", args=[report.case_id])).content.decode()
    assert "Juf Geheim" not in timeline and "aan de melder" in timeline
    assert (
        "Juf Geheim" in login(triage).get(reverse("web:letters", args=[report.pk])).content.decode()
    )
