"""`workforce census import` into the database: importing a corrected return replaces what
the earlier import of the same LA and year stored, and an existing organisation keeps its
details."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from tests.census.helpers import agency, worker, write
from workforce.cli import app
from workforce.demo import generate
from workforce_web.bridge import delete_organisation, load_ledger, store_tables

runner = CliRunner()
pytestmark = pytest.mark.django_db


def return_a() -> list[dict]:
    """Five records: an early starter (with a marker before the year), a starter in the
    year, a leaver, an agency worker and someone off sick on 30 September."""
    return [worker(2025, "SW1"),
            worker(2025, "SW2", RoleStartDate="2025-01-06", StartOrigin="3", FTE30=0.0),
            worker(2025, "SW3", RoleEndDate="2025-06-30", ReasonLeave="2", FTE=0.0,
                   Cases30=None, Absat30Sept=None, LeaverDestination="1"),
            agency("SW4"),
            worker(2025, "SW5", Absat30Sept="1", ReasonAbsence="SIC", Cases30=None)]


def imported(*paths, org: str | None = None) -> None:
    result = runner.invoke(app, ["census", "import", *map(str, paths),
                                 *(["--org", org] if org else [])])
    assert result.exit_code == 0, result.output


def tables(org: str) -> dict[str, list[tuple]]:
    """Every stored row of `org`, per table, sorted."""
    ledger = load_ledger(org)
    return {name: sorted(frame.rows(), key=repr) for name, frame in ledger.frames.items()
            if frame.height}


def ids(rows: list[tuple], prefix: str) -> list[tuple]:
    return [r for r in rows if str(r[1]).startswith(prefix)]


def test_importing_a_corrected_return_equals_a_clean_import_of_it(tmp_path):
    first = write(tmp_path / "a.xml", 2025, return_a())
    corrected = write(tmp_path / "a2.xml", 2025, return_a()[1:])  # the first record removed
    imported(first)
    assert "333/2025/5" in load_ledger("333").assignment["assignment_id"].to_list()
    imported(corrected)
    after_reimport = tables("333")
    delete_organisation("333")
    imported(corrected)
    assert after_reimport == tables("333")
    assert "SW1" not in [r[1] for r in after_reimport["person"]]



def summary(result) -> str:  # noqa: ANN001 - a click Result
    return next(line for line in result.output.splitlines() if line.startswith("Stored "))


def stored_rows(org: str) -> int:
    return sum(len(rows) for rows in tables(org).values())


def test_importing_the_same_return_again_reports_every_row_unchanged(tmp_path):
    """A re-run stores nothing and says so: as unchanged, it counts every row the first run
    added, which is every row the database holds (the organisation's row as well, which an
    import into an existing organisation keeps as it is)."""
    path = write(tmp_path / "a.xml", 2025, return_a())
    first = runner.invoke(app, ["census", "import", str(path)])
    assert first.exit_code == 0, first.output
    rows = stored_rows("333")
    assert summary(first) == f"Stored 1 return: {rows} rows added, 0 changed, 0 unchanged."
    for _ in range(2):
        again = runner.invoke(app, ["census", "import", str(path)])
        assert again.exit_code == 0, again.output
        assert summary(again) == f"Stored 1 return: 0 rows added, 0 changed, {rows} unchanged."
        assert "Nothing changed" in again.output
        assert stored_rows("333") == rows


def test_an_import_into_an_existing_organisation_counts_its_row_unchanged(tmp_path):
    an_organisation_without_staff()
    result = runner.invoke(app, ["census", "import", "--org", "demo",
                                 str(write(tmp_path / "a.xml", 2025, return_a(), lea="999"))])
    assert result.exit_code == 0, result.output
    assert summary(result) == (f"Stored 1 return: {stored_rows('demo') - 1} rows added, "
                               "0 changed, 1 unchanged.")

def test_a_failed_store_leaves_the_earlier_import_whole(tmp_path, monkeypatch):
    import workforce_web.bridge

    imported(write(tmp_path / "a.xml", 2025, return_a()))
    before = tables("333")

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(workforce_web.bridge, "store_tables", fail)
    result = runner.invoke(app, ["census", "import",
                                 str(write(tmp_path / "a2.xml", 2025, return_a()[1:]))])
    assert isinstance(result.exception, RuntimeError)
    assert tables("333") == before


def test_a_person_still_named_by_another_years_return_is_kept(tmp_path):
    earlier = write(tmp_path / "a24.xml", 2024, [worker(2024, "SW1")])
    imported(earlier, write(tmp_path / "a.xml", 2025, return_a()))
    before = tables("333")
    imported(write(tmp_path / "a2.xml", 2025, return_a()[1:]))
    after = tables("333")
    assert "SW1" in [r[1] for r in after["person"]]
    assert ids(after["assignment"], "333/2024/") == ids(before["assignment"], "333/2024/") != []
    assert [r[2] for r in after["caseload"] if r[1] == "SW1"] == [date(2024, 9, 30)]


def an_organisation_without_staff() -> None:
    """The demo organisation's own row only (a council that holds no staff records yet: one
    with social workers in the return's year refuses it, see test_held_elsewhere)."""
    store_tables({"organisation": generate(staff=40, years=1, seed=1,
                                           today=date(2025, 10, 15)).organisation})


def test_an_import_into_an_existing_organisation_keeps_its_details(tmp_path):
    an_organisation_without_staff()
    before = load_ledger("demo").organisation
    imported(write(tmp_path / "a.xml", 2025, return_a(), lea="999"), org="demo")
    assert load_ledger("demo").organisation.equals(before)
    assert "999/2025/1" in load_ledger("demo").assignment["assignment_id"].to_list()


def test_an_import_with_the_la_number_of_an_existing_organisation_goes_into_it(tmp_path):
    an_organisation_without_staff()
    before = load_ledger("demo").organisation
    imported(write(tmp_path / "a.xml", 2025, return_a(), lea="999"), org="999")
    assert load_ledger("999").organisation.is_empty()
    assert load_ledger("demo").organisation.equals(before)


def test_absences_from_other_imports_survive_a_corrected_return(tmp_path):
    import polars as pl

    first = write(tmp_path / "a.xml", 2025, return_a())
    corrected = write(tmp_path / "a2.xml", 2025, return_a()[:2] + return_a()[3:])
    imported(first)
    made = load_ledger("333").absence.sort("staff_id", "start_date")
    # an HR extract's sickness for two of the same people, inside the census year
    hr = pl.DataFrame({"organisation": ["333", "333"], "staff_id": ["SW2", "SW3"],
                       "start_date": [date(2025, 3, 3), date(2025, 2, 3)],
                       "end_date": [date(2025, 3, 5), date(2025, 2, 4)],
                       "reason": ["SIC", "SIC"], "working_days_lost": [3.0, 2.0]})
    store_tables({"absence": hr})
    imported(corrected)  # SW3's record removed: what the return made for SW3 goes
    kept = load_ledger("333").absence
    for row in hr.iter_rows(named=True):
        assert kept.filter((pl.col("staff_id") == row["staff_id"])
                           & (pl.col("start_date") == row["start_date"])).height == 1, row
    census_sw3 = made.filter(pl.col("staff_id") == "SW3")
    assert census_sw3.height and kept.join(census_sw3.select("staff_id", "start_date"),
                                           on=["staff_id", "start_date"]).height == 0


LEFT = worker(2025, "SW2", FTE=0.0, Cases30=None, Absat30Sept=None, RoleEndDate="2025-03-31",
              ReasonLeave="1", LeaverDestination="1")


def two_years(tmp_path) -> tuple:
    """Returns for 2024 and 2025: SW1 in both (0.8 FTE on 30 September 2024, full time a
    year later), SW2 in post in 2024's and a leaver in 2025's, SW3 only in 2025's (with
    FTE30 0.5: the 2024 return does not describe them)."""
    y24 = write(tmp_path / "a24.xml", 2024, [worker(2024, "SW1", FTE=0.8),
                                              worker(2024, "SW2")])
    y25 = write(tmp_path / "a25.xml", 2025, [worker(2025, "SW1", FTE30=0.8), LEFT,
                                              worker(2025, "SW3", FTE30=0.5)])
    return y24, y25


@pytest.mark.parametrize("order", ("earlier first", "later first", "together"))
def test_fte30_is_not_counted_twice_beside_the_previous_year_s_return(tmp_path, order):
    """A return holds FTE30 on the previous 30 September (so that its re-export gives it
    back), unless the previous year's return describes that day: whichever is imported
    first, the FTE in post on 30 September 2024 is each person's once."""
    import polars as pl

    from workforce.census.write import build
    from workforce.measures import get
    from workforce.measures.windows import census_year

    y24, y25 = two_years(tmp_path)
    if order == "together":
        imported(y24, y25)
    else:
        for path in ((y24, y25) if order == "earlier first" else (y25, y24)):
            imported(path)
    ledger = load_ledger("333")
    assert get("inpost_fte")(ledger, census_year(2024))["value"][0] == pytest.approx(
        0.8 + 1.0 + 0.5)
    ret = build(ledger, 2025).workers.sort("SWENo")
    assert ret.select("SWENo", "FTE30").rows() == [("SW1", 0.8), ("SW2", 1.0), ("SW3", 0.5)]
    pieces = ledger.assignment.filter(pl.col("assignment_id").str.contains(
        r"^333/2025/.*/fte30$"))
    assert pieces["staff_id"].to_list() == ["SW3"]  # not SW1's
