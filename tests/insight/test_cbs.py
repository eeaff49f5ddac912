"""The half-yearly CBS delivery on the register of tests/insight/register.py (first half of
2026: r5 in February and r1, r3, r2, r4 in March; advice requests in February and March)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from meldpunt.reference.cbs import ReporterGroup, ViolenceCategory
from tests.insight import register


@pytest.fixture
def delivery(reference, clock, make_user):
    register.build(clock, make_user)
    out = io.StringIO()
    call_command("cbs", "--half", "2026h1", "--output", "-", stdout=out, stderr=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    table = {}
    for r in rows:
        table[(r["tabel"], r["categorie"], r["subcategorie"])] = int(r["aantal"])
    return rows, table


def test_every_national_category_is_delivered_even_when_zero(delivery):
    rows, table = delivery
    assert {r["periode"] for r in rows} == {"2026H1"}
    for group in ReporterGroup:
        assert ("meldingen_naar_melder", group.value, "") in table
        assert ("adviesvragen_naar_vrager", group.value, "") in table
    for category in ViolenceCategory:
        assert ("meldingen_naar_aard", category.value, "") in table
    assert table[("meldingen_naar_melder", "onderwijs", "")] == 0


def test_reports_and_advice_are_counted_exactly_by_reporter_group(delivery):
    _, table = delivery
    assert table[("meldingen", "totaal", "")] == 5
    assert table[("meldingen_naar_melder", "justitie", "")] == 3  # r5, r1, r3: no suppression
    assert table[("meldingen_naar_melder", "gezondheidszorg", "")] == 1
    assert table[("meldingen_naar_melder", "niet_professional", "")] == 1
    assert table[("adviesvragen", "totaal", "")] == 3
    assert table[("adviesvragen_naar_vrager", "justitie", "")] == 2


def test_forms_of_violence_map_to_cbs_categories_with_unknown_for_none(delivery):
    _, table = delivery
    assert table[("meldingen_naar_aard", "kindermishandeling", "")] == 2  # r1, r2
    assert table[("meldingen_naar_aard", "partnergeweld", "")] == 2  # r1, r4
    assert table[("meldingen_naar_aard", "onbekend", "")] == 2  # r3, r5


def test_assessment_outcome_by_taxation_as_it_stood_at_the_end_of_the_half_year(delivery):
    _, table = delivery
    key = "uitkomst_veiligheidsbeoordeling"
    assert table[(key, "vervolgstappen_vt", "structureel")] == 2  # r1 Onderzoek, r2 V&V
    assert table[(key, "overdracht", "structureel")] == 2  # r3, r5
    assert table[(key, "overdracht", "acuut")] == 0
    assert table[(key, "nog_niet_beoordeeld", "")] == 1  # r4


def test_investigation_outcomes_prior_involvement_and_households(delivery):
    _, table = delivery
    assert table[("onderzoek_uitkomst", "partnergeweld", "bevestigd")] == 1  # r1
    assert table[("eerdere_betrokkenheid", "eerste_melding", "")] == 2  # r5, r1
    # r3 came in while r0's V&V still ran: a follow-up after the assessment (at receipt).
    assert table[("eerdere_betrokkenheid", "na_veiligheidsbeoordeling", "")] == 2  # r3, r2
    assert table[("eerdere_betrokkenheid", "tijdens_monitoring", "")] == 0
    assert table[("eerdere_betrokkenheid", "nog_niet_bepaald", "")] == 1  # r4
    assert table[("huishoudens", "met_melding", "")] == 5


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--half", "2025-1", "--output", "-"], "geen halfjaar"),
        (["--half", "2025H3", "--output", "-"], "geen halfjaar"),
        (["--half", "2099H1", "--output", "-"], "nog niet begonnen"),
        (["--half", "2025H1", "--output", "/geen/map/cbs.csv"], "bestaat niet"),
    ],
)
def test_cbs_refuses_bad_flags(reference, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("cbs", *args, stdout=io.StringIO(), stderr=io.StringIO())
