"""Files imported together are one batch: a row two files give with different values is an
error in both, naming the other file and row; rows given alike are fine. `store_batch`
stores the batch's tables in dependency order and names the file whose store failed."""

from __future__ import annotations

import polars as pl
import pytest

from workforce.imports import read_files
from workforce.imports.api import store_batch
from workforce.ledger import Ledger

HEADER = "organisation,staff_id,name,sex,ethnicity,disability\n"
ALICE = "T1,T1p9,Alice Able,F,WBRI,N\n"
BOB = "T1,T1p9,Bob Baker,M,WBRI,N\n"
OTHER = "T1,T1p8,Cara Cole,F,WBRI,N\n"


def read(tmp_path, **files: str):
    paths = []
    for name, text in files.items():
        path = tmp_path / name.replace("_dot_", ".")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        paths.append(path)
    return read_files(paths, Ledger({"organisation": pl.DataFrame({"code": ["T1"],
                                                                  "name": ["Test council"]})}))


def test_two_files_giving_one_person_differently_are_both_refused_naming_each_other(tmp_path):
    a, b = read(tmp_path, person_a_dot_csv=HEADER + OTHER + ALICE, person_b_dot_csv=HEADER + BOB)
    assert [(p.file, p.row, p.column, p.value) for p in a.errors] == [
        ("person_a.csv", 3, "staff_id", "T1p9")]
    assert [(p.file, p.row, p.column, p.value) for p in b.errors] == [
        ("person_b.csv", 2, "staff_id", "T1p9")]
    assert a.errors[0].message == ('"T1p9" is also on row 2 of person_b.csv, with different '
                                   "values in name, sex")
    assert b.errors[0].message == ('"T1p9" is also on row 3 of person_a.csv, with different '
                                   "values in name, sex")
    assert "neither is stored" in a.errors[0].hint


def test_the_same_row_in_two_files_is_fine(tmp_path):
    a, b = read(tmp_path, person_a_dot_csv=HEADER + ALICE, person_b_dot_csv=HEADER + ALICE + OTHER)
    assert a.errors == [] and b.errors == []


def test_only_the_columns_both_files_give_are_compared(tmp_path):
    a, b = read(tmp_path, person_a_dot_csv=HEADER.replace("\n", ",swe_number\n")
                + ALICE.replace("\n", ",SW1\n"), person_b_dot_csv=HEADER + ALICE)
    assert a.errors == [] and b.errors == []
    a, b = read(tmp_path, person_a_dot_csv=HEADER.replace("\n", ",swe_number\n")
                + ALICE.replace("\n", ",SW1\n"),
                person_b_dot_csv=HEADER.replace("\n", ",swe_number\n")
                + ALICE.replace("\n", ",SW2\n"))
    assert a.errors[0].message.endswith("with different values in swe_number")


def test_files_with_the_same_name_in_two_folders_are_named_by_their_paths(tmp_path):
    a, b = read(tmp_path, **{"x/person_dot_csv": HEADER + ALICE, "y/person_dot_csv": HEADER + BOB})
    assert f"of {tmp_path / 'y' / 'person.csv'}," in a.errors[0].message
    assert f"of {tmp_path / 'x' / 'person.csv'}," in b.errors[0].message


def test_three_files_each_report_every_file_they_disagree_with(tmp_path):
    results = read(tmp_path, a_dot_csv=HEADER + ALICE, b_dot_csv=HEADER + BOB,
                   c_dot_csv=HEADER + ALICE)
    said = [sorted(p.message.split(" of ")[1].split(",")[0] for p in r.errors) for r in results]
    assert said == [["b.csv"], ["a.csv", "c.csv"], ["b.csv"]]


def frames(**tables: int) -> dict[str, pl.DataFrame]:
    return {name: pl.DataFrame({"n": list(range(rows))}) for name, rows in tables.items()}


class Report:
    def __init__(self, tables):
        self.added = {name: frame.height for name, frame in tables.items()}
        self.changed = {name: 0 for name in tables}
        self.unchanged = {name: 0 for name in tables}


def test_store_batch_stores_tables_in_dependency_order_and_counts_per_file():
    stored = []

    def store(tables):
        stored.append(next(iter(tables)))
        return Report(tables)

    counts = store_batch([("assignment.csv", frames(assignment=2)),
                          ("book.xlsx", frames(person=3, unit=1)),
                          ("unit.csv", frames(unit=4))], store)
    assert stored == ["unit", "unit", "person", "assignment"]
    assert [c.added for c in counts] == [{"assignment": 2}, {"unit": 1, "person": 3},
                                         {"unit": 4}]
    assert [c.total_written for c in counts] == [2, 4, 4]


def test_store_batch_names_the_file_whose_store_failed():
    class Refused(ValueError):
        pass

    def store(tables):
        if "post" in tables:
            raise Refused("an end before its start")
        return Report(tables)

    with pytest.raises(Refused) as caught:
        store_batch([("unit.csv", frames(unit=1)), ("post.csv", frames(post=1)),
                     ("assignment.csv", frames(assignment=1))], store)
    assert caught.value.batch_file == "post.csv"


def test_a_files_organisations_are_those_its_rows_give_rows_with_problems_too(tmp_path):
    """What `workforce import` waits for: the organisations a file's rows give, a row with a
    problem (T2's, whose sex code is wrong; T3's, an organisation not stored) as well as
    one that passed; an organisation file's by its codes."""
    person, organisation = read(
        tmp_path, person_dot_csv=HEADER + ALICE + "T2,T2p1,Dan Dale,Q,WBRI,N\n"
        + "T3,T3p1,Eve Ellis,F,WBRI,N\n",
        organisation_dot_csv="code,name\nT4,Council four\n")
    assert person.errors and person.tables["person"]["organisation"].to_list() == ["T1"]
    assert person.organisations == ("T1", "T2", "T3")
    assert organisation.organisations == ("T4",)
