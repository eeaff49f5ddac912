import pytest
from django.urls import reverse
from django.utils.html import escape

from meldpunt import clock as clock_module
from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.process.models import ServiceKind
from meldpunt.reference.models import Municipality, ReporterType, ViolenceForm
from meldpunt.registry.models import Case, Report, ReportStatus
from tests.process import flow


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def _intake_post(**overrides):
    data = {
        "received_at": "2026-03-02T10:00",
        "municipality": str(Municipality.objects.get(cbs_code="GM0606").pk),
        "reporter_type": str(ReporterType.objects.get(code="politie").pk),
        "reporter_name": "Agent Bakker",
        "wants_feedback": "on",
        "description": "Ruzie met geweld, kinderen aanwezig",
        "people-TOTAL_FORMS": "3",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "12",
        "people-0-role": "victim",
        "people-0-given_names": "Anna",
        "people-0-surname": "Jansen",
        "people-0-date_of_birth": "1990-04-01",
        "people-0-sex": "v",
        "people-0-bsn": "111222333",
        "people-0-postcode": "3117 AB",
        "people-1-role": "victim",
        "people-1-sex": "x",
        "people-2-role": "victim",
        "people-2-sex": "x",
        "action": "check",
    }
    data.update(overrides)
    return data


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(client, db):
    assert client.get("/").url == reverse("web:login")
    response = client.get(reverse("web:worklist"))
    assert response.status_code == 302 and response.url.startswith(reverse("web:login"))


def test_the_login_page_is_dutch_and_says_what_is_wrong(client, make_user):
    make_user(Role.TRIAGE, username="anna")
    response = client.post(reverse("web:login"), {"username": "anna", "password": "fout"})
    assert "Gebruikersnaam of wachtwoord klopt niet." in response.content.decode()


def test_the_worklist_shows_name_role_and_overdue_work_in_red(
    login, intake, triage, clock, reference
):
    clock.at(2026, 3, 2, 9)
    report = flow.register(intake)
    clock.at(2026, 3, 11, 9)
    page = login(triage).get(reverse("web:worklist")).content.decode()
    assert escape(str(triage)) in page and "Triagist" in page
    assert report.number in page
    assert 'class="overdue"' in page
    assert 'data-testid="count-overdue">1<' in page


def test_roles_without_case_work_cannot_open_the_worklist(login, make_user, db):
    for role in (Role.MUNICIPALITY, Role.ANALYST, Role.ADMIN):
        assert login(make_user(role)).get(reverse("web:worklist")).status_code == 403


def test_the_worklist_does_not_query_per_row(
    login, intake, triage, clock, reference, django_assert_max_num_queries
):
    clock.at(2026, 3, 2, 9)
    for _ in range(12):
        flow.register(intake)
    client = login(triage)
    # A few per request whatever the rows: the second-factor device and the session's idle clock.
    with django_assert_max_num_queries(20):
        assert client.get(reverse("web:worklist")).status_code == 200


def test_an_intake_form_with_errors_keeps_what_was_typed_and_saves_nothing(
    login, intake, reference
):
    response = login(intake).post(
        reverse("web:report_new"),
        _intake_post(
            **{
                "people-0-bsn": "123456789",
                "people-0-postcode": "30111",
                "received_at": "2999-01-01T10:00",
            }
        ),
    )
    page = response.content.decode()
    assert "11-proef" in page
    assert "4 cijfers en 2 letters" in page
    assert "Dit tijdstip ligt in de toekomst." in page
    assert 'value="Jansen"' in page and "Ruzie met geweld" in page
    assert not Report.objects.exists()


def test_intake_shows_who_is_already_known_before_saving(login, intake, clock, reference):
    clock.at(2026, 3, 3, 9)
    known = flow.register(intake, people=[flow.person(surname="Jansen", bsn="111222333")])
    client = login(intake)
    page = client.post(reverse("web:report_new"), _intake_post()).content.decode()
    assert "Al bekend bij Veilig Thuis" in page
    person = known.involvements.get().person
    assert AuditEntry.objects.filter(
        event="person.searched", details__person_ids=[person.pk]
    ).exists()
    response = client.post(
        reverse("web:report_new"),
        _intake_post(**{"action": "save", "checked": "1", "people-0-person_id": str(person.pk)}),
    )
    report = Report.objects.latest("id")
    assert response.url == reverse("web:report_detail", args=[report.pk])
    assert report.case_id == known.case_id
    assert report.involvements.get().person_id == person.pk


def test_a_shielded_file_is_a_404_for_those_not_named(login, intake, triage, reference):
    report = flow.register(intake)
    Case.objects.filter(pk=report.case_id).update(shielded=True)
    client = login(triage)
    assert client.get(reverse("web:report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("web:case_detail", args=[report.case_id])).status_code == 404


def test_viewing_a_report_is_audited_with_the_people_shown(login, intake, triage, reference):
    report = flow.register(intake)
    login(triage).get(reverse("web:report_detail", args=[report.pk]))
    entry = AuditEntry.objects.get(event="report.viewed")
    assert entry.subject_id == report.pk and entry.actor_id == triage.pk
    assert entry.details["person_ids"] == [report.involvements.get().person_id]


def test_an_anonymous_reporter_is_hidden_from_roles_that_do_not_need_it(
    login, intake, case_worker, police, reference
):
    from meldpunt.registry.services import ReporterData

    report = flow.register(
        intake, reporter=ReporterData(reporter_type=police, name="Juf Geheim", anonymous=True)
    )
    assert (
        "Juf Geheim"
        not in login(case_worker)
        .get(reverse("web:report_detail", args=[report.pk]))
        .content.decode()
    )
    assert (
        "Juf Geheim"
        in login(intake).get(reverse("web:report_detail", args=[report.pk])).content.decode()
    )


def test_triage_with_four_eyes_through_the_pages(login, intake, make_user, approver, reference):
    report = flow.register(intake)
    senior = make_user(Role.TRIAGE, Role.APPROVER)
    client = login(senior)
    client.post(reverse("web:start_assessment", args=[report.pk]), {"version": 0})
    response = client.post(
        reverse("web:propose_decision", args=[report.pk]),
        {
            "version": 1,
            "structural_unsafety": "on",
            "assessment_rationale": "Herhaald geweld",
            "outcome": "onderzoek",
            "rationale": "Onderzoek nodig",
        },
    )
    assert response.status_code == 302
    response = client.post(reverse("web:approve_decision", args=[report.pk]), {"version": 2})
    assert "Vier-ogenprincipe" in response.content.decode()
    response = login(approver).post(
        reverse("web:approve_decision", args=[report.pk]), {"version": 2}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DECIDED
    assert report.services.get().kind == ServiceKind.INVESTIGATION


def test_a_stale_page_is_refused_with_a_clear_message(login, intake, triage, make_user, reference):
    report = flow.register(intake)
    login(triage).post(reverse("web:start_assessment", args=[report.pk]), {"version": 0})
    other = make_user(Role.TRIAGE)
    response = login(other).post(
        reverse("web:propose_decision", args=[report.pk]),
        {"version": 0, "assessment_rationale": "x", "outcome": "overdracht", "rationale": "y"},
    )
    assert response.status_code == 400
    assert "Iemand anders heeft dit dossier intussen gewijzigd" in response.content.decode()
    assert not report.triage_decisions.exists()


def test_an_investigation_is_closed_with_findings_and_a_second_professional(
    login, intake, triage, approver, case_worker, reference
):
    report = flow.register(intake)
    report.violence_forms.set([ViolenceForm.objects.get(code="partnergeweld")])
    flow.decide(report, triage=triage, approver=approver, outcome="onderzoek")
    service = report.services.get()
    form = ViolenceForm.objects.get(code="partnergeweld")
    client = login(case_worker)
    today = clock_module.today().isoformat()
    client.post(
        reverse("web:service_handover", args=[service.pk]),
        {
            "destination": str(
                __import__("meldpunt.reference.models", fromlist=["x"])
                .HandoverDestination.objects.get(code="lokale-veld")
                .pk
            ),
            "handed_over_on": today,
            "warm": "on",
        },
    )
    response = client.post(
        reverse("web:service_propose_close", args=[service.pk]),
        {"version": 0, "conclusion": "Geweld bevestigd"},
    )
    assert "Uitkomst: (Ex-)partnergeweld" in response.content.decode()  # required finding
    client.post(
        reverse("web:service_propose_close", args=[service.pk]),
        {"version": 0, "conclusion": "Geweld bevestigd", f"finding_{form.pk}": "bevestigd"},
    )
    login(approver).post(reverse("web:service_approve_close", args=[service.pk]), {"version": 1})
    service.refresh_from_db()
    assert service.status == "closed"
    assert report.services.filter(kind=ServiceKind.MONITORING).exists()


def test_the_case_timeline_shows_what_happened(login, intake, triage, approver, reference):
    report = flow.register(intake)
    flow.decide(report, triage=triage, approver=approver, outcome="voorwaarden_vervolg")
    page = login(triage).get(reverse("web:case_detail", args=[report.case_id])).content.decode()
    assert "Triagebesluit: Voorwaarden &amp; Vervolg (voorgesteld door" in page
    assert "Voorwaarden &amp; Vervolg gestart" in page
    assert f"Melding {report.number} ontvangen" in page
