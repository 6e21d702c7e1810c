"""A double quote that opens a value and is never closed swallows the rest of the file into
that value: the file is refused, naming the row (and line, when they differ) and field where
the quote opens, whatever the file's size and wherever the quote is."""

from __future__ import annotations

import pytest

from tests.core.test_imports_fixtures import ORG, context
from workforce.imports import read_file

HEADER = "organisation,staff_id,name,sex,ethnicity,disability"


def people(count: int) -> list[str]:
    """The header and `count` good person lines; line i (from 0) is spreadsheet row i + 1."""
    return [HEADER] + [f"{ORG},P{row},Person {row},F,WBRI,N" for row in range(2, count + 2)]


def write(tmp_path, lines: list[str], end: str = "\r\n"):
    path = tmp_path / "person.csv"
    path.write_bytes(("\r\n".join(lines) + end).encode("utf-8"))
    return path


def stray_quote(lines: list[str], row: int, before: str = "Person") -> None:
    """Put a stray double quote at the start of the value `before` on spreadsheet row `row`."""
    lines[row - 1] = lines[row - 1].replace(f",{before}", f',"{before}', 1)


def where(result) -> list[tuple]:
    return [(p.file, p.sheet, p.row, p.column) for p in result.errors]


def assert_refused_for_runaway(result, row: int, column: str | None = "name") -> str:
    assert where(result) == [("person.csv", None, row, column)]
    assert result.tables == {}
    said = str(result.errors[0])
    assert said.startswith(f"person.csv row {row}")
    assert "is never closed, so the rest of the file would be read as one value" in said
    assert 'Check for a stray " character' in said
    return said


def test_a_small_file_names_the_row_and_field_of_the_unclosed_quote(tmp_path):
    lines = people(5)
    stray_quote(lines, 4)
    said = assert_refused_for_runaway(read_file(write(tmp_path, lines), context()), 4)
    assert "a double quote opened in field 'name' is never closed" in said
    assert "fields but the header has" not in said


@pytest.mark.parametrize("row", [3, 30_002])
def test_a_large_file_names_the_row_and_field_of_the_unclosed_quote(tmp_path, row):
    lines = people(50_000)
    stray_quote(lines, row)
    result = read_file(write(tmp_path, lines), context())
    said = assert_refused_for_runaway(result, row)
    assert "field larger than field limit" not in said
    assert result.errors[0].value == f'"Person {row},F,WBRI,N'  # the rest of its line


@pytest.mark.parametrize("end", ["\r\n", ""])
def test_an_unclosed_quote_on_the_very_last_row_is_found(tmp_path, end):
    lines = people(50_000)
    stray_quote(lines, 50_001)
    assert_refused_for_runaway(read_file(write(tmp_path, lines, end), context()), 50_001)


def test_an_unclosed_quote_in_the_last_column_is_not_stored_as_one_long_value(tmp_path):
    """When the swallowed field is the last one, the record has the right number of fields
    and a free-text column would take in the following rows."""
    lines = ["organisation,staff_id,sex,ethnicity,disability,name",
             f"{ORG},P3,F,WBRI,N,Ann", f'{ORG},P4,F,WBRI,N,"Bo', f"{ORG},P5,F,WBRI,N,Cy"]
    assert_refused_for_runaway(read_file(write(tmp_path, lines), context()), 3)


def test_the_line_is_named_too_when_a_value_spanning_lines_shifts_it_from_the_row(tmp_path):
    lines = people(6)
    lines[1] = f'{ORG},P2,"Ann\nSmith",F,WBRI,N'  # row 2 takes lines 2 and 3
    stray_quote(lines, 5)
    said = assert_refused_for_runaway(read_file(write(tmp_path, lines), context()), 5)
    assert "field 'name' (line 6 of the file) is never closed" in said


def test_an_unclosed_quote_in_the_header_names_row_1_and_the_column_letter(tmp_path):
    lines = people(3)
    lines[0] = lines[0].replace(",name", ',"name')
    said = assert_refused_for_runaway(read_file(write(tmp_path, lines), context()), 1, None)
    assert "opened in the header row, at column C, is never closed" in said


def test_semicolon_separated_files_name_the_field_too(tmp_path):
    lines = [line.replace(",", ";") for line in people(5)]
    lines[2] = lines[2].replace(";F;", ';"F;')
    result = read_file(write(tmp_path, lines), context())
    assert where(result) == [("person.csv", None, 3, "sex")]
    assert "never closed" in result.errors[0].message


def test_two_stray_quotes_far_apart_in_a_large_file_name_both_lines(tmp_path):
    lines = people(50_000)
    stray_quote(lines, 30_002)
    stray_quote(lines, 45_002, "F")
    result = read_file(write(tmp_path, lines), context())
    assert where(result) == [("person.csv", None, 30_002, "name")]
    assert result.tables == {}
    said = str(result.errors[0])
    assert ("a double quote opened in field 'name' is not closed until line 45,002, so 15,001 "
            "lines would be read as one value") in said
    assert "on line 45,002" in said


@pytest.mark.parametrize("later", [1, 3])
def test_two_stray_quotes_close_together_are_refused_not_read_as_one_name(tmp_path, later):
    # The csv module reads such a file without complaint: the rows between the quotes become
    # one long name, and the file used to be stored with those people missing.
    lines = people(8)
    stray_quote(lines, 3)
    lines[2 + later] = lines[2 + later].replace(",F,", '",F,', 1)  # closes it `later` rows on
    result = read_file(write(tmp_path, lines), context())
    assert where(result) == [("person.csv", None, 3, "name")]
    assert result.tables == {}
    said = str(result.errors[0])
    assert (f"a double quote opened in field 'name' is not closed until line {3 + later}, so "
            f"{later + 1} lines would be read as one value") in said
    assert f"on line {3 + later}" in said


def test_a_line_break_in_a_value_with_few_separators_is_kept_wherever_the_column_is(tmp_path):
    lines = ["name,organisation,staff_id,sex,ethnicity,disability",
             f'"Ann\r\nLee",{ORG},P1,F,WBRI,N', f"Bob,{ORG},P2,M,WBRI,N"]
    result = read_file(write(tmp_path, lines), context())
    assert result.errors == []
    assert result.tables["person"]["name"].to_list() == ["Ann\r\nLee", "Bob"]


def test_a_note_over_lines_with_a_few_commas_on_each_is_read(tmp_path):
    lines = [HEADER + ",notes", f'{ORG},P1,Ann,F,WBRI,N,"a, b, c, d\r\ne, f, g, h"',
             f"{ORG},P2,Bob,M,WBRI,N,"]
    result = read_file(write(tmp_path, lines), context())
    assert result.errors == [] and result.tables["person"].height == 2


def test_a_value_over_lines_with_a_rows_worth_of_commas_is_refused_saying_what_to_do(tmp_path):
    # a notes column the importer would ignore: a stray quote there loses rows just the same,
    # so a value like one is refused, and the message says how to keep it if it is meant
    lines = [HEADER + ",notes", f"{ORG},P1,Ann,F,WBRI,N,\"Done:\r\nA, B, C, D, E, F, G\"",
             f"{ORG},P2,Bob,M,WBRI,N,"]
    result = read_file(write(tmp_path, lines), context())
    assert where(result) == [("person.csv", None, 2, "notes")]
    assert "take its line breaks out (or, if its column is not needed, the column)" in str(
        result.errors[0])


def test_a_value_too_long_without_quotes_still_names_its_row(tmp_path):
    lines = people(10)
    lines[5] = f"{ORG},P7,{'x' * 200_000},F,WBRI,N"
    result = read_file(write(tmp_path, lines), context())
    assert where(result) == [("person.csv", None, 6, "name")]
    problem = result.errors[0]
    assert problem.value == "x" * 60
    assert problem.message.startswith("the value in column name is 200,000 characters long")
    assert "quote" not in str(problem)  # there is no quote problem to look for
    assert "Shorten it or clear it" in problem.hint


def test_a_quoted_value_too_long_on_one_line_names_its_row_and_column(tmp_path):
    lines = people(3)
    lines[2] = f'{ORG},P2,"{"y" * 150_000}",F,WBRI,N'
    result = read_file(write(tmp_path, lines), context())
    assert where(result) == [("person.csv", None, 3, "name")]
    assert result.errors[0].message.startswith(
        "the value in column name is 150,000 characters long")
    assert "quote" not in str(result.errors[0])


@pytest.mark.parametrize("name", [
    '"Smith, Jo"',  # quoted and closed, with nothing after it
    '"Jo\nSmith\n"',  # a closed value that ends with a line break
    'Jo "JJ" Smith',  # quotes inside an unquoted value are kept as text
])
@pytest.mark.parametrize("end", ["\r\n", ""])
def test_good_files_ending_in_a_value_with_quotes_are_read(tmp_path, name, end):
    lines = ["organisation,staff_id,sex,ethnicity,disability,name",
             f"{ORG},P3,F,WBRI,N,Ann", f"{ORG},P4,F,WBRI,N,{name}"]
    result = read_file(write(tmp_path, lines, end), context())
    assert result.errors == []
    assert result.tables["person"]["staff_id"].to_list() == ["P3", "P4"]
