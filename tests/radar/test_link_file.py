"""`meldpunt link-file`: deduplicate a CSV list, clear errors for what cannot be read."""

from __future__ import annotations

import csv

import pytest
from django.core.management import CommandError, call_command

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


def test_a_repeated_record_id_is_refused(tmp_path):
    with pytest.raises(CommandError, match="staat ook op regel 2"):
        run(tmp_path, HEADER + "a;Jan;Berg;;;;;;;\na;Piet;Berg;;;;;;;\n")
