import csv
import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from meldpunt.access import pseudonyms, subject_rights
from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.errors import DomainError, NotAllowed
from meldpunt.reference.models import ReporterType
from meldpunt.registry.models import Person
from meldpunt.registry.services import ReporterData
from tests.process import flow


@pytest.fixture
def family(intake, triage, approver, reference):
    """A report about Anna (victim) and Bram (suspect) from an anonymous neighbour."""
    report = flow.register(
        intake,
        people=[
            flow.person(given_names="Anna", surname="Verbeek", bsn="111222333"),
            flow.person(role="suspect", given_names="Bram", surname="Kortland", street="Dijkweg"),
        ],
        reporter=ReporterData(
            reporter_type=ReporterType.objects.get(code="politie"),
            name="Truus Buitenhof",
            phone="0612345678",
            anonymous=True,
        ),
        description="Truus Buitenhof hoorde Bram Kortland schreeuwen tegen Anna.",
    )
    flow.decide(report, triage=triage, approver=approver)
    people = {i.person.given_names: i.person for i in report.involvements.all()}
    return report, people["Anna"], people["Bram"]


def test_the_access_report_holds_the_persons_own_data_and_no_one_elses(family, privacy_officer):
    report, anna, _ = family
    out = subject_rights.access_report(by=privacy_officer, person=anna)
    text = json.dumps(out, ensure_ascii=False)
    assert out["persoon"]["naam"] == "Anna Verbeek" and out["persoon"]["bsn"] == "111222333"
    [melding] = out["meldingen"]
    assert melding["melding"] == report.number and melding["uw_rol"] == "Slachtoffer"
    assert melding["andere_betrokkenen"] == ["(Vermoedelijke) pleger"]
    assert melding["besluiten"][0]["besluit"] == "Overdracht"
    for other in ("Kortland", "Bram", "Dijkweg", "Truus", "Buitenhof", "0612345678"):
        assert other not in text, other
    assert "schreeuwen tegen Anna" in melding["omschrijving"]
    assert melding["melder"] == {"soort": "Politie", "identiteit": "De melder wil anoniem blijven."}


def test_an_access_request_is_recorded_and_only_the_privacy_officer_makes_one(
    family, privacy_officer, make_user
):
    _, anna, _ = family
    with pytest.raises(NotAllowed):
        subject_rights.access_report(by=make_user(Role.TEAM_LEAD), person=anna)
    subject_rights.access_report(by=privacy_officer, person=anna)
    entry = AuditEntry.objects.get(event="rights.access_report")
    assert AuditEntry.ids(entry.person_ids) == [anna.pk]


def test_the_access_report_is_also_a_pdf(family, privacy_officer, tmp_path):
    _, anna, _ = family
    target = tmp_path / "inzage.pdf"
    call_command(
        "access-request",
        "--user",
        privacy_officer.username,
        "--person",
        str(anna.pk),
        "--output",
        str(target),
        stdout=io.StringIO(),
    )
    assert target.read_bytes().startswith(b"%PDF")


def test_a_correction_keeps_what_it_replaced_and_shows_in_the_next_access_report(
    family, privacy_officer
):
    _, anna, _ = family
    subject_rights.correct(
        by=privacy_officer,
        person=anna,
        field="date_of_birth",
        value="1980-02-03",
        reason="Verkeerd overgenomen",
    )
    assert Person.objects.get(pk=anna.pk).date_of_birth == dt.date(1980, 2, 3)
    assert anna.corrections.get().new_value == "1980-02-03"
    out = subject_rights.access_report(by=privacy_officer, person=anna)
    assert out["correcties"][0]["gegeven"] == "geboortedatum"
    with pytest.raises(DomainError):
        subject_rights.correct(
            by=privacy_officer, person=anna, field="postcode", value="12", reason="Fout"
        )
    with pytest.raises(DomainError):
        subject_rights.correct(by=privacy_officer, person=anna, field="bsn", value="1", reason="x")


def test_a_person_can_dispute_information_and_the_dispute_stays_with_the_file(
    family, privacy_officer
):
    report, anna, bram = family
    subject_rights.annotate(
        by=privacy_officer,
        person=bram,
        kind="dispute",
        concerns="Omschrijving van de melding",
        text="Ik heb niet geschreeuwd.",
        report=report,
    )
    out = subject_rights.access_report(by=privacy_officer, person=bram)
    assert out["aantekeningen"][0]["tekst"] == "Ik heb niet geschreeuwd."
    assert "Verbeek" not in json.dumps(out)


def test_restricted_people_are_left_out_of_the_analysts_export(family, privacy_officer, make_user):
    report, anna, bram = family
    analyst = make_user(Role.ANALYST)
    day = report.received_at.date()
    assert len(pseudonyms.export_rows(by=analyst, date_from=day, date_to=day)) == 2
    subject_rights.restrict(by=privacy_officer, person=anna, reason="Betwist de juistheid")
    rows = pseudonyms.export_rows(by=analyst, date_from=day, date_to=day)
    assert [r["rol"] for r in rows] == ["suspect"]
    with pytest.raises(DomainError):
        subject_rights.restrict(by=privacy_officer, person=anna, reason="Nogmaals")
    subject_rights.lift_restriction(by=privacy_officer, person=anna)
    assert not subject_rights.is_restricted(anna)


def test_the_pseudonymised_export_has_no_names_bsn_addresses_or_free_text(
    family, make_user, settings
):
    settings.PSEUDONYM_KEY = "k1"
    report, anna, bram = family
    analyst = make_user(Role.ANALYST)
    day = report.received_at.date()
    text = pseudonyms.to_csv(pseudonyms.export_rows(by=analyst, date_from=day, date_to=day))
    for secret in ("Anna", "Verbeek", "111222333", "Dijkweg", "Truus", "schreeuwen", "3011"):
        assert secret not in text, secret
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["leeftijdsklasse"] for r in rows} <= {"0-3", "4-11", "12-17", "18-64", "65+"}
    assert rows[0]["huishouden"] == rows[1]["huishouden"] != rows[0]["persoon"]


def test_pseudonyms_are_stable_with_one_key_and_differ_with_another(family, make_user, settings):
    report, anna, _ = family
    analyst = make_user(Role.ANALYST)
    day = report.received_at.date()

    def victim_pseudonym():
        rows = pseudonyms.export_rows(by=analyst, date_from=day, date_to=day)
        return next(r["persoon"] for r in rows if r["rol"] == "victim")

    settings.PSEUDONYM_KEY = "k1"
    first = victim_pseudonym()
    assert victim_pseudonym() == first
    settings.PSEUDONYM_KEY = "k2"
    assert victim_pseudonym() != first


def test_only_the_analyst_exports_the_pseudonymised_register(make_user, db):
    with pytest.raises(NotAllowed):
        pseudonyms.export_rows(
            by=make_user(Role.MANAGER), date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 2, 1)
        )
