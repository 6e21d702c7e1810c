"""`census.replace` deletes the absences an earlier import of a return made, found record by
record as `batch.absences` makes them: also for a person with two records in the year, and
for a record that ended on the year's first day."""

from __future__ import annotations

from datetime import date

import polars as pl

from workforce.census import batch
from workforce.census.replace import _made

SCHEMA = {"n": pl.Int64, "staff": pl.String, "Absat30Sept": pl.String,
          "ReasonAbsence": pl.String, "RoleStartDate:date": pl.Date,
          "RoleEndDate:date": pl.Date, "WorkingDaysLost:number": pl.Float64,
          "StartOrigin": pl.String, "ReasonLeave": pl.String, "LeaverDestination": pl.String,
          "OrgRole": pl.String, "AgencyWorker": pl.String, "Cases30:number": pl.Float64,
          "FTE:number": pl.Float64, "FTE30:number": pl.Float64, "Cases30": pl.String}
BASE = {"Absat30Sept": None, "ReasonAbsence": None, "StartOrigin": None, "ReasonLeave": None,
        "LeaverDestination": None, "OrgRole": "5", "AgencyWorker": "0", "Cases30": None,
        "Cases30:number": 0.0, "FTE:number": 1.0, "FTE30:number": 1.0, "staff": "p"}


class Stored(dict):
    """Stored tables, by name or as attributes (as a `Ledger` gives them)."""

    __getattr__ = dict.__getitem__


def stored_from(records: list[dict], year: int = 2024) -> Stored:
    """What an import of `records` stored (assignments and absences of organisation O)."""
    f = pl.DataFrame(records, schema=SCHEMA).lazy()
    a = batch.assignments(f, "999", year, [None] * len(records)).collect()
    ab = batch.absences(f, year).collect()
    org = pl.lit("O").alias("organisation")
    return Stored(assignment=a.with_columns(org), absence=ab.with_columns(org))


def test_each_record_s_sickness_of_a_person_with_two_records_is_found():
    left = {**BASE, "n": 1, "RoleStartDate:date": date(2019, 1, 1),
            "RoleEndDate:date": date(2024, 3, 31), "WorkingDaysLost:number": 5.0}
    back = {**BASE, "n": 2, "RoleStartDate:date": date(2024, 4, 1), "RoleEndDate:date": None,
            "WorkingDaysLost:number": 3.0}
    stored = stored_from([left, back])
    assert stored.absence.height == 2
    assert _made(stored, "absence", "O", "999", 2024).sort("start_date").equals(
        stored.absence.sort("start_date"))


def test_a_record_that_ended_on_the_year_s_first_day_is_found():
    ended = {**BASE, "n": 1, "RoleStartDate:date": date(2019, 1, 1),
             "RoleEndDate:date": date(2023, 10, 1), "WorkingDaysLost:number": 5.0}
    stored = stored_from([ended])
    assert stored.absence.height == 1
    assert _made(stored, "absence", "O", "999", 2024).equals(stored.absence)


def test_sickness_an_import_stored_over_the_whole_year_is_found_too():
    """Imports before working days lost became an absence of that many days ending before
    30 September stored them over the record's whole time in the year: importing the
    return again replaces those, or the days would be counted twice."""
    left = {**BASE, "n": 1, "RoleStartDate:date": date(2019, 1, 1),
            "RoleEndDate:date": date(2024, 3, 31), "WorkingDaysLost:number": 5.0}
    back = {**BASE, "n": 2, "RoleStartDate:date": date(2024, 4, 1), "RoleEndDate:date": None,
            "WorkingDaysLost:number": 3.0}
    stored = stored_from([left, back])
    old = pl.DataFrame({"staff_id": ["p", "p"],
                        "start_date": [date(2023, 10, 1), date(2024, 4, 1)],
                        "end_date": [date(2024, 3, 31), date(2024, 9, 30)],
                        "reason": ["SIC", "SIC"], "working_days_lost": [5.0, 3.0],
                        "organisation": ["O", "O"]})
    stored["absence"] = old.select(stored.absence.columns)
    assert _made(stored, "absence", "O", "999", 2024).sort("start_date").equals(
        old.select(stored.absence.columns))
