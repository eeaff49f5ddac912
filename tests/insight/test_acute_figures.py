"""The acute figures in the management information, on a small hand-built register of March
2026 (Schiedam and Vlaardingen in Regio Noord, Capelle aan den IJssel in Regio Oost), built
through the acute services with the clock. The answers are worked out in the comments."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo

import pytest
from django.core.management import call_command

from meldpunt.access.roles import Role
from meldpunt.acute import services
from meldpunt.acute.models import InformationSource, InterventionKind
from meldpunt.insight import exports, kpis
from meldpunt.insight.periods import Period
from meldpunt.insight.scope import PUBLIC, resolve
from meldpunt.reference.models import HandoverDestination, Municipality
from meldpunt.registry.models import InvolvementRole
from tests.process import flow

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")
MARCH = Period.month(2026, 3)


def at(*args):
    return dt.datetime(*args, tzinfo=AMS)


def _report(intake, municipality):
    return flow.register(
        intake,
        municipality=municipality,
        people=[flow.person("suspect"), flow.person("victim"), flow.person("child")],
    )


def _order(crisis, report, imposed_at):
    people = {i.role: i.person for i in report.involvements.select_related("person")}
    return services.register_restraining_order(
        by=crisis,
        municipality=report.municipality,
        imposed_at=imposed_at,
        removed_person=people[InvolvementRole.SUSPECT],
        staying_behind=[people[InvolvementRole.VICTIM]],
        street="Broersvest",
        house_number="12",
        city=report.municipality.name,
        report=report,
    )


@pytest.fixture
def acute_register(reference, clock, make_user):
    intake, crisis = make_user(Role.INTAKE), make_user(Role.CRISIS_TEAM)
    triage = make_user(Role.TRIAGE)
    schiedam = Municipality.objects.get(cbs_code="GM0606")
    vlaardingen = Municipality.objects.get(cbs_code="GM0622")
    capelle = Municipality.objects.get(name="Capelle aan den IJssel")
    local = HandoverDestination.objects.get(code="lokale-veld")

    # Interventions around the Schiedam family, from January (the file exists from then).
    clock.at(2026, 1, 2, 9)
    rep_s = _report(intake, schiedam)
    services.start_family_intervention(
        case=rep_s.case, by=triage, kind=InterventionKind.SHELTER, started_on=dt.date(2026, 1, 2),
        lead_organisation="Opvang",
    )  # fmt: skip
    clock.at(2026, 2, 10, 9)
    mda = services.start_family_intervention(
        case=rep_s.case, by=triage, kind=InterventionKind.MDA, started_on=dt.date(2026, 2, 10),
        lead_organisation="", vt_leads=True,
    )  # fmt: skip
    clock.at(2026, 2, 15, 9)
    shelter = rep_s.case.family_interventions.get(kind=InterventionKind.SHELTER)
    services.end_family_intervention(intervention=shelter, by=triage, ended_on=dt.date(2026, 2, 15))

    # Crisis c4: Sunday 1 March 10:00 in Schiedam, never handed over (48 hours passed).
    clock.at(2026, 3, 1, 10, 30)
    services.register_crisis_intervention(
        by=crisis, municipality=schiedam, called_at=at(2026, 3, 1, 10), summary="c4"
    )
    # Order A: Monday 2 March 14:00 in Schiedam, extended on 11 March.
    clock.at(2026, 3, 2, 14, 30)
    order_a = _order(crisis, _report(intake, schiedam), at(2026, 3, 2, 14))
    rep_v = _report(intake, vlaardingen)
    # Information requests: Schiedam police (answered after 30 h), school (4 h), RvdK (open);
    # Vlaardingen police (2 h).
    police_s = services.request_information(
        report=rep_s, by=triage, source=InformationSource.POLICE, question="?",
        asked_at=at(2026, 3, 2, 10),
    )  # fmt: skip
    school = services.request_information(
        report=rep_s, by=triage, source=InformationSource.SCHOOL, question="?",
        asked_at=at(2026, 3, 2, 10),
    )  # fmt: skip
    services.request_information(
        report=rep_s, by=triage, source=InformationSource.RVDK, question="?",
        asked_at=at(2026, 3, 2, 11),
    )  # fmt: skip
    clock.at(2026, 3, 2, 14, 45)
    services.record_answer(
        request=school, by=triage, answer="-", answered_by="Mentor", answered_at=at(2026, 3, 2, 14)
    )
    # Crisis c1: Tuesday 3 March 02:00 in Schiedam (night), handed over 4 March 10:00 (32 h).
    clock.at(2026, 3, 3, 2, 30)
    c1 = services.register_crisis_intervention(
        by=crisis, municipality=schiedam, called_at=at(2026, 3, 3, 2), summary="c1"
    )
    clock.at(2026, 3, 3, 16)
    services.record_answer(
        request=police_s, by=triage, answer="-", answered_by="Wijkagent",
        answered_at=at(2026, 3, 3, 16),
    )  # fmt: skip
    police_v = services.request_information(
        report=rep_v, by=triage, source=InformationSource.POLICE, question="?",
        asked_at=at(2026, 3, 3, 9),
    )  # fmt: skip
    services.record_answer(
        request=police_v, by=triage, answer="-", answered_by="Politie",
        answered_at=at(2026, 3, 3, 11),
    )  # fmt: skip
    services.start_family_intervention(
        case=rep_s.case, by=triage, kind=InterventionKind.AWARE, started_on=dt.date(2026, 3, 3),
        lead_organisation="Politie",
    )  # fmt: skip
    clock.at(2026, 3, 4, 10)
    services.hand_over_crisis(
        intervention=c1, by=crisis, handed_over_at=at(2026, 3, 4, 10), destination=local
    )
    clock.at(2026, 3, 5, 9)
    services.end_family_intervention(intervention=mda, by=triage, ended_on=dt.date(2026, 3, 5))
    # Crisis c2: Thursday 5 March 12:00 in Vlaardingen (office hours), handed over after 72 h.
    clock.at(2026, 3, 5, 12, 30)
    c2 = services.register_crisis_intervention(
        by=crisis, municipality=vlaardingen, called_at=at(2026, 3, 5, 12), summary="c2"
    )
    # Order B: Saturday 7 March 22:00 in Vlaardingen, with an out-of-hours contribution.
    clock.at(2026, 3, 7, 23)
    order_b = _order(crisis, _report(intake, vlaardingen), at(2026, 3, 7, 22))
    services.record_out_of_hours_contribution(
        order=order_b, by=crisis, started_at=at(2026, 3, 7, 22, 30)
    )
    clock.at(2026, 3, 8, 12)
    services.hand_over_crisis(
        intervention=c2, by=crisis, handed_over_at=at(2026, 3, 8, 12), destination=local
    )
    # Hearings: Schiedam heard, Schiedam not heard, Vlaardingen still pending.
    clock.at(2026, 3, 9, 23)
    heard = services.request_hearing(
        by=crisis, municipality=schiedam, requested_at=at(2026, 3, 9, 20)
    )
    services.record_hearing(hearing=heard, by=crisis, heard_at=at(2026, 3, 9, 22))
    clock.at(2026, 3, 10, 2)
    not_heard = services.request_hearing(
        by=crisis, municipality=schiedam, requested_at=at(2026, 3, 10, 1)
    )
    services.record_hearing(hearing=not_heard, by=crisis, not_heard_reason="Niet aanspreekbaar")
    clock.at(2026, 3, 11, 10)
    services.extend_order(
        order=order_a, by=crisis, decided_at=at(2026, 3, 11, 10), until=at(2026, 3, 30, 14)
    )
    clock.at(2026, 3, 20, 9)
    services.start_family_intervention(
        case=rep_v.case, by=triage, kind=InterventionKind.ZVH, started_on=dt.date(2026, 3, 20),
        lead_organisation="Zorg- en Veiligheidshuis",
    )  # fmt: skip
    # Crisis c3: Monday 30 March 20:00 in Capelle, not yet handed over; its 48 hours run until
    # 1 April 20:00, so on 1 April 01:00 it does not count for the 48-hour share yet.
    clock.at(2026, 3, 30, 20, 30)
    services.register_crisis_intervention(
        by=crisis, municipality=capelle, called_at=at(2026, 3, 30, 20), summary="c3"
    )
    clock.at(2026, 3, 31, 10, 30)
    services.request_hearing(by=crisis, municipality=vlaardingen, requested_at=at(2026, 3, 31, 10))
    # Order C: 31 March 23:30 counts in March; order D: 1 April 00:30 in April.
    clock.at(2026, 3, 31, 23, 45)
    _order(crisis, _report(intake, schiedam), at(2026, 3, 31, 23, 30))
    clock.at(2026, 4, 1, 0, 45)
    _order(crisis, _report(intake, schiedam), at(2026, 4, 1, 0, 30))
    clock.at(2026, 4, 1, 1)
    return {"schiedam": schiedam, "vlaardingen": vlaardingen, "capelle": capelle}


@pytest.fixture
def march(acute_register):
    return kpis.compute(period=MARCH).as_dict()


def _ind(data, code):
    return next(i for i in data["indicators"] if i["code"] == code)


def _cells(indicator, dim):
    return {c["key"]: c["value"] for c in indicator["breakdown"][dim]}


def _by_name(indicator):
    return {c["label"]: c["value"] for c in indicator["breakdown"]["gemeente"] if c["value"]}


def test_restraining_orders_imposed_and_extended_per_municipality(march):
    # A (2 March, Schiedam), B (7 March, Vlaardingen), C (31 March 23:30, Schiedam); D on
    # 1 April 00:30 is April's. A was extended on 11 March.
    orders = _ind(march, "restraining_orders")
    assert orders["value"] == 3
    assert _by_name(orders) == {"Schiedam": 2, "Vlaardingen": 1}
    assert _cells(orders, "werkgebied")["Regio Noord"] == 3
    extended = _ind(march, "restraining_orders_extended")
    assert extended["value"] == 1
    assert _by_name(extended) == {"Schiedam": 1}
    assert _ind(march, "restraining_orders_out_of_hours")["value"] == 1


def test_crisis_interventions_and_their_hand_over_within_48_hours(march):
    # c4 (Sun 1 March, not handed over: late), c1 (night, 32 h: in time), c2 (72 h: late),
    # c3 (30 March, still inside its 48 hours: not yet counted in the share).
    delivered = _ind(march, "crisis_interventions_delivered")
    assert delivered["value"] == 4
    assert _cells(delivered, "tijd") == {"kantoortijd": 1, "buiten": 3}
    assert _by_name(delivered) == {"Capelle aan den IJssel": 1, "Schiedam": 2, "Vlaardingen": 1}
    share = _ind(march, "crisis_handover_48h")
    assert (share["numerator"], share["denominator"], share["value"]) == (1, 3, 33.3)
    assert share["norm"] == 100.0
    assert share["status"] == "off_track"
    schiedam = next(c for c in share["breakdown"]["gemeente"] if c["label"] == "Schiedam")
    assert (schiedam["numerator"], schiedam["denominator"], schiedam["value"]) == (1, 2, 50.0)


def test_hearings_per_municipality_and_outcome(march):
    hearings = _ind(march, "hearings")
    assert hearings["value"] == 3
    assert _cells(hearings, "uitkomst") == {"heard": 1, "not_heard": 1, "pending": 1}
    assert _by_name(hearings) == {"Schiedam": 2, "Vlaardingen": 1}


def test_information_requests_and_their_answer_times(march):
    asked = _ind(march, "information_requests")
    assert asked["value"] == 4
    cells = _cells(asked, "bron")
    assert (cells["police"], cells["school"], cells["rvdk"], cells["brp"]) == (2, 1, 1, 0)
    # Answered: 30 h, 4 h and 2 h: (30 + 4 + 2) / 3 = 12 hours; the RvdK is still open.
    hours = _ind(march, "information_answer_hours")
    assert hours["value"] == 12.0
    by_source = _cells(hours, "bron")
    assert (by_source["police"], by_source["school"], by_source["rvdk"]) == (16.0, 4.0, None)
    assert _by_name(hours) == {"Schiedam": 17.0, "Vlaardingen": 2.0}


def test_family_interventions_in_use_count_once_and_per_month(acute_register):
    march = kpis.compute(period=MARCH).as_dict()
    # In March: AWARE (from 3 March), MDA++ (until 5 March), ZVH (from 20 March); the shelter
    # ended in February.
    used = _ind(march, "family_interventions")
    assert used["value"] == 3
    assert _cells(used, "interventie") == {
        "aware": 1, "shelter": 0, "restraining_order": 0, "mda_plus": 1, "zvh": 1
    }  # fmt: skip
    assert _cells(used, "regie") == {"vt": 1, "other": 2}
    assert _by_name(used) == {"Schiedam": 2, "Vlaardingen": 1}
    # The quarter: January shelter; February shelter and MDA++; March three. Four in all.
    quarter = _ind(kpis.compute(period=Period.quarter(2026, 1)).as_dict(), "family_interventions")
    assert quarter["value"] == 4
    assert list(_cells(quarter, "maand").values()) == [1, 2, 3]


def test_a_municipality_and_a_work_area_narrow_the_acute_figures(acute_register):
    vlaardingen = kpis.compute(period=MARCH, scope=resolve(municipality="GM0622")).as_dict()
    assert _ind(vlaardingen, "restraining_orders")["value"] == 1
    assert _ind(vlaardingen, "crisis_interventions_delivered")["value"] == 1
    assert _ind(vlaardingen, "information_requests")["value"] == 1
    assert _ind(vlaardingen, "family_interventions")["value"] == 1
    oost = kpis.compute(period=MARCH, scope=resolve(area="Regio Oost")).as_dict()
    assert _ind(oost, "crisis_interventions_delivered")["value"] == 1
    assert _ind(oost, "restraining_orders")["value"] == 0


def test_small_acute_counts_are_suppressed_for_municipalities(acute_register):
    shown = kpis.compute(period=MARCH, audience=PUBLIC).as_dict()
    assert _ind(shown, "restraining_orders")["value"] == "<5"
    assert _ind(shown, "crisis_handover_48h")["value"] is None
    assert _ind(shown, "information_answer_hours")["value"] is None  # rests on 3 answers


def test_the_acute_figures_are_in_the_json_and_csv(acute_register, tmp_path):
    call_command("kpi", "--period", "2026-03", "--output", str(tmp_path / "k.json"))
    data = json.loads((tmp_path / "k.json").read_text())
    assert _ind(data, "hearings")["value"] == 3
    csv_text = exports.to_csv(kpis.compute(period=MARCH))
    assert "crisis_handover_48h,Crisisinterventies binnen 48 uur" in csv_text


def test_the_dashboard_shows_the_acute_figures_with_their_trend(acute_register, make_user, client):
    client.force_login(make_user(Role.MANAGER))
    page = client.get("/overzicht/?period=2026-03").content.decode()
    share = page.split('data-testid="kpi-crisis_handover_48h"')[1].split("</section>")[0]
    assert "33,3%" in share and "norm ≥ 100%" in share and "niet op koers" in share
    assert "1 van 3" in share and "<svg" in share
    hearings = page.split('data-testid="kpi-hearings"')[1].split("</section>")[0]
    assert "<strong>3</strong>" in hearings
    places = page.split('data-testid="acute-places"')[1].split("</table>")[0]
    schiedam = places.split("<td>Schiedam</td>")[1].split("</tr>")[0]
    # orders 2, extended 1, crisis interventions 2, within 48 h 50%, hearings 2, requests 3
    assert [c.split("</td>")[0] for c in schiedam.split("<td>")[1:]] == [
        "2", "1", "2", "50,0%", "2", "3"
    ]  # fmt: skip


def test_the_monitor_letter_shows_the_municipality_s_acute_figures_suppressed(acute_register):
    from meldpunt.insight import letter

    html = letter.render_html(municipalities=[acute_register["schiedam"]], period=MARCH)
    orders = html.split("Tijdelijke huisverboden opgelegd")[1].split("</tr>")[0]
    assert "&lt;5" in orders  # 2 in Schiedam
    assert "Hoorfunctie Wvggz: verzoeken" in html


def test_a_shielded_file_s_acute_work_counts_only_for_those_named_on_it(acute_register, make_user):
    from meldpunt.acute.models import RestrainingOrder

    order = RestrainingOrder.objects.get(municipality=acute_register["vlaardingen"])
    order.case.shielded = True
    order.case.save()
    lead = make_user(Role.TEAM_LEAD)
    data = kpis.for_user(lead, period=MARCH).as_dict()
    # Order B's file is shielded: two orders (A, C) and no out-of-hours contribution remain;
    # crisis interventions and hearings on no file still count.
    assert _ind(data, "restraining_orders")["value"] == 2
    assert _ind(data, "restraining_orders_out_of_hours")["value"] == 0
    assert _ind(data, "crisis_interventions_delivered")["value"] == 4
    order.case.shielded_for.add(lead)
    assert _ind(kpis.for_user(lead, period=MARCH).as_dict(), "restraining_orders")["value"] == 3
