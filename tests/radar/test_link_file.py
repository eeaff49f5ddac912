"""`meldpunt link-file`: deduplicate a CSV list, clear errors for what cannot be read."""

from __future__ import annotations

import csv

import pytest
from django.core.management import CommandError, call_command

from meldpunt.registry.models import Person

HEADER = "record_id;given_name;surname;date_of_birth;sex;street;house_number;postcode;city;bsn\n"


def run(tmp_path, text: str, *args: str) -> dict[str, str]:
    source = tmp_path / "in.csv"
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "out.csv"
    call_command("link-file", "--input", str(source), "--output", str(target), *args)
    with target.open(encoding="utf-8") as f:
        return {row["record_id"]: row["cluster_id"] for row in csv.DictReader(f)}


def test_a_semicolon_list_is_deduplicated_one_line_per_record(tmp_path):
    clusters = run(
        tmp_path,
        HEADER
        + "a;Jan;van der Berg;1980-03-04;m;Kerkstraat;12;3011 AB;Rotterdam;\n"
        + "b;Jna;Berg, van der;1980-04-03;m;Kerkstraat;12;3011ab;Rotterdam;\n"
        + "c;Piet;Jansen;1990-01-01;m;;;;;\n",
    )
    assert list(clusters) == ["a", "b", "c"]
    assert clusters["a"] == clusters["b"] != clusters["c"]


def test_a_comma_list_with_only_some_columns_is_read(tmp_path):
    clusters = run(
        tmp_path,
        "record_id,surname,given_name,postcode\n1,Smit,Eva,75001\n2,Smit,Eva,75001\n",
    )
    assert set(clusters) == {"1", "2"}


def test_a_list_without_record_id_is_refused_naming_the_column(tmp_path):
    with pytest.raises(CommandError, match="kolom 'record_id' ontbreekt"):
        run(tmp_path, "id,surname\n1,Smit\n")


def test_a_date_that_is_not_iso_is_refused_naming_line_and_column(tmp_path):
    with pytest.raises(CommandError, match=r"regel 3, kolom date_of_birth: '04-03-1980'"):
        run(tmp_path, HEADER + "a;Jan;Berg;1980-03-04;;;;;;\nb;Jan;Berg;04-03-1980;;;;;;\n")


def test_a_threshold_outside_zero_and_one_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--threshold"):
        run(tmp_path, HEADER + "a;Jan;Berg;;;;;;;\n", "--threshold", "1.5")


def test_an_impossible_date_is_refused_too(tmp_path):
    with pytest.raises(CommandError, match=r"regel 2, kolom date_of_birth: '2015-02-30'"):
        run(tmp_path, HEADER + "a;Jan;Berg;2015-02-30;;;;;;\n")


def test_repeated_and_empty_record_ids_are_read_with_a_warning(tmp_path, capsys):
    clusters = run(
        tmp_path,
        HEADER
        + "a;Jan;Berg;1980-03-04;m;;;;;\n"
        + "a;Jan;Berg;1980-03-04;m;;;;;\n"
        + ";Piet;Jansen;1990-01-01;m;;;;;\n",
    )
    err = capsys.readouterr().err
    assert "regel 3, kolom record_id: 'a' staat ook op regel 2" in err
    assert "regel 4, kolom record_id: de waarde is leeg" in err
    with (tmp_path / "out.csv").open(encoding="utf-8") as f:
        lines = list(csv.reader(f))
    assert lines == [
        ["record_id", "cluster_id"],
        ["a", "regel-2"],
        ["a", "regel-2"],
        ["", "regel-4"],
    ]
    assert clusters


def test_foreign_postcodes_and_addresses_are_compared_as_given(tmp_path):
    clusters = run(
        tmp_path,
        "record_id,given_name,surname,date_of_birth,street,house_number,postcode,city\n"
        + "1,Anna,Kowalski,1990-05-06,Rue de Rivoli,10,75001,Paris\n"
        + "2,Anna,Kowalski,1990-05-06,Rue de Rivoli,10,75 001,Paris\n"
        + "3,Anna,Kowalski,1992-11-30,Rue de Rivoli,10,75001,Paris\n"
        + "4,Ben,Smith,1970-01-02,Baker Street,221b,NW1 6XE,London\n"
        + "5,Ben,Smith,1970-01-02,Baker Street,221B,nw1 6xe,London\n",
    )
    assert clusters["1"] == clusters["2"] != clusters["3"]  # a sister or cousin at one address
    assert clusters["4"] == clusters["5"]


def test_an_empty_list_gives_just_the_header(tmp_path):
    assert run(tmp_path, HEADER) == {}


def test_a_typo_with_day_and_month_swapped_is_found_and_twins_are_kept_apart(tmp_path):
    clusters = run(
        tmp_path,
        HEADER
        + "1;Daan;de Vries;2016-05-08;m;Dorpsstraat;3;2611 AB;Delft;\n"
        + "2;Sem;de Vries;2016-05-08;m;Dorpsstraat;3;2611 AB;Delft;\n"
        + "3;Dana;Vries, de;2016-08-05;m;Dorpsstraat;3;2611ab;Delft;\n"
        + "4;Sem;De Vries;2016-05-08;;;;;;\n",
    )
    assert clusters["1"] == clusters["3"]  # typo in the given name, day and month swapped
    assert clusters["2"] == clusters["4"]
    assert clusters["1"] != clusters["2"]  # twins: same surname, address and birth date


def test_link_file_works_on_the_analysts_list_and_never_reads_the_register(tmp_path):
    """The analyst's right (link own lists, not the register): the command reads the list it
    is given and the model only. This test has no database (pytest-django refuses every query
    in it), so a command that touched the register would fail here."""
    with pytest.raises(RuntimeError, match="Database access not allowed"):
        list(Person.objects.all()[:1])  # the guard is on
    clusters = run(
        tmp_path,
        HEADER
        + "a;Jan;van der Berg;1980-03-04;m;Kerkstraat;12;3011 AB;Rotterdam;\n"
        + "b;Jna;Berg, van der;1980-04-03;m;Kerkstraat;12;3011ab;Rotterdam;\n",
    )
    assert clusters["a"] == clusters["b"]
