"""POST /api/v1/intake/police/ and `meldpunt import-police`: one report or a batch, idempotent on
the police registration number, each report whole or not at all, concurrent copies make one."""

import json
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from rest_framework.test import APIClient

from meldpunt.access.roles import Role
from meldpunt.api.clients import issue_token, system_client
from meldpunt.api.police_import import import_file
from meldpunt.registry.models import Household, Person, Report, ReportSource

pytestmark = pytest.mark.django_db

URL = "/api/v1/intake/police/"


def police_item(reference="PL1300-2026-000101", **overrides):
    item = {
        "police_reference": reference,
        "sent_at": "2026-03-02T07:30:00+01:00",
        "incident": {
            "date": "2026-03-01",
            "time": "23:40",
            "place": {
                "municipality": "GM0606",
                "street": "Broersvest",
                "house_number": "12",
                "postcode": "3111AB",
                "city": "Schiedam",
            },
        },
        "people": [
            {
                "role": "victim",
                "given_names": "Sanne",
                "surname": "de Wit",
                "sex": "v",
                "date_of_birth": "1988-05-12",
                "bsn": "111222333",
            },
            {"role": "suspect", "given_names": "Mark", "surname": "de Wit", "sex": "m"},
            {
                "role": "child",
                "given_names": "Noor",
                "surname": "de Wit",
                "date_of_birth": "2019-02-03",
            },
        ],  # fmt: skip
        "assessment": "Buren belden 112. Vrouw met letsel aan de arm, kind was aanwezig. "
        "Politie schat de situatie in als structureel onveilig.",
        "violence_forms": ["partnergeweld"],
        "acute": False,
        "officer": {"name": "Agent Yilmaz", "unit": "Basisteam Schiedam"},
    }
    item.update(overrides)
    return item


@pytest.fixture
def police_api(system_client, reference, clock):
    clock.at(2026, 3, 2, 9)
    return system_client


def test_a_police_report_is_registered_once_and_a_retry_answers_the_same_report(police_api):
    first = police_api.post(URL, police_item(), format="json")
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["result"] == "created"
    assert body["report"]["status"] == "received"
    assert body["report"]["triage_due"] == "2026-03-09"
    report = Report.objects.get(pk=body["report"]["id"])
    assert report.source == ReportSource.POLICE
    assert report.police_reference == "PL1300-2026-000101"
    assert report.reporter.reporter_type.code == "politie"
    assert report.reporter.organisation == "Basisteam Schiedam"
    assert "structureel onveilig" in report.description
    assert "01-03-2026 23:40" in report.description
    assert {i.role for i in report.involvements.all()} == {"victim", "suspect", "child"}
    retry = police_api.post(URL, police_item(), format="json")
    assert retry.status_code == 200
    assert retry.json()["result"] == "existing"
    assert retry.json()["report"] == body["report"]
    assert Report.objects.count() == 1
    assert Person.objects.count() == 3


def test_only_the_police_intake_right_may_deliver(api, make_user, reference):
    response = api.as_user(make_user(Role.INTAKE)).post(URL, police_item(), format="json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_the_police_client_may_use_nothing_else(police_api):
    assert police_api.get("/api/v1/reports/").status_code == 403
    assert police_api.post("/api/v1/reports/", {}, format="json").status_code == 403
    assert police_api.get("/api/v1/worklist/").status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"police_reference": ""}, "police_reference"),
        ({"police_reference": "PL 13 00"}, "police_reference"),
        ({"people": []}, "people"),
        ({"incident": {"date": "2026-03-01", "place": {"municipality": "GM9999"}}},
         "incident.place.municipality"),
        ({"incident": {"date": "01-03-2026", "place": {"municipality": "GM0606"}}},
         "incident.date"),
        ({"assessment": ""}, "assessment"),
        ({"people": [{"role": "victim", "surname": "X", "bsn": "123456789"}]}, "people.0.bsn"),
        ({"people": [{"role": "victim", "surname": "X", "person_id": 1}]}, "people.0.person_id"),
        ({"politie": "extra"}, "politie"),
    ],
)  # fmt: skip
def test_an_invalid_report_is_a_problem_and_stores_nothing(police_api, change, field):
    response = police_api.post(URL, police_item(**change), format="json")
    assert response.status_code == 400, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Report.objects.exists() and not Person.objects.exists()


def test_an_incident_after_the_receipt_is_refused_whole(police_api):
    response = police_api.post(URL, police_item(sent_at="2026-02-28T10:00:00+01:00"), format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "De incidentdatum ligt na de ontvangst."
    assert not Person.objects.exists() and not Household.objects.exists()


def test_in_a_batch_each_report_stands_alone(police_api):
    bad_bsn = police_item("PL1300-2026-000102")
    bad_bsn["people"][0]["bsn"] = "123456789"
    late = police_item("PL1300-2026-000104", sent_at="2026-02-20T10:00:00+01:00")
    batch = {
        "reports": [
            police_item("PL1300-2026-000101"),
            bad_bsn,
            police_item("PL1300-2026-000101"),
            {"police_reference": "PL1300-2026-000105"},
            late,
            police_item("PL1300-2026-000103", acute=True),
        ]
    }
    response = police_api.post(URL, batch, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert [r["result"] for r in body["results"]] == [
        "created", "invalid", "existing", "invalid", "invalid", "created"
    ]  # fmt: skip
    assert (body["created"], body["existing"], body["invalid"]) == (2, 1, 3)
    assert body["results"][1]["problem"]["errors"][0]["field"] == "people.0.bsn"
    assert body["results"][1]["police_reference"] == "PL1300-2026-000102"
    assert body["results"][3]["police_reference"] == "PL1300-2026-000105"
    assert "incident" in [e["field"] for e in body["results"][3]["problem"]["errors"]]
    assert body["results"][4]["problem"]["detail"] == "De incidentdatum ligt na de ontvangst."
    assert body["results"][0]["report"] == body["results"][2]["report"]
    assert Report.objects.count() == 2
    assert Person.objects.count() == 6  # nothing of the refused reports was kept


@pytest.mark.parametrize(
    "batch",
    [
        {"reports": []},
        {"reports": [{}] * 501},
        {"reports": {}},
        {"reports": [{}], "extra": 1},
        {"reports": ["geen melding"]},
    ],
)
def test_a_malformed_batch_is_refused_as_a_whole(police_api, batch):
    assert police_api.post(URL, batch, format="json").status_code == 400


@pytest.mark.django_db(transaction=True)
def test_two_copies_sent_at_the_same_moment_make_one_report(reference, clock):
    """Two clients deliver the same report at once (a retry racing the original): the unique
    police registration number lets exactly one registration commit; the other answers it."""
    clock.at(2026, 3, 2, 9)
    _, key, _ = issue_token(name="politie-intake")
    rounds = 4
    answers: list[tuple[int, str, int]] = []
    errors: list[BaseException] = []

    def deliver(reference_number: str, barrier: threading.Barrier) -> None:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        try:
            barrier.wait(timeout=10)
            response = client.post(URL, police_item(reference_number), format="json")
            answers.append(
                (response.status_code, response.json()["result"], response.json()["report"]["id"])
            )
        except BaseException as err:  # reported below, in the test's own thread
            errors.append(err)
        finally:
            connection.close()

    for n in range(rounds):
        barrier = threading.Barrier(2)
        threads = [
            threading.Thread(target=deliver, args=(f"PL1300-RACE-{n}", barrier)) for _ in range(2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert errors == []
    assert Report.objects.filter(police_reference__startswith="PL1300-RACE-").count() == rounds
    assert sorted(r for _, r, _ in answers) == ["created"] * rounds + ["existing"] * rounds
    assert sorted(s for s, _, _ in answers) == [200] * rounds + [201] * rounds


def _write_jsonl(path, items):
    path.write_text("\n".join(i if isinstance(i, str) else json.dumps(i) for i in items) + "\n")


def test_the_import_command_takes_in_a_file_with_a_summary(tmp_path, reference, clock, capsys):
    clock.at(2026, 3, 2, 9)
    path = tmp_path / "politie.jsonl"
    _write_jsonl(
        path,
        [police_item(f"PL1300-2026-1{n:05d}") for n in range(4)]
        + ["{kapot", police_item("PL1300-2026-100000")],
    )
    rejected = tmp_path / "afgewezen.jsonl"
    call_command("import-police", str(path), "--rejected", str(rejected))
    out = capsys.readouterr().out
    assert "6 gelezen: 4 nieuw, 1 al aanwezig, 1 afgewezen." in out
    assert "#5: Regel 5 is geen geldige JSON" in out
    assert json.loads(rejected.read_text())["index"] == 5
    assert Report.objects.count() == 4
    assert {r.registered_by.username for r in Report.objects.all()} == {"politie-import"}
    call_command("import-police", str(path))
    assert "6 gelezen: 0 nieuw, 5 al aanwezig, 1 afgewezen." in capsys.readouterr().out
    assert Report.objects.count() == 4


def test_an_interrupted_import_continues_without_duplicates(tmp_path, reference, clock):
    clock.at(2026, 3, 2, 9)
    path = tmp_path / "politie.json"
    path.write_text(json.dumps([police_item(f"PL1300-2026-2{n:05d}") for n in range(6)]))
    by = system_client("politie-import")

    def interrupt_after_three(position, result):
        if position == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(path, by=by, on_item=interrupt_after_three)
    assert Report.objects.count() == 3
    summary = import_file(path, by=by)
    assert (summary.counts["existing"], summary.counts["created"]) == (3, 3)
    assert Report.objects.count() == 6
    assert Report.objects.values("police_reference").distinct().count() == 6


def test_the_import_refuses_a_missing_or_unreadable_file(tmp_path, reference):
    with pytest.raises(CommandError, match="niet gevonden"):
        call_command("import-police", str(tmp_path / "nergens.jsonl"))
    broken = tmp_path / "kapot.json"
    broken.write_text('[{"police_reference": ')
    with pytest.raises(CommandError, match="kan niet worden gelezen"):
        call_command("import-police", str(broken))
