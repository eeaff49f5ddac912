"""The acute pages: thin views over the services, Dutch errors on the form, audited reads."""

import pytest

from meldpunt.access.models import AuditEntry
from meldpunt.access.roles import Role
from meldpunt.acute.models import CrisisIntervention, RestrainingOrder
from meldpunt.reference.models import Municipality
from meldpunt.registry.models import InvolvementRole
from tests.process import flow

pytestmark = pytest.mark.django_db


@pytest.fixture
def crisis_client(client, make_user, reference):
    user = make_user(Role.CRISIS_TEAM, Role.TRIAGE)
    client.force_login(user)
    client.user = user
    return client


def test_a_crisis_intervention_is_registered_with_the_short_form_and_shows_on_the_worklist(
    crisis_client, clock
):
    clock.at(2026, 3, 4, 23, 45)
    schiedam = Municipality.objects.get(cbs_code="GM0606")
    response = crisis_client.post(
        "/crisisinterventies/nieuw/",
        {"called_at": "2026-03-04T23:30", "municipality": schiedam.pk, "summary": "Ruzie"},
    )
    ci = CrisisIntervention.objects.get()
    assert response.status_code == 302
    assert ci.out_of_hours
    page = crisis_client.get("/werkvoorraad/").content.decode()
    assert "Overdracht crisisinterventie (48 uur)" in page
    assert ci.number in page
    crisis_client.get(f"/crisisinterventies/{ci.pk}/")
    assert AuditEntry.objects.filter(event="crisis_intervention.viewed", subject_id=ci.pk).exists()


def test_a_short_form_without_a_summary_is_refused_in_dutch(crisis_client, clock):
    clock.at(2026, 3, 4, 23, 45)
    schiedam = Municipality.objects.get(cbs_code="GM0606")
    response = crisis_client.post(
        "/crisisinterventies/nieuw/", {"called_at": "2026-03-04T23:30", "municipality": schiedam.pk}
    )
    assert response.status_code == 400
    assert "summary" in response.context["form"].errors
    assert not CrisisIntervention.objects.exists()


def test_an_extension_after_day_10_is_refused_on_the_page_with_the_reason(
    crisis_client, clock, intake
):
    clock.at(2026, 3, 4, 15)
    report = flow.register(
        intake, people=[flow.person("suspect"), flow.person("victim"), flow.person("child")]
    )
    people = {i.role: i.person.pk for i in report.involvements.all()}
    response = crisis_client.post(
        f"/meldingen/{report.pk}/huisverbod/",
        {
            "imposed_at": "2026-03-04T14:00",
            "municipality": report.municipality_id,
            "removed_person": people[InvolvementRole.SUSPECT],
            "staying_behind": [people[InvolvementRole.VICTIM], people[InvolvementRole.CHILD]],
            "street": "Broersvest",
            "house_number": "12",
            "postcode": "3111aa",
            "city": "Schiedam",
        },
    )
    order = RestrainingOrder.objects.get()
    assert response.status_code == 302
    assert order.postcode == "3111 AA"
    clock.at(2026, 3, 15, 9)
    response = crisis_client.post(
        f"/huisverboden/{order.pk}/verlengen/",
        {"decided_at": "2026-03-15T09:00", "until": "2026-03-30T14:00"},
    )
    assert response.status_code == 400
    assert "Verlengen kan alleen vóór het einde van de 10 dagen" in response.content.decode()


def test_the_assessment_page_lists_outstanding_requests_and_looks_up_the_brp(
    crisis_client, clock, intake
):
    clock.at(2026, 3, 2, 9)
    report = flow.register(intake, people=[flow.person("victim", bsn="999993653")])
    url = f"/meldingen/{report.pk}/informatie/"
    crisis_client.post(
        url, {"what": "ask", "vraag-source": "police", "vraag-question": "Eerdere incidenten?"}
    )
    page = crisis_client.get(url).content.decode()
    assert "Eerdere incidenten?" in page
    assert '<strong data-testid="outstanding">1</strong>' in page
    response = crisis_client.post(url, {"what": "brp", "brp-bsn": "999993653"})
    assert 'data-testid="brp-result"' in response.content.decode()
    assert AuditEntry.objects.filter(event="brp.lookup", actor_id=crisis_client.user.pk).exists()
