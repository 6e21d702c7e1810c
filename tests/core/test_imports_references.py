"""References between tables, files imported together, and impossible FTE overlaps."""

from __future__ import annotations

from tests.core.test_imports_fixtures import ORG, assignments, context, write_csv
from workforce.imports import ledger_from, read_file, read_files

PERSON = {"organisation": ORG, "staff_id": "P3", "name": "Cy", "sex": "F",
          "ethnicity": "WBRI", "disability": "N"}


def errors(result) -> list[tuple]:
    return [(p.file, p.row, p.column) for p in result.errors]


def test_an_unknown_unit_is_an_error_naming_the_row(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments({"unit": "T9"}))
    result = read_file(path, context())
    assert errors(result) == [("assignment.csv", 2, "unit")]
    assert result.errors[0].message == '"T9" does not match any unit (code) of organisation 881'


def test_an_unknown_person_is_an_error_naming_the_row(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments({}, {"assignment_id": "A2",
                                                                  "staff_id": "P7"}))
    result = read_file(path, context())
    assert errors(result) == [("assignment.csv", 3, "staff_id")]
    assert "does not match any person (staff_id)" in result.errors[0].message


def test_an_unknown_organisation_is_an_error_listing_the_known_ones(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments({"organisation": "999"}))
    result = read_file(path, context())
    assert ("assignment.csv", 2, "organisation") in errors(result)
    problem = next(p for p in result.errors if p.column == "organisation")
    assert problem.message == '"999" does not match any organisation code'
    assert problem.hint == "Known organisations: 881."


def test_references_are_scoped_by_organisation(tmp_path):
    org = {"code": "882", "name": "Other council"}
    unit = {"organisation": "882", "code": "T9", "name": "Team nine", "kind": "team"}
    paths = [write_csv(tmp_path, "organisation.csv", [org]),
             write_csv(tmp_path, "unit.csv", [unit]),
             write_csv(tmp_path, "assignment.csv", assignments({"unit": "T9"}))]
    results = read_files(paths, context())
    assert [errors(r) for r in results] == [[], [], [("assignment.csv", 2, "unit")]]


def test_a_unit_may_name_a_parent_in_the_same_file(tmp_path):
    rows = [{"organisation": ORG, "code": "T3", "name": "Team three", "kind": "team",
             "parent": "S1"},
            {"organisation": ORG, "code": "S1", "name": "Service", "kind": "service",
             "parent": "CS"},
            {"organisation": ORG, "code": "T4", "name": "Team four", "kind": "team",
             "parent": "S9"}]
    result = read_file(write_csv(tmp_path, "unit.csv", rows), context())
    assert errors(result) == [("unit.csv", 4, "parent")]


def test_files_imported_together_are_checked_in_dependency_order(tmp_path):
    assignment = write_csv(tmp_path, "assignment.csv", assignments({"staff_id": "P3"}))
    person = write_csv(tmp_path, "people.csv", [PERSON])
    results = read_files([assignment, person], context())
    assert [r.errors for r in results] == [[], []]
    assert [r.path.name for r in results] == ["assignment.csv", "people.csv"]
    ledger = ledger_from(results, context())
    assert sorted(ledger.person["staff_id"]) == ["P1", "P2", "P3"]


def test_a_whole_organisation_can_be_imported_into_an_empty_ledger(tmp_path):
    paths = [write_csv(tmp_path, "assignment.csv", assignments({})),
             write_csv(tmp_path, "organisation.csv", [{"code": ORG, "name": "Shire"}]),
             write_csv(tmp_path, "unit.csv", [{"organisation": ORG, "code": "T1",
                                               "name": "Team", "kind": "team"}]),
             write_csv(tmp_path, "person.csv", [{**PERSON, "staff_id": "P1"}])]
    results = read_files(paths)
    assert [r.errors for r in results] == [[], [], [], []]


def test_rows_relying_on_a_file_with_errors_are_errors_too(tmp_path):
    person = write_csv(tmp_path, "person.csv", [{**PERSON, "sex": "X"},
                                                {**PERSON, "staff_id": "P4"}])
    assignment = write_csv(tmp_path, "assignment.csv", assignments(
        {"staff_id": "P4"}, {"assignment_id": "A2", "staff_id": "P3"}))
    person_result, assignment_result = read_files([person, assignment], context())
    assert errors(person_result) == [("person.csv", 2, "sex")]
    assert errors(assignment_result) == [("assignment.csv", 2, "staff_id"),
                                         ("assignment.csv", 3, "staff_id")]
    assert [p.message for p in assignment_result.errors] == [
        '"P4" is only in person.csv, which has errors and will not be stored',
        '"P3" is only in person.csv, which has errors and will not be stored']


def test_overlapping_direct_assignments_over_1_fte_are_an_error_naming_both(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments(
        {"fte": "0.6", "start_date": "2024-01-01", "end_date": "2024-06-30"},
        {"assignment_id": "A2", "fte": "0.5", "start_date": "2024-06-01",
         "end_date": "2024-12-31"}))
    result = read_file(path, context())
    assert errors(result) == [("assignment.csv", 3, "fte")]
    assert result.errors[0].message == ('assignments "A1" and "A2" of staff_id "P1" add up to '
                                        "1.1 FTE from 2024-06-01 to 2024-06-30")


def test_stored_assignments_count_towards_the_fte_limit(tmp_path):
    # P2 holds A0 at 0.6 FTE from 2023, stored in the context.
    path = write_csv(tmp_path, "assignment.csv", assignments(
        {"staff_id": "P2", "fte": "0.5", "start_date": "2024-03-01"}))
    result = read_file(path, context())
    assert errors(result) == [("assignment.csv", 2, "fte")]
    assert result.errors[0].message == ('assignments "A0" and "A1" of staff_id "P2" add up to '
                                        "1.1 FTE from 2024-03-01 onwards")


def test_a_row_with_a_stored_assignment_id_replaces_the_stored_row(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments(
        {"assignment_id": "A0", "staff_id": "P2", "fte": "0.6", "start_date": "2023-01-01",
         "end_date": "2024-02-29"},
        {"staff_id": "P2", "fte": "1", "start_date": "2024-03-01"}))
    assert read_file(path, context()).errors == []


def test_three_part_time_assignments_can_overlap_too_much_together(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments(
        {"fte": "0.4", "start_date": "2024-01-01", "end_date": "2024-12-31"},
        {"assignment_id": "A2", "fte": "0.4", "start_date": "2024-01-01",
         "end_date": "2024-12-31"},
        {"assignment_id": "A3", "fte": "0.4", "start_date": "2024-07-01"}))
    result = read_file(path, context())
    assert errors(result) == [("assignment.csv", 4, "fte")]
    assert '"A1", "A2" and "A3"' in result.errors[0].message
    assert "from 2024-07-01 to 2024-12-31" in result.errors[0].message


def test_agency_assignments_and_back_to_back_moves_do_not_overlap(tmp_path):
    path = write_csv(tmp_path, "assignment.csv", assignments(
        {"start_date": "2024-01-01", "end_date": "2024-03-31"},
        {"assignment_id": "A2", "start_date": "2024-04-01"},
        {"assignment_id": "A3", "contract": "agency", "start_date": "2024-01-01"}))
    assert read_file(path, context()).errors == []


def test_overlaps_are_found_for_every_person_in_a_file_of_many(tmp_path):
    people = [f"P{i}" for i in range(1, 4)]
    rows = assignments(*[{"assignment_id": f"A{p}{n}", "staff_id": p, "fte": "0.6",
                          "start_date": f"2024-0{n}-01"}
                         for p in people for n in (1, 2)])
    person_rows = [{**PERSON, "staff_id": "P3"}]
    paths = [write_csv(tmp_path, "person.csv", person_rows),
             write_csv(tmp_path, "assignment.csv", rows)]
    _, result = read_files(paths, context())
    overlaps = [(p.row, p.message) for p in result.errors]
    # P2 also holds A0 (0.6 FTE, stored), so P2 is over from January and further over later.
    assert overlaps == [
        (3, 'assignments "AP11" and "AP12" of staff_id "P1" add up to 1.2 FTE from '
            "2024-02-01 onwards"),
        (4, 'assignments "A0" and "AP21" of staff_id "P2" add up to 1.2 FTE from '
            "2024-01-01 to 2024-01-31"),
        (5, 'assignments "A0", "AP21" and "AP22" of staff_id "P2" add up to 1.8 FTE from '
            "2024-02-01 onwards"),
        (7, 'assignments "AP31" and "AP32" of staff_id "P3" add up to 1.2 FTE from '
            "2024-02-01 onwards"),
    ]
