import datetime as dt

import pytest

from meldpunt.errors import DomainError
from meldpunt.reference.models import District, Municipality, ReporterType, ViolenceForm
from meldpunt.reference.services import load_population, load_reference
from meldpunt.registry.models import Report
from tests.process import flow


def test_loading_reference_data_twice_changes_nothing(db):
    first = load_reference()
    counts = (Municipality.objects.count(), District.objects.count(), ReporterType.objects.count())
    assert load_reference() == first
    assert counts == (
        Municipality.objects.count(),
        District.objects.count(),
        ReporterType.objects.count(),
    )


def test_rotterdam_districts_fall_in_two_work_areas(reference):
    areas = set(District.objects.values_list("work_area__name", flat=True))
    assert areas == {"Regio Oost", "Regio stad Rotterdam Zuid"}
    assert District.objects.count() == 14


def test_merged_municipalities_keep_their_history(reference):
    brielle = Municipality.objects.get(name="Brielle")
    assert brielle.valid_to == dt.date(2022, 12, 31)
    assert brielle.successor.name == "Voorne aan Zee"
    valid_2024 = set(
        Municipality.objects.valid_on(dt.date(2024, 1, 1)).values_list("name", flat=True)
    )
    assert "Voorne aan Zee" in valid_2024 and "Brielle" not in valid_2024
    assert "Brielle" in Municipality.objects.valid_on(dt.date(2020, 1, 1)).values_list(
        "name", flat=True
    )


def test_a_report_keeps_the_work_area_of_its_district(intake, rotterdam, reference):
    charlois = District.objects.get(name="Charlois")
    report = flow.register(intake, municipality=rotterdam, district=charlois)
    assert Report.objects.get(pk=report.pk).work_area.name == "Regio stad Rotterdam Zuid"


def test_every_category_maps_onto_a_cbs_category(reference):
    assert not ReporterType.objects.filter(cbs_group="").exists()
    assert not ViolenceForm.objects.filter(cbs_category="").exists()


def test_official_population_figures_load_from_csv(reference):
    n = load_population("cbs_code;year;population\nGM0606;2024;80136\n")
    assert n == 1
    assert Municipality.objects.get(cbs_code="GM0606").population(2024) == 80136


def test_a_population_file_with_an_unknown_code_loads_nothing(reference):
    with pytest.raises(DomainError, match="regel 3: onbekende gemeentecode 'GM9999'"):
        load_population("cbs_code,year,population\nGM0606,2025,1\nGM9999,2025,2\n")
    assert Municipality.objects.get(cbs_code="GM0606").population(2025) != 1
