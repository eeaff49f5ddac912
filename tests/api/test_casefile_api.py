"""The file through the API: journal with corrections, documents in base64 (refused by content,
invisible without access), letters without a confidential address, safety conditions scored."""

import base64

import pytest

from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.casefile.models import Document
from meldpunt.process import services as process_services
from meldpunt.process.models import ServiceKind
from meldpunt.registry.models import Case
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


def _b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


def test_a_journal_correction_through_the_api_keeps_the_history(api, intake, triage, reference):
    report = flow.register(intake)
    client = api.as_user(triage)
    url = f"/api/v1/cases/{report.case_id}/journal/"
    made = client.post(
        url,
        {
            "occurred_at": "2020-02-03T10:00:00+01:00",
            "channel": "home_visit",
            "participants": "moeder, kinderen",
            "note": "Huisbezoek, rustige sfeer",
            "report": report.pk,
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    entry = made.json()
    stale = client.post(
        f"/api/v1/journal/{entry['id']}/correct",
        {"note": "x", "reason": "y", "version": 5},
        format="json",
    )
    assert stale.status_code == 409
    fixed = client.post(
        f"/api/v1/journal/{entry['id']}/correct",
        {"note": "Huisbezoek, gespannen sfeer", "reason": "Verkeerd genoteerd", "version": 0},
        format="json",
    )
    assert fixed.status_code == 200
    assert [r["note"] for r in fixed.json()["revisions"]] == ["Huisbezoek, rustige sfeer"]
    listed = client.get(url).json()
    assert listed[0]["note"] == "Huisbezoek, gespannen sfeer"
    unknown = client.post(url, {"note": "x", "channel": "fax", "mood": 1}, format="json")
    assert unknown.status_code == 400
    assert unknown["Content-Type"] == "application/problem+json"


def test_documents_through_the_api_are_checked_by_content_and_need_access(
    api, intake, triage, make_user, reference
):
    report = flow.register(intake)
    client = api.as_user(triage)
    url = f"/api/v1/cases/{report.case_id}/documents/"
    forged = client.post(
        url, {"title": "Foto", "filename": "foto.pdf", "content_base64": _b64(PNG)}, format="json"
    )
    assert forged.status_code == 400 and "maar de inhoud is PNG" in forged.json()["detail"]
    garbage = client.post(
        url, {"title": "x", "filename": "x.pdf", "content_base64": "!!"}, format="json"
    )
    assert garbage.status_code == 400
    assert not Document.objects.exists()
    made = client.post(
        url, {"title": "PV", "filename": "pv.pdf", "content_base64": _b64(PDF)}, format="json"
    )
    assert made.status_code == 201
    doc_id = made.json()["id"]
    content = client.get(f"/api/v1/documents/{doc_id}/content").json()
    assert base64.b64decode(content["content_base64"]) == PDF
    assert AuditEntry.objects.filter(event="document.viewed", subject_id=doc_id).exists()

    Case.objects.filter(pk=report.case_id).update(shielded=True)
    other = api.as_user(make_user(Role.TRIAGE))
    assert other.get(f"/api/v1/documents/{doc_id}/content").status_code == 404
    assert other.get(f"/api/v1/documents/{doc_id}/").status_code == 404
    assert other.get(f"/api/v1/documents/{doc_id + 1}/content").status_code == 404


def test_a_letter_through_the_api_never_contains_a_confidential_address(
    api, intake, triage, approver, reference
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
    client = api.as_user(triage)
    body = {"kind": "inform_involved", "person": person.pk}
    preview = client.post(f"/api/v1/reports/{report.pk}/letters/preview", body, format="json")
    assert preview.status_code == 200 and "Geheimstraat" not in preview.json()["text"]
    letter = client.post(f"/api/v1/reports/{report.pk}/letters/", body, format="json").json()
    assert "Geheimstraat" not in letter["text"] and letter["document"]
    sent = client.post(
        f"/api/v1/letters/{letter['id']}/sent",
        {"sent_on": letter["created_at"][:10]},
        format="json",
    )
    assert sent.status_code == 200 and sent.json()["sent_on"]
    stranger = client.post(
        f"/api/v1/reports/{report.pk}/letters/",
        {"kind": "inform_involved", "person": 999999},
        format="json",
    )
    assert stranger.status_code == 400


def test_safety_conditions_through_the_api(
    api, intake, triage, approver, case_worker, make_user, reference
):
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver, outcome="voorwaarden_vervolg")
    support = report.services.get(kind=ServiceKind.SUPPORT)
    client = api.as_user(case_worker)
    url = f"/api/v1/services/{support.pk}/safety-conditions/"
    made = client.post(
        url,
        {
            "description": "Geen geweld waar de kinderen bij zijn",
            "responsible": "Beide ouders",
            "agreed_on": support.started_on.isoformat(),
        },
        format="json",
    )
    assert made.status_code == 201
    condition = made.json()["id"]
    assert api.as_user(triage).post(url, {}, format="json").status_code == 403
    flow.hand_over(report, by=case_worker, service=support)
    process_services.propose_service_close(service=support, by=case_worker, conclusion="Klaar")
    support.refresh_from_db()
    process_services.approve_service_close(service=support, by=make_user(Role.APPROVER))
    monitoring = report.services.get(kind=ServiceKind.MONITORING)
    evaluation = monitoring.evaluations.order_by("moment").first()
    client = api.as_user(case_worker)
    listed = client.get(f"/api/v1/services/{monitoring.pk}/safety-conditions/").json()
    assert [c["id"] for c in listed] == [condition]
    scores = f"/api/v1/evaluations/{evaluation.pk}/condition-scores/"
    bad = client.post(scores, {"scores": [{"condition": condition, "score": 11}]}, format="json")
    assert bad.status_code == 400
    ok = client.post(scores, {"scores": [{"condition": condition, "score": 7}]}, format="json")
    assert ok.status_code == 200 and ok.json() == [{"condition": condition, "score": 7}]
