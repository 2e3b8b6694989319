"""Directory CSV parsing: every problem names its line and field (no database)."""

from __future__ import annotations

import pytest

from checkpoint.directory.csvfile import DirectoryInvalid, parse_directory, read_directory
from checkpoint.directory.services import DEMO_DIRECTORY
from checkpoint.domain.needs import Pathway

HEADER = "name,provider,pathways,area,phone,email,address,website,opening_hours,notes,active"


def parse(*rows: str, header: str = HEADER):
    return parse_directory([header, *rows], source="test.csv")


def problems(*rows: str, header: str = HEADER) -> list[str]:
    with pytest.raises(DirectoryInvalid) as error:
        parse(*rows, header=header)
    return [str(p) for p in error.value.problems]


def test_a_good_row() -> None:
    (row,) = parse(
        "Hub (demo),Trust,Drugs; alcohol; Sexual exploitation,North,01632 960001,a@hub.example,,https://hub.example,"
        ",,yes"
    )
    assert row.name == "Hub (demo)" and row.area == "North"
    # Values or labels, in the standard order.
    assert row.pathways == (Pathway.ALCOHOL, Pathway.DRUGS, Pathway.SEXUAL_EXPLOITATION)
    assert row.active is True


def test_every_problem_names_its_line_and_field() -> None:
    found = problems(
        "Hub,Trust,drugs,,01632 960001,,,,,,yes",
        ",Trust,knitting,,call me,not-an-email,,ftp://x.example,,,maybe",
        "hub,,drugs,,,,,,,,",
    )
    assert "line 3, pathways: 'knitting' is not a pathway" in found[0]
    assert found[1:] == [
        "line 3, active: 'maybe' is not yes or no",
        "line 3, name: Enter the service's name",
        "line 3, phone: Enter a phone number using digits, spaces, +, ( ) and -",
        "line 3, email: Enter an email address like name@example.org",
        "line 3, website: Enter a web address starting http:// or https://",
        "line 4, provider: Enter who provides the service",
        "line 4, name: 'hub' repeats line 2",
    ]


def test_missing_and_unknown_columns() -> None:
    found = problems("Hub,Trust", header="name,provder")
    assert found == [
        "line 1, provider: column is missing",
        "line 1, pathways: column is missing",
        "line 1, provder: is not a column a directory file can have (name, provider, "
        "pathways, area, phone, email, address, website, opening_hours, notes, active)",
    ]


def test_optional_columns_may_be_left_out_and_blank_lines_are_skipped() -> None:
    rows = parse("Hub,Trust,housing", "", ",,", header="name,provider,pathways")
    assert len(rows) == 1 and rows[0].active and rows[0].area == ""


def test_an_empty_file_and_a_ragged_row() -> None:
    assert problems() == ["line 2, name: the file has no services"]
    assert problems("Hub,Trust,housing,,,,,,,,yes,extra") == [
        "line 2, (row): has more cells than the header"
    ]


def test_the_demo_file_is_valid_fictional_and_covers_every_pathway() -> None:
    rows = read_directory(DEMO_DIRECTORY)
    assert all("(demo)" in r.name and "(fictional)" in r.provider for r in rows)
    covered = {p for r in rows if r.active for p in r.pathways}
    assert covered == set(Pathway)
    # Ofcom reserves 01632 960xxx for drama, so no real line is printed.
    assert all(r.phone.startswith("01632 960") for r in rows)
    assert any(not r.active for r in rows)
