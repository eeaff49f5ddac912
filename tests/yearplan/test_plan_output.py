import json

import pytest
from django.core.management import CommandError, call_command

from meldpunt.access.roles import Role
from meldpunt.yearplan import services
from meldpunt.yearplan.admin import PlanKpiForm
from tests.process import flow


@pytest.fixture
def plans(db):
    return services.load_example_plans()


def test_the_plan_command_shows_every_row_computed_and_entered_side_by_side(
    plans, make_user, intake, triage, approver, clock, reference, tmp_path, capsys
):
    clock.at(2020, 3, 2, 10)
    report = flow.register(intake)
    clock.at(2020, 3, 6, 10)
    flow.decide(report, triage=triage, approver=approver)
    vtrr = next(p for p in plans if "Rotterdam" in p.organisation)
    services.enter_value(
        kpi=vtrr.kpis.get(name__startswith="Lager ziekteverzuim"),
        by=make_user(Role.HR_ADVISER),
        period="2020-03",
        number=7.2,
    )
    call_command("plan", year=2020, organisation="Rotterdam", period="2020-03")
    body = json.loads(capsys.readouterr().out)
    rows = {r["name"][:20]: r for r in body["indicators"]}
    assert len(body["indicators"]) == 9
    assert {"part", "name", "norm", "value", "status", "owner", "frequency"} <= set(
        body["indicators"][0]
    )
    triage_row = rows["Aantal beoordeelde m"]
    assert (triage_row["value"], triage_row["status"], triage_row["source"]) == (
        100.0,
        "on_track",
        "computed",
    )
    sick = rows["Lager ziekteverzuim"]
    assert (sick["value"], sick["status"], sick["owner"]) == (7.2, "off_track", "hr_adviser")
    iso = rows["Certificering kwalit"]
    assert (iso["value"], iso["status"]) == (None, "missing")


def test_the_quarterly_progress_report_is_a_pdf(plans, clock, tmp_path, reference):
    clock.at(2020, 7, 1, 10)
    target = tmp_path / "voortgang.pdf"
    call_command(
        "plan", year=2020, organisation="Rotterdam", period="2020-Q2", format="pdf", output=target
    )
    assert target.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"year": 2019, "period": "2019-03"}, "precies één jaarplan"),
        ({"year": 2020, "organisation": "Rotterdam", "period": "2021-03"}, "valt niet in"),
        ({"year": 2020, "organisation": "Rotterdam", "period": "maart"}, "geen periode"),
        (
            {"year": 2020, "organisation": "Rotterdam", "period": "2020-03", "format": "pdf"},
            "per kwartaal",
        ),
    ],
)
def test_the_plan_command_says_what_is_wrong(plans, kwargs, message):
    with pytest.raises(CommandError, match=message):
        call_command("plan", **kwargs)


def test_the_administrator_types_a_norm_as_the_plans_write_it(plans):
    kpi = plans[0].kpis.first()
    form = PlanKpiForm(
        instance=kpi,
        data={
            "plan": kpi.plan_id,
            "part": kpi.part_id,
            "code": kpi.code,
            "name": kpi.name,
            "unit": "",
            "monitoring": "",
            "frequency": "monthly",
            "periods": "month",
            "owner_role": "analyst",
            "computed_code": "",
            "report_within_days": 10,
            "norm": "95-100",
        },
    )
    assert form.is_valid(), form.errors
    saved = form.save()
    assert (saved.norm_kind, saved.norm_low, saved.norm_high) == ("range", 95, 100)
    bad = PlanKpiForm(instance=kpi, data={**form.data, "norm": "100-95"})
    assert not bad.is_valid() and "hoog naar laag" in bad.errors["norm"][0]
