import datetime as dt
import json
import zoneinfo
from pathlib import Path

import pytest

from meldpunt.access.models import AuditEntry
from meldpunt.acute import brp, selectors, services
from meldpunt.acute.models import InformationSource, InterventionKind
from meldpunt.errors import DomainError, NotAllowed
from tests.process import flow

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
FIXTURES = Path(__file__).parent / "fixtures"


def at(*args):
    return dt.datetime(*args, tzinfo=AMS)


@pytest.fixture
def report(db, clock, intake, schiedam):
    clock.at(2026, 3, 2, 9)
    return flow.register(
        intake,
        municipality=schiedam,
        people=[
            flow.person("victim", bsn="999993653", date_of_birth=dt.date(1985, 6, 1)),
            flow.person("child", bsn="999990019", date_of_birth=dt.date(2015, 2, 3)),
        ],
    )


@pytest.mark.django_db
def test_outstanding_requests_show_on_the_assessment_and_flag_it_on_the_worklist(
    report, triage, clock
):
    clock.at(2026, 3, 2, 10)
    police = services.request_information(
        report=report, by=triage, source=InformationSource.POLICE, question="Eerdere incidenten?"
    )
    services.request_information(
        report=report, by=triage, source=InformationSource.SCHOOL, question="Signalen op school?"
    )
    assert selectors.outstanding_requests(user=triage, report=report).count() == 2
    assert list(selectors.reports_awaiting_information(user=triage)) == [report]
    clock.at(2026, 3, 3, 16)
    services.record_answer(
        request=police, by=triage, answer="Twee eerdere incidenten", answered_by="Wijkagent"
    )
    assert selectors.outstanding_requests(user=triage, report=report).count() == 1
    figures = selectors.figures(user=triage, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    assert figures["information_requests"]["police"] == {
        "asked": 1,
        "answered": 1,
        "average_answer_hours": 30.0,
    }


@pytest.mark.django_db
def test_an_intake_employee_may_not_request_information(report, intake):
    with pytest.raises(NotAllowed):
        services.request_information(report=report, by=intake, source="police", question="?")


@pytest.mark.django_db
def test_a_brp_lookup_against_the_stand_in_answers_in_the_api_format_and_is_audited(
    report, triage, clock
):
    clock.at(2026, 3, 2, 11)
    person = brp.lookup_person(by=triage, report=report, bsn="999993653", brp=brp.StandIn())
    assert person is not None
    assert person.bsn == "999993653"
    assert person.date_of_birth == dt.date(1985, 6, 1)
    assert person.municipality_code == "0606"
    assert [c.bsn for c in person.children] == ["999990019"]
    entry = AuditEntry.objects.get(event="brp.lookup")
    assert entry.actor_id == triage.pk
    assert entry.details == {"report_id": report.pk, "found": True, "fields": len(brp.FIELDS)}
    assert "999993653" not in json.dumps(entry.details)
    request = report.information_requests.get()
    assert request.source == InformationSource.BRP
    assert request.answered_at is not None


@pytest.mark.django_db
def test_a_brp_lookup_with_an_invalid_bsn_is_refused_before_asking(report, triage):
    with pytest.raises(DomainError, match="11-proef"):
        brp.lookup_person(by=triage, report=report, bsn="123456789", brp=brp.StandIn())
    assert not AuditEntry.objects.filter(event="brp.lookup").exists()


def _fake_transport(status: int, body: dict, seen: list):
    def send(url, data, headers):
        seen.append((url, json.loads(data), headers))
        return status, json.dumps(body).encode()

    return send


def test_the_adapter_asks_only_the_needed_fields_with_the_api_key():
    seen = []
    body = json.loads((FIXTURES / "brp_raadpleeg_volledig.json").read_text())
    client = brp.HaalCentraalBrp(
        "https://brp.example/haalcentraal/api/brp/",
        "geheim",
        transport=_fake_transport(200, body, seen),
    )
    client.find("999993653")
    ((url, query, headers),) = seen
    assert url == "https://brp.example/haalcentraal/api/brp/personen"
    assert headers["X-API-KEY"] == "geheim"
    assert query["type"] == "RaadpleegMetBurgerservicenummer"
    assert query["burgerservicenummer"] == ["999993653"]
    assert query["fields"] == list(brp.FIELDS)
    assert not any(f.startswith(("nationaliteiten", "overlijden", "partners")) for f in brp.FIELDS)


def test_the_adapter_reads_the_spec_example_with_a_full_date_address_and_children():
    body = json.loads((FIXTURES / "brp_raadpleeg_volledig.json").read_text())
    person = brp.HaalCentraalBrp(
        "https://brp.example", "k", transport=_fake_transport(200, body, [])
    ).find("999993653")
    assert person.full_name == "Hendrika Johanna van der Berg"
    assert person.date_of_birth == dt.date(1956, 11, 15)
    assert person.birth_date_text == "15 november 1956"
    assert person.sex == "V"
    assert (person.street, person.house_number, person.postcode, person.city) == (
        "Broersvest",
        "12a",
        "3111AA",
        "Schiedam",
    )
    assert person.municipality_code == "0606"
    assert not person.confidential
    assert [(c.bsn, c.date_of_birth) for c in person.children] == [
        ("999990019", dt.date(2015, 2, 3))
    ]


def test_the_adapter_reads_partial_dates_and_the_secrecy_indicator():
    body = json.loads((FIXTURES / "brp_raadpleeg_geheim_onvolledige_datum.json").read_text())
    person = brp.HaalCentraalBrp(
        "https://brp.example", "k", transport=_fake_transport(200, body, [])
    ).find("000000153")
    assert person.date_of_birth is None
    assert person.birth_date_text == "maart 1978"
    assert person.confidential
    assert person.street == ""
    assert person.children == ()


def test_the_adapter_returns_none_when_the_register_knows_no_one():
    person = brp.HaalCentraalBrp(
        "https://brp.example",
        "k",
        transport=_fake_transport(
            200, {"type": "RaadpleegMetBurgerservicenummer", "personen": []}, []
        ),
    ).find("999993653")
    assert person is None


def test_a_refusal_by_the_api_becomes_a_dutch_message_with_its_detail():
    body = json.loads((FIXTURES / "brp_400_bad_request.json").read_text())
    client = brp.HaalCentraalBrp(
        "https://brp.example", "k", transport=_fake_transport(400, body, [])
    )
    with pytest.raises(brp.BrpError, match="HTTP 400.*Minimale combinatie"):
        client.find("999993653")


@pytest.mark.django_db
def test_interventions_around_a_family_are_recorded_per_case_and_counted(report, triage, clock):
    clock.at(2026, 3, 10, 9)
    aware = services.start_family_intervention(
        case=report.case,
        by=triage,
        kind=InterventionKind.AWARE,
        started_on=dt.date(2026, 3, 3),
        lead_organisation="Politie",
    )
    services.start_family_intervention(
        case=report.case,
        by=triage,
        kind=InterventionKind.MDA,
        started_on=dt.date(2026, 3, 4),
        lead_organisation="",
        vt_leads=True,
    )
    with pytest.raises(DomainError, match="vóór de start"):
        services.end_family_intervention(
            intervention=aware, by=triage, ended_on=dt.date(2026, 3, 1)
        )
    services.end_family_intervention(intervention=aware, by=triage, ended_on=dt.date(2026, 3, 9))
    figures = selectors.figures(user=triage, start=dt.date(2026, 3, 5), end=dt.date(2026, 3, 31))
    assert figures["family_interventions"] == {
        "aware": {"in_use": 1, "vt_leads": 0},
        "mda_plus": {"in_use": 1, "vt_leads": 1},
    }
