import pytest
from django.urls import reverse

from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.process import services
from meldpunt.process.models import Term, TermKind
from meldpunt.reference.models import ViolenceForm
from meldpunt.registry.models import Case
from tests.process import flow


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def test_a_search_by_bsn_finds_the_person_and_is_audited(login, intake, triage, reference):
    report = flow.register(intake, people=[flow.person(surname="Jansen", bsn="111222333")])
    person = report.involvements.get().person
    page = login(triage).post(reverse("web:search"), {"bsn": "111222333"}).content.decode()
    assert reverse("web:person_detail", args=[person.pk]) in page
    entry = AuditEntry.objects.get(event="person.searched")
    assert entry.details["person_ids"] == [person.pk] and entry.details["criteria"] == ["bsn"]
    assert "111222333" not in str(entry.details)


def test_a_search_in_the_query_string_is_not_run(login, intake, triage, reference):
    flow.register(intake, people=[flow.person(surname="Jansen", bsn="111222333")])
    page = login(triage).get(reverse("web:search") + "?bsn=111222333").content.decode()
    assert 'data-testid="search-results"' not in page
    assert not AuditEntry.objects.filter(event="person.searched").exists()


def test_a_search_with_a_wrong_bsn_says_why_and_keeps_the_input(login, triage, reference):
    page = (
        login(triage)
        .post(reverse("web:search"), {"bsn": "123456789", "surname": "Jans"})
        .content.decode()
    )
    assert "11-proef" in page and 'value="Jans"' in page
    assert 'data-testid="search-results"' not in page


def test_a_search_does_not_find_people_on_shielded_files(login, intake, triage, reference):
    report = flow.register(intake, people=[flow.person(surname="Verborgen")])
    Case.objects.filter(pk=report.case_id).update(shielded=True)
    page = login(triage).post(reverse("web:search"), {"surname": "Verb"}).content.decode()
    assert "Niemand gevonden." in page


def test_the_person_page_lists_their_reports_and_is_audited(login, intake, triage, reference):
    first = flow.register(intake, people=[flow.person(surname="Jansen", bsn="111222333")])
    person = first.involvements.get().person
    second = flow.register(intake, people=[flow.person(person_id=person.pk)])
    page = login(triage).get(reverse("web:person_detail", args=[person.pk])).content.decode()
    assert first.number in page and second.number in page
    entry = AuditEntry.objects.get(event="person.viewed")
    assert entry.subject_id == person.pk and entry.actor_id == triage.pk


def test_a_person_only_on_a_shielded_file_is_a_404(login, intake, triage, reference):
    report = flow.register(intake)
    Case.objects.filter(pk=report.case_id).update(shielded=True)
    person = report.involvements.get().person
    response = login(triage).get(reverse("web:person_detail", args=[person.pk]))
    assert response.status_code == 404


def test_roles_without_case_work_cannot_search_or_open_people(login, intake, make_user, reference):
    person = flow.register(intake).involvements.get().person
    client = login(make_user(Role.ANALYST))
    assert client.post(reverse("web:search"), {"surname": "Ja"}).status_code == 403
    assert client.get(reverse("web:person_detail", args=[person.pk])).status_code == 403


def test_the_approvers_screen_lists_service_closes_of_colleagues_only(
    login, intake, triage, make_user, case_worker, reference
):
    report = flow.register(intake)
    report.violence_forms.set([ViolenceForm.objects.get(code="partnergeweld")])
    lead = make_user(Role.APPROVER)
    flow.decide(report, triage=triage, approver=lead, outcome="voorwaarden_vervolg")
    service = report.services.get()
    flow.hand_over(report, by=case_worker, service=service)
    services.propose_service_close(service=service, by=case_worker, conclusion="Veilig")
    page = login(lead).get(reverse("web:approvals")).content.decode()
    assert reverse("web:service_detail", args=[service.pk]) in page
    assert login(case_worker).get(reverse("web:approvals")).status_code == 403
    both = make_user(Role.APPROVER, Role.CASE_WORKER)
    other = flow.register(intake)
    flow.decide(other, triage=triage, approver=lead, outcome="voorwaarden_vervolg")
    own = other.services.get()
    flow.hand_over(other, by=both, service=own)
    services.propose_service_close(service=own, by=both, conclusion="Veilig")
    page = login(both).get(reverse("web:approvals")).content.decode()
    assert reverse("web:service_detail", args=[service.pk]) in page
    assert reverse("web:service_detail", args=[own.pk]) not in page


def test_an_approver_extends_the_triage_term_from_the_report_page(
    login, intake, approver, clock, reference
):
    clock.at(2026, 3, 2, 9)
    report = flow.register(intake)
    client = login(approver)
    page = client.get(reverse("web:report_detail", args=[report.pk])).content.decode()
    term = Term.objects.get(report=report, kind=TermKind.TRIAGE)
    action = reverse("web:extend_term", args=[term.pk])
    assert action in page
    client.post(action, {"until": "2026-03-20", "reason": "Politie-informatie volgt"})
    term.refresh_from_db()
    assert term.due_on.isoformat() == "2026-03-20" and term.original_due_on < term.due_on


def test_filtering_the_worklist_with_htmx_returns_only_the_rows(
    login, intake, triage, clock, reference
):
    clock.at(2026, 3, 2, 9)
    report = flow.register(intake)
    page = (
        login(triage)
        .get(reverse("web:worklist") + "?kind=triage", HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert report.number in page
    assert "<html" not in page and 'data-testid="count-triage"' not in page


def test_the_dossier_does_not_query_per_event(
    login, intake, triage, approver, reference, django_assert_max_num_queries
):
    first = flow.register(intake)
    flow.decide(first, triage=triage, approver=approver, outcome="voorwaarden_vervolg")
    person = first.involvements.get().person
    for _ in range(5):
        report = flow.register(intake, people=[flow.person(person_id=person.pk)])
        flow.decide(report, triage=triage, approver=approver, outcome="onderzoek")
        flow.hand_over(report, by=triage, service=report.services.get())
    client = login(triage)
    # A few per request whatever the events: the second-factor device and the session's idle clock.
    with django_assert_max_num_queries(28):
        page = client.get(reverse("web:case_detail", args=[first.case_id]))
    assert page.status_code == 200
    assert page.content.decode().count("Triagebesluit:") == 6
