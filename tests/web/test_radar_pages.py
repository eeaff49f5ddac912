"""The radar in the web pages: intake candidates with evidence, confirm and reject, the review
queue and a person's links."""

import datetime as dt

import pytest
from django.urls import reverse

from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.radar import selectors, services
from meldpunt.radar.models import DecisionKind, LinkDecision, ProposalKind, ProposalStatus
from meldpunt.registry.models import Case, Report
from tests.process import flow
from tests.web.test_pages import _intake_post


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def anna(intake, clock, reference):
    clock.at(2026, 3, 3, 9)
    report = flow.register(
        intake,
        people=[
            flow.person(
                given_names="Anna",
                surname="Jansen",
                date_of_birth=dt.date(1990, 4, 1),
                postcode="3117 AB",
                house_number="4",
            )
        ],
    )
    return report.involvements.get().person


def _typed(**kw):
    # A typo in the name, day and month swapped, no BSN: still Anna.
    return _intake_post(
        **{
            "people-0-given_names": "Ana",
            "people-0-date_of_birth": "1990-01-04",
            "people-0-bsn": "",
            "people-0-house_number": "4",
            **kw,
        }
    )


def test_intake_proposes_the_known_person_with_probability_and_evidence(login, intake, anna):
    page = login(intake).post(reverse("web:report_new"), _typed()).content.decode()
    assert "Al bekend bij Veilig Thuis" in page
    assert f'name="people-0-person_id" value="{anna.pk}"' in page
    assert "waarschijnlijk" in page
    assert "dag en maand omgewisseld" in page
    assert "ontbreekt bij een van beide" in page  # the BSN


def test_confirming_a_candidate_joins_the_known_person_and_records_the_decision(
    login, intake, anna
):
    client = login(intake)
    response = client.post(
        reverse("web:report_new"),
        _typed(
            action="save",
            checked="1",
            **{"people-0-person_id": str(anna.pk), "people-0-shown": str(anna.pk)},
        ),
    )
    report = Report.objects.latest("id")
    assert response.status_code == 302
    assert report.involvements.get().person == anna
    decision = LinkDecision.objects.get()
    assert (decision.kind, decision.person, decision.decided_by) == (
        DecisionKind.CONFIRMED,
        anna,
        intake,
    )
    assert decision.probability > 0.9


def test_rejecting_the_candidates_makes_a_new_person_and_remembers_the_rejection(
    login, intake, anna
):
    client = login(intake)
    client.post(
        reverse("web:report_new"),
        _typed(
            action="save",
            checked="1",
            **{
                "people-0-shown": str(anna.pk),
                "people-0-link_reason": "Andere moeder, zelfde naam",
            },
        ),
    )
    newcomer = Report.objects.latest("id").involvements.get().person
    assert newcomer != anna
    decision = LinkDecision.objects.get(kind=DecisionKind.REJECTED)
    assert (decision.person, decision.other, decision.reason) == (
        newcomer,
        anna,
        "Andere moeder, zelfde naam",
    )
    assert selectors.match_person(intake, newcomer) == []


def test_a_person_on_a_shielded_file_cannot_be_chosen_by_posting_its_id(
    login, intake, make_user, anna
):
    Case.objects.filter(pk=anna.involvements.get().report.case_id).update(shielded=True)
    response = login(intake).post(
        reverse("web:report_new"),
        _typed(action="save", checked="1", **{"people-0-person_id": str(anna.pk)}),
    )
    assert "Deze persoon kunt u niet koppelen." in response.content.decode()
    assert Report.objects.count() == 1


def test_intake_shows_only_whom_to_contact_for_a_shielded_match(login, intake, make_user, anna):
    colleague = make_user(Role.TRIAGE, first_name="Sanne", last_name="Schild")
    case = Case.objects.get(pk=anna.involvements.get().report.case_id)
    case.shielded = True
    case.save()
    case.shielded_for.add(colleague)
    page = login(intake).post(reverse("web:report_new"), _typed()).content.decode()
    assert "mogelijke match in een afgeschermd dossier" in page
    assert "Sanne Schild" in page
    block = page.split("Al bekend")[1].split("Geen van deze")[0]
    assert f'person_id" value="{anna.pk}"' not in block
    assert "1990" not in block and "Anna" not in block


def test_the_review_queue_shows_evidence_and_a_merge_is_carried_out_with_a_reason(
    login, intake, approver, anna
):
    other = (
        flow.register(
            intake,
            people=[
                flow.person(
                    given_names="Anna", surname="Janssen", date_of_birth=dt.date(1990, 4, 1)
                )
            ],
        )
        .involvements.get()
        .person
    )
    proposal = services.propose(
        kind=ProposalKind.MERGE, person_id=anna.pk, other_id=other.pk, probability=0.95
    )
    client = login(approver)
    page = client.get(reverse("web:radar_queue")).content.decode()
    assert f"proposal-{proposal.pk}" in page and "Samenvoegen" in page
    assert "Geboortedatum" in page and "komt overeen" in page
    assert AuditEntry.objects.filter(event="radar.proposals.viewed").exists()
    prefix = f"p{proposal.pk}"
    client.post(reverse("web:radar_decide", args=[proposal.pk]), {f"{prefix}-accept": "1"})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING  # no reason, no merge
    client.post(
        reverse("web:radar_decide", args=[proposal.pk]),
        {f"{prefix}-accept": "1", f"{prefix}-reason": "Zelfde vrouw volgens BRP"},
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED
    assert selectors.identity_of(other.pk) == anna.pk


def test_the_review_queue_is_for_approvers(login, intake, db):
    assert login(intake).get(reverse("web:radar_queue")).status_code == 403


def test_a_persons_links_page_proposes_a_merge_for_review(login, intake, approver, anna):
    other = (
        flow.register(
            intake,
            people=[
                flow.person(given_names="Anna", surname="Jansen", date_of_birth=dt.date(1990, 1, 4))
            ],
        )
        .involvements.get()
        .person
    )
    client = login(intake)
    page = client.get(reverse("web:radar_person", args=[anna.pk])).content.decode()
    assert "Mogelijk dezelfde persoon" in page and f'name="other" value="{other.pk}"' in page
    client.post(
        reverse("web:radar_propose", args=[anna.pk]), {"other": str(other.pk), "kind": "merge"}
    )
    assert selectors.pending_proposals().get().other_id == max(anna.pk, other.pk)
    assert selectors.identity_of(other.pk) == other.pk  # nothing merged yet


def test_the_report_page_shows_the_fixed_class_and_the_current_view_after_a_split(
    login, intake, triage, approver, clock, anna
):
    first_report = anna.involvements.get().report
    flow.decide(first_report, triage=triage, approver=approver)
    clock.at(2026, 3, 10, 9)
    again = flow.register(
        intake,
        people=[
            flow.person(given_names="Anna", surname="Jansen", date_of_birth=dt.date(1990, 1, 4))
        ],
    )
    other = again.involvements.get().person
    services.merge_people(person=anna, other=other, by=approver, reason="Zelfde vrouw")
    flow.decide(again, triage=triage, approver=approver)
    services.split_people(person=anna, other=other, by=approver, reason="Toch twee")
    page = login(triage).get(reverse("web:report_detail", args=[again.pk])).content.decode()
    shown = page.split('data-testid="prior-involvement">')[1].split("</dd>")[0]
    assert "Na de veiligheidsbeoordeling" in shown and "vastgelegd bij het besluit" in shown
    assert "volgens de koppelingen nu: Eerste melding" in shown
