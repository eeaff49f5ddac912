"""The radar in the register: candidate search at intake, link decisions, merges and splits,
proposals, shielded files, and the facts fixed at the triage decision. Small hand-made cases,
built through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.errors import DomainError
from meldpunt.process.prior_involvement import classify
from meldpunt.radar import selectors, services
from meldpunt.radar.models import (
    DecisionKind,
    LinkDecision,
    LinkProposal,
    PersonKey,
    ProposalKind,
    ProposalStatus,
    ReportFacts,
)
from meldpunt.reference.cbs import PriorInvolvement
from meldpunt.registry.models import Person
from tests.process import flow

HOME = {"street": "Kerkstraat", "house_number": "12", "postcode": "3011 AB", "city": "Rotterdam"}


def person(role="victim", **kw):
    values = {**HOME, "sex": "v", "bsn": "", **kw}
    return flow.person(role=role, **values)


def details(**kw) -> dict:
    return {**HOME, "sex": "v", **kw}


def registered(intake, **kw) -> Person:
    report = flow.register(intake, people=[person(**kw)])
    return report.involvements.get().person


@pytest.fixture
def johanna(intake, reference):
    return registered(
        intake,
        given_names="Johanna Maria",
        surname_prefix="van der",
        surname="Berg",
        date_of_birth=dt.date(2015, 3, 4),
    )


def test_a_new_person_gets_blocking_keys_when_registered(johanna):
    keys = set(PersonKey.objects.filter(person=johanna).values_list("key", flat=True))
    assert "dob:2015-03-04" in keys
    assert "adr:3011AB|12" in keys
    assert any(k.startswith("sk_by:") and k.endswith("|2015") for k in keys)
    assert "sn:berg" in keys  # the tussenvoegsel is not part of the surname key


def test_the_same_person_with_a_typo_and_swapped_date_parts_is_found(intake, johanna):
    found = selectors.match(
        intake,
        details(
            given_names="Johana",
            surname="V.d. Berg",
            date_of_birth=dt.date(2015, 4, 3),
        ),
    )
    assert found and found[0].person == johanna
    best = found[0]
    assert best.likely and best.probability > 0.95
    evidence = {e.field: e for e in best.all_evidence}
    assert evidence["dob"].level == "swapped"
    assert evidence["given_name"].agreement == "partial"
    assert evidence["surname"].agreement == "agree"
    assert evidence["surname_prefix"].agreement == "agree"
    assert evidence["address"].agreement == "agree"
    assert evidence["bsn"].agreement == "missing"


def test_twins_with_the_same_surname_address_and_birth_date_are_kept_apart(intake, reference):
    born = dt.date(2012, 6, 20)
    report = flow.register(
        intake,
        people=[
            person(role="child", given_names="Emma", surname="Jansen", date_of_birth=born),
            person(role="child", given_names="Sophie", surname="Jansen", date_of_birth=born),
        ],
    )
    emma, sophie = (i.person for i in report.involvements.order_by("pk"))
    found = selectors.match(
        intake, details(given_names="Emma", surname="Jansen", date_of_birth=born)
    )
    assert found[0].person == emma and found[0].likely
    twin = [m for m in found if m.person == sophie]
    assert not twin or not twin[0].likely
    if twin:
        assert {e.field: e.agreement for e in twin[0].evidence}["given_name"] == "disagree"
    assert services.propose(
        kind=ProposalKind.MERGE, person_id=emma.pk, other_id=sophie.pk, probability=0.2
    )  # a proposal, never a merge: the professional decides
    assert selectors.identity_of(sophie.pk) == sophie.pk


def test_a_confirmed_candidate_is_the_person_the_new_involvement_joins(intake, johanna):
    data = flow.report_data(
        people=[person(given_names="Johanna", surname="Berg", date_of_birth=dt.date(2015, 3, 4))]
    )
    report = services.register_with_links(
        by=intake, data=data, links=[services.IntakeLink(row=0, chosen=johanna.pk, shown=[])]
    )
    assert report.involvements.get().person == johanna
    assert Person.objects.count() == 1
    decision = LinkDecision.objects.get(kind=DecisionKind.CONFIRMED)
    assert decision.person == johanna and decision.report == report
    assert decision.decided_by == intake and decision.probability > 0.9
    assert AuditEntry.objects.filter(event="radar.confirmed", subject_id=decision.pk).exists()


def test_a_rejected_candidate_is_not_proposed_again(intake, approver, johanna):
    data = flow.report_data(
        people=[person(given_names="Johanna", surname="Berg", date_of_birth=dt.date(2015, 3, 4))]
    )
    report = services.register_with_links(
        by=intake,
        data=data,
        links=[services.IntakeLink(row=0, chosen=None, shown=[johanna.pk], reason="Nicht")],
    )
    newcomer = report.involvements.get().person
    assert newcomer != johanna
    rejected = LinkDecision.objects.get(kind=DecisionKind.REJECTED)
    assert (rejected.person, rejected.other, rejected.reason) == (newcomer, johanna, "Nicht")
    assert selectors.match_person(intake, newcomer) == []
    assert selectors.match_person(intake, johanna) == []
    assert (
        services.propose(
            kind=ProposalKind.MERGE, person_id=johanna.pk, other_id=newcomer.pk, probability=0.99
        )
        is None
    )
    # but a third record of the same girl still finds both
    found = selectors.match(
        intake, details(given_names="Johanna", surname="Berg", date_of_birth=dt.date(2015, 3, 4))
    )
    assert {m.person for m in found} == {johanna, newcomer}


def test_a_match_in_a_shielded_file_shows_only_whom_to_contact(intake, make_user, johanna):
    colleague = make_user(Role.TRIAGE, first_name="Sanne", last_name="Schild")
    case = johanna.involvements.get().report.case
    case.shielded = True
    case.save()
    case.shielded_for.add(colleague)
    found = selectors.match(
        intake, details(given_names="Johanna", surname="Berg", date_of_birth=dt.date(2015, 3, 4))
    )
    assert len(found) == 1
    hidden = found[0]
    assert hidden.shielded and hidden.person is None and hidden.probability is None
    assert hidden.evidence == () and hidden.contacts == ("Sanne Schild",)
    seen_by_colleague = selectors.match(
        colleague,
        details(given_names="Johanna", surname="Berg", date_of_birth=dt.date(2015, 3, 4)),
    )
    assert seen_by_colleague[0].person == johanna


def _two_records(intake):
    first = registered(
        intake, given_names="Karin", surname="de Wit", date_of_birth=dt.date(1985, 1, 9)
    )
    second = registered(
        intake, given_names="Karin", surname="Wit", date_of_birth=dt.date(1985, 9, 1)
    )
    return first, second


def test_a_merge_keeps_the_oldest_id_and_a_split_gives_each_record_its_own_back(
    intake, approver, reference
):
    first, second = _two_records(intake)
    with pytest.raises(DomainError, match="reden"):
        services.merge_people(person=second, other=first, by=approver, reason=" ")
    services.merge_people(person=second, other=first, by=approver, reason="Zelfde BSN in BRP")
    assert selectors.identity_of(second.pk) == selectors.identity_of(first.pk) == first.pk
    assert selectors.linked_person_ids([second.pk]) == {first.pk, second.pk}
    services.split_people(person=first, other=second, by=approver, reason="Toch twee mensen")
    assert selectors.identity_of(second.pk) == second.pk
    assert selectors.identity_of(first.pk) == first.pk
    kinds = list(LinkDecision.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds == [DecisionKind.MERGED, DecisionKind.SPLIT, DecisionKind.REJECTED]
    events = set(AuditEntry.objects.values_list("event", flat=True))
    assert {"radar.merged", "radar.split"} <= events
    # split is a judgement: the linker does not propose the merge again
    assert (
        services.propose(
            kind=ProposalKind.MERGE, person_id=first.pk, other_id=second.pk, probability=0.99
        )
        is None
    )


def test_a_proposal_is_decided_in_review_and_never_carried_out_silently(
    intake, approver, reference
):
    first, second = _two_records(intake)
    proposal = services.propose(
        kind=ProposalKind.MERGE, person_id=second.pk, other_id=first.pk, probability=0.97
    )
    assert proposal.person == first  # stored in id order, one pending proposal per pair
    assert (
        services.propose(
            kind=ProposalKind.MERGE, person_id=first.pk, other_id=second.pk, probability=0.97
        )
        == proposal
    )
    assert selectors.identity_of(second.pk) == second.pk
    assert list(selectors.pending_proposals()) == [proposal]
    services.decide_proposal(proposal=proposal, by=approver, accept=True, reason="Zelfde vrouw")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED and proposal.decided_by == approver
    assert selectors.identity_of(second.pk) == first.pk
    split = services.propose(
        kind=ProposalKind.SPLIT, person_id=first.pk, other_id=second.pk, probability=0.1
    )
    services.decide_proposal(proposal=split, by=approver, accept=False, reason="Klopt wel")
    assert selectors.identity_of(second.pk) == first.pk
    assert not selectors.pending_proposals().exists()
    assert LinkProposal.objects.count() == 2


def test_prior_involvement_comes_from_the_links_and_is_fixed_at_the_decision(
    intake, triage, approver, reference
):
    first_report = flow.register(
        intake,
        people=[person(given_names="Karin", surname="de Wit", date_of_birth=dt.date(1985, 1, 9))],
    )
    flow.decide(first_report, triage=triage, approver=approver)
    second_report = flow.register(
        intake,
        people=[person(given_names="Karin", surname="Wit", date_of_birth=dt.date(1985, 9, 1))],
    )
    first = first_report.involvements.get().person
    second = second_report.involvements.get().person
    assert classify(second_report) == PriorInvolvement.FIRST  # not linked yet
    services.merge_people(person=first, other=second, by=approver, reason="Zelfde vrouw")
    flow.decide(second_report, triage=triage, approver=approver)
    second_report.refresh_from_db()
    assert second_report.prior_involvement == PriorInvolvement.AFTER_ASSESSMENT
    facts = ReportFacts.objects.get(report=second_report)
    assert (facts.known_people, facts.person_12m, facts.recidivism) == (1, True, 1)
    services.split_people(person=first, other=second, by=approver, reason="Toch twee")
    second_report.refresh_from_db()
    assert second_report.prior_involvement == PriorInvolvement.AFTER_ASSESSMENT  # fixed
    assert classify(second_report) == PriorInvolvement.FIRST  # the current view follows
    assert selectors.facts_now(second_report).known_people == 0
    assert ReportFacts.objects.get(report=second_report).recidivism == 1


def test_a_correction_of_a_persons_details_rewrites_the_keys(johanna):
    services.index_person(johanna)
    Person.objects.filter(pk=johanna.pk).update(date_of_birth=dt.date(2015, 3, 5))
    johanna.refresh_from_db()
    services.index_person(johanna)
    keys = set(PersonKey.objects.filter(person=johanna).values_list("key", flat=True))
    assert "dob:2015-03-05" in keys and "dob:2015-03-04" not in keys


def test_backfill_indexes_people_written_in_bulk_and_can_be_rerun(johanna):
    PersonKey.objects.all().delete()
    assert services.index_people() == 1
    assert services.index_people() == 0
    assert PersonKey.objects.filter(person=johanna).exists()


def test_household_links_follow_from_shared_addresses(intake, triage, approver, reference):
    earlier = flow.register(
        intake,
        people=[person(given_names="Mila", surname="Bakker", date_of_birth=dt.date(2016, 2, 2))],
    )
    later = flow.register(
        intake,
        people=[person(given_names="Ruud", surname="Bakker", date_of_birth=dt.date(1980, 7, 7))],
    )
    assert later.case.household_id != earlier.case.household_id
    assert earlier.case.household_id in selectors.linked_households(later)
    flow.decide(later, triage=triage, approver=approver)
    facts = ReportFacts.objects.get(report=later)
    assert facts.household_12m and not facts.person_12m and facts.known_people == 0
    stranger = flow.register(
        intake,
        people=[person(given_names="Ruud", surname="Visser", date_of_birth=dt.date(1980, 7, 7))],
    )
    assert earlier.case.household_id not in selectors.linked_households(stranger)


def test_the_purge_hook_removes_the_radar_rows_of_destroyed_people(intake, approver, reference):
    from meldpunt.access.retention import PurgeIds
    from meldpunt.radar.models import Identity, Merge

    first, second = _two_records(intake)
    services.merge_people(person=first, other=second, by=approver, reason="Zelfde vrouw")
    services.purge(ids=PurgeIds((), (), (second.pk,), ()))
    assert not Merge.objects.exists() and not Identity.objects.exists()
    assert not LinkDecision.objects.filter(other=second).exists()
    assert selectors.identity_of(first.pk) == first.pk


def test_a_known_person_with_a_record_on_a_shielded_file_shows_only_the_visible_record(
    intake, approver, make_user, johanna
):
    visible = registered(
        intake, given_names="Johanna", surname="Berg", date_of_birth=dt.date(2015, 3, 4)
    )
    services.merge_people(person=johanna, other=visible, by=approver, reason="Zelfde meisje")
    case = johanna.involvements.get().report.case
    case.shielded = True
    case.save()
    case.shielded_for.add(make_user(Role.TRIAGE))
    found = selectors.match(
        intake,
        details(
            given_names="Johanna Maria",
            surname_prefix="van der",
            surname="Berg",
            date_of_birth=dt.date(2015, 3, 4),
        ),
    )
    assert len(found) == 1
    assert found[0].person == visible and found[0].identity_id == johanna.pk
    assert (found[0].records, found[0].reports) == (1, 1)  # the shielded report is not counted
