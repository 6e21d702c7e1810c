"""Checks on the header and on each cell: one malformed file per kind of error."""

from __future__ import annotations

from datetime import date

from tests.core.test_imports_fixtures import ORG, assignments, context, write_csv
from workforce.imports import ImportProblem, read_file


def only_error(result) -> ImportProblem:
    assert len(result.errors) == 1, [str(e) for e in result.errors]
    return result.errors[0]


def where(problem: ImportProblem) -> tuple:
    return problem.file, problem.sheet, problem.row, problem.column


def test_a_valid_assignment_file_gives_a_typed_frame_and_no_problems(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments({}, {
        "assignment_id": "A2", "staff_id": "P2", "fte": "0.4", "start_date": "01/03/2024",
        "end_date": "31/03/2025", "contract": "Agency", "case_holder": "N"}))
    result = read_file(path, context())
    assert result.errors == [] and result.warnings == []
    frame = result.tables["assignment"]
    assert frame["fte"].to_list() == [1.0, 0.4]
    assert frame["start_date"].to_list() == [date(2024, 1, 1), date(2024, 3, 1)]
    assert frame["end_date"].to_list() == [None, date(2025, 3, 31)]
    assert frame["contract"].to_list() == ["permanent", "agency"]
    assert frame["case_holder"].to_list() == [True, False]


def test_a_missing_required_column_is_one_error_on_the_header(tmp_path):
    rows = assignments({}, {"assignment_id": "A2"})
    header = [name for name in rows[0] if name != "fte"]
    result = read_file(write_csv(tmp_path, "assignment.csv", rows, header=header), context())
    problem = only_error(result)
    assert where(problem) == ("assignment.csv", None, 1, None)
    assert "no fte column" in problem.message


def test_unknown_extra_columns_are_a_warning_naming_them(tmp_path):
    rows = [{**assignments({})[0], "Favourite colour": "blue"}]
    result = read_file(write_csv(tmp_path, "assignment.csv", rows), context())
    assert result.errors == []
    assert result.warnings == ["assignment.csv: columns not in the assignment table were "
                               "ignored: Favourite colour"]


def test_headings_are_matched_whatever_their_case_and_spacing(tmp_path):
    rows = [{name.replace("_", " ").title(): value
             for name, value in assignments({})[0].items()}]
    result = read_file(write_csv(tmp_path, "assignment.csv", rows), context())
    assert result.errors == [] and result.tables["assignment"].height == 1


def test_an_empty_required_cell_names_the_row_and_column(tmp_path):
    path = write_csv(tmp_path, "assignment.csv",
                     assignments({}, {"assignment_id": "A2", "job_title": ""}))
    problem = only_error(read_file(path, context()))
    assert where(problem) == ("assignment.csv", None, 3, "job_title")
    assert problem.message == "job_title is required but the cell is empty"


def test_a_cell_that_is_not_a_whole_number_is_an_error(tmp_path):
    rows = [{"organisation": ORG, "staff_id": "P1", "date": "2024-03-31", "cases": "12"},
            {"organisation": ORG, "staff_id": "P2", "date": "2024-03-31", "cases": "12a"}]
    problem = only_error(read_file(write_csv(tmp_path, "caseload.csv", rows), context()))
    assert where(problem) == ("caseload.csv", None, 3, "cases")
    assert problem.message == '"12a" is not a whole number'
    assert problem.value == "12a"


def test_thousands_separators_are_refused_with_a_clear_message(tmp_path):
    rows = [{"organisation": ORG, "staff_id": "P1", "snapshot_date": "2024-03-31",
             "hourly_pay": "21.50", "full_pay": "yes", "base_salary": "41,234.50"}]
    problem = only_error(read_file(write_csv(tmp_path, "pay.csv", rows), context()))
    assert where(problem) == ("pay.csv", None, 2, "base_salary")
    assert "has a comma: write numbers without thousands separators" in problem.message


def test_a_date_that_does_not_exist_is_an_error(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments({"start_date": "31/02/2024"}))
    problem = only_error(read_file(path, context()))
    assert where(problem) == ("assignment.csv", None, 2, "start_date")
    assert problem.message == '"31/02/2024" is not a real date'
    assert "yyyy-mm-dd" in problem.hint


def test_a_two_digit_year_is_refused_rather_than_guessed(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments({"start_date": "01/04/24"}))
    problem = only_error(read_file(path, context()))
    assert "two-digit year" in problem.message


def test_a_code_outside_the_list_is_an_error_listing_the_allowed_codes(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments({"contract": "perm"}))
    problem = only_error(read_file(path, context()))
    assert where(problem) == ("assignment.csv", None, 2, "contract")
    assert problem.message == '"perm" is not one of the contract codes'
    assert "permanent (Permanent employee)" in problem.hint
    assert "agency (Agency worker" in problem.hint


def test_long_code_lists_are_abbreviated_in_the_hint(tmp_path):
    rows = [{"organisation": ORG, "staff_id": "P9", "name": "Cy", "sex": "F",
             "ethnicity": "Martian", "disability": "N"}]
    problem = only_error(read_file(write_csv(tmp_path, "person.csv", rows), context()))
    assert where(problem) == ("person.csv", None, 2, "ethnicity")
    assert "WBRI, WIRI" in problem.hint and "(labels are in the template's Notes)" in problem.hint
    assert "White British" not in problem.hint


def test_codes_match_whatever_their_case_or_by_their_label(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments(
        {"contract": "PERMANENT"}, {"assignment_id": "A2", "staff_id": "P2",
                                    "contract": "Agency worker (not paid directly by the "
                                                "council)"}))
    result = read_file(path, context())
    assert result.errors == []
    assert result.tables["assignment"]["contract"].to_list() == ["permanent", "agency"]


def test_a_value_below_the_minimum_is_an_error(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments({"fte": "-0.5"}))
    problem = only_error(read_file(path, context()))
    assert where(problem) == ("assignment.csv", None, 2, "fte")
    assert problem.message == '"-0.5" is below the minimum 0'


def test_a_value_above_the_maximum_is_an_error_that_reads_as_one_line(tmp_path):
    rows = assignments(*[{"assignment_id": f"A{i}", "staff_id": "P1",
                          "start_date": f"2024-01-{i:02}", "end_date": f"2024-01-{i:02}"}
                         for i in range(1, 13)], {"assignment_id": "A13", "fte": "1.5"})
    problem = only_error(read_file(write_csv(tmp_path, "assignment.csv", rows), context()))
    assert where(problem) == ("assignment.csv", None, 14, "fte")
    assert str(problem) == (
        'assignment.csv row 14, column fte: "1.5" is above the maximum 1. fte: Contracted '
        "hours ÷ standard hours (0 to 1). Enter a number from 0 to 1.")


def test_booleans_accept_the_usual_words_and_refuse_others(tmp_path):
    words = ["TRUE", "no", "Y", "0", "maybe"]
    rows = assignments(*[{"assignment_id": f"A{i}", "staff_id": "P1",
                          "start_date": f"2024-02-0{i + 1}", "end_date": f"2024-02-0{i + 1}",
                          "case_holder": word} for i, word in enumerate(words)])
    result = read_file(write_csv(tmp_path, "assignment.csv", rows), context())
    problem = only_error(result)
    assert where(problem) == ("assignment.csv", None, 6, "case_holder")
    assert problem.message == '"maybe" is not true or false'
    assert result.tables["assignment"]["case_holder"].to_list() == [True, False, True, False]


def test_an_end_date_before_the_start_date_is_an_error(tmp_path):
    path = write_csv(tmp_path, "assignment.csv",
                     assignments({"start_date": "2024-04-01", "end_date": "31/03/2024"}))
    problem = only_error(read_file(path, context()))
    assert where(problem) == ("assignment.csv", None, 2, "end_date")
    assert problem.message == '"31/03/2024" is before the start_date "2024-04-01"'


def test_a_repeated_natural_key_names_the_first_row(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments(
        {"end_date": "2024-01-31"}, {"assignment_id": "A2", "staff_id": "P2", "fte": "0.4"},
        {"start_date": "2024-02-01"}))
    problem = only_error(read_file(path, context()))
    assert where(problem) == ("assignment.csv", None, 4, "assignment_id")
    assert problem.message == '"A1" is already on row 2'


def test_keys_of_several_columns_compare_typed_values(tmp_path):
    rows = [{"organisation": ORG, "staff_id": "P1", "date": "2024-03-31", "cases": "12"},
            {"organisation": ORG, "staff_id": "P1", "date": "31/03/2024", "cases": "14"}]
    problem = only_error(read_file(write_csv(tmp_path, "caseload.csv", rows), context()))
    assert where(problem) == ("caseload.csv", None, 3, "staff_id, date")
    assert problem.message == '"P1, 31/03/2024" is already on row 2'


def test_text_that_would_run_as_a_formula_is_refused(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments(
        {"job_title": '=HYPERLINK("http://evil","x")'},
        {"assignment_id": "A2", "staff_id": "P2", "grade": "@SUM(1)", "fte": "0.4"}))
    result = read_file(path, context())
    assert [where(p) for p in result.errors] == [("assignment.csv", None, 2, "job_title"),
                                                ("assignment.csv", None, 3, "grade")]
    assert "run it as a formula" in result.errors[0].message


def test_negative_numbers_are_not_mistaken_for_formulas(tmp_path):
    rows = [{"organisation": ORG, "event_id": "E1", "kind": "compliment",
             "date": "2024-01-01", "value": "-1"}]
    result = read_file(write_csv(tmp_path, "register.csv", rows), context())
    assert result.errors == []
    assert result.tables["register"]["value"].to_list() == [-1.0]


def test_excel_error_values_are_refused(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments({"grade": "#N/A"}))
    problem = only_error(read_file(path, context()))
    assert where(problem) == ("assignment.csv", None, 2, "grade")
    assert problem.message == '"#N/A" is an Excel error value'


def test_the_same_problem_on_many_rows_is_listed_once_with_the_other_rows(tmp_path):
    rows = assignments(*[{"assignment_id": f"A{i}", "staff_id": "P1", "grade": "#REF!",
                          "start_date": f"2024-03-{i:02}", "end_date": f"2024-03-{i:02}"}
                         for i in range(1, 10)])
    problem = only_error(read_file(write_csv(tmp_path, "assignment.csv", rows), context()))
    assert (problem.row, problem.also, problem.also_count) == (2, (3, 4, 5, 6, 7), 8)
    assert str(problem).startswith('assignment.csv row 2, column grade: "#REF!" is an Excel '
                                   "error value (also rows 3, 4, 5, 6, 7 and 3 more).")


def test_a_hopeless_file_lists_the_first_200_problems_and_counts_the_rest(tmp_path):
    rows = assignments(*[{"assignment_id": f"A{i}", "fte": f"{i + 2}", "staff_id": "P1",
                          "start_date": "2024-01-01", "end_date": "2024-01-01"}
                         for i in range(500)])
    result = read_file(write_csv(tmp_path, "assignment.csv", rows), context())
    assert len(result.errors) == 201 and result.hidden_errors == 300
    assert [p.row for p in result.errors[:3]] == [2, 3, 4]
    assert result.errors[-1].message == "300 more problems are not listed"
    assert result.tables["assignment"].height == 0


def test_pay_with_no_31_march_snapshot_is_read_with_a_warning_about_the_pay_gap(tmp_path):
    def pay(day):
        return [{"organisation": ORG, "staff_id": "P1", "snapshot_date": day, "hourly_pay": "20.5",
                 "full_pay": "Y"}]
    result = read_file(write_csv(tmp_path, "pay.csv", pay("05/04/2024")), context())
    assert result.errors == [] and result.tables["pay"].height == 1
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("pay.csv: no pay is dated 31 March")
    assert "M36" in result.warnings[0]
    result = read_file(write_csv(tmp_path, "pay.csv", pay("31/03/2024")), context())
    assert result.errors == [] and result.warnings == []
