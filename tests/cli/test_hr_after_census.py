"""HR records imported (`workforce import`) after a census return of the same people, on the
days the return describes, are refused: stored beside the return's rows each of those people
would be a second person and their FTE counted twice. The census import refuses the other
order (`census.held.held_elsewhere`); HR records of other people, or of the same people on
other days, still load beside census history (stop 18)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from typer.testing import CliRunner

from tests.census.helpers import agency, worker
from tests.census.helpers import write as write_return
from workforce.cli import app
from workforce_web.bridge import load_ledger, store_tables
from workforce_web.ledger.models import LEDGER_MODELS, LedgerVersion

runner = CliRunner()
pytestmark = pytest.mark.django_db

UNIT = "organisation,code,name,kind\n333,T1,Team 1,team\n"
PERSON = "organisation,staff_id,name,sex,ethnicity,disability,swe_number\n"
JOBS = ("organisation,assignment_id,staff_id,unit,contract,staff_group,job_title,fte,"
        "start_date,end_date\n")


def said(result) -> str:
    return " ".join(result.output.split())  # Rich wraps long lines


def census_return(tmp_path, *args: str) -> None:
    """LA 333's 2024 return (1 October 2023 to 30 September 2024) stored in organisation 333
    (or `--org ...`): SW1 in the role since 1 January 2019 (so a zero-FTE marker from then),
    SW2 since 1 November 2023."""
    path = write_return(tmp_path / "return_2024.xml", 2024, [
        worker(2024, "SW1"), worker(2024, "SW2", RoleStartDate="2023-11-01", FTE30=0.0,
                                StartOrigin="1")])
    result = runner.invoke(app, ["census", "import", str(path), *args])
    assert result.exit_code == 0, said(result)


def hr(tmp_path, people: list[str], jobs: list[str], org: str = "333",
       folder: str = "hr") -> list[str]:
    """HR files: a unit, people (`staff_id,name,swe_number` each) and assignments
    (`assignment_id,staff_id,staff_group,start_date,end_date` each)."""
    where = tmp_path / folder
    where.mkdir()
    files = {"unit.csv": UNIT.replace("333", org)}
    if people:
        files["person.csv"] = PERSON + "".join(
            f"{org},{staff},{name},M,WBRI,N,{swe}\n"
            for staff, name, swe in (p.split(",") for p in people))
    if jobs:
        files["assignment.csv"] = JOBS + "".join(
            f"{org},{job},{staff},T1,permanent,{group},Job,1,{start},{end}\n"
            for job, staff, group, start, end in (j.split(",") for j in jobs))
    paths = []
    for name, text in files.items():
        (where / name).write_text(text)
        paths.append(str(where / name))
    return paths


def everything(org: str = "333") -> dict:
    """Every stored row of the organisation, per table (sorted), and its ledger version."""
    ledger = load_ledger(org)
    version = LedgerVersion.objects.filter(organisation=org).values_list("version").first()
    return {"version": version} | {name: sorted(ledger[name].rows(), key=repr)
                                   for name in LEDGER_MODELS}


def imported(files: list[str]):
    return runner.invoke(app, ["import", *files])


def test_hr_records_of_a_returns_person_in_its_year_are_refused_and_nothing_is_stored(
        tmp_path):
    census_return(tmp_path)
    before = everything()
    files = hr(tmp_path, ["H1,Hal Hart,sw 0001", "H3,Ivy Irons,SW3"],
               ["h3,H3,social_worker,2024-01-01,", "h1,H1,social_worker,2024-01-01,"])
    result = imported(files)
    out = said(result)
    assert result.exit_code == 2, out
    assert ("assignment.csv: not imported — organisation 333 already holds the people of "
            "these rows from a census return, on the same days: the row with assignment_id "
            "'h1' (staff_id 'H1', from 1 January 2024), whose swe_number in person.csv, "
            "'sw 0001', is SW1 of the 2024 census return, which describes them from "
            "1 January 2019 to 1 October 2024") in out
    assert "a second person on those days (their FTE counted twice), so nothing was stored" \
        in out
    assert "Import these HR records into an organisation of their own" in out
    assert "no command that removes a stored census return" in out
    assert ("Nothing was imported: assignment.csv was refused when it was stored, so nothing "
            "from it was stored, and unit.csv and person.csv were not stored either") in out
    assert everything() == before
    assert not LEDGER_MODELS["person"].objects.filter(staff_id__in=["H1", "H3"]).exists()


def test_hr_records_keyed_by_swe_number_are_refused_naming_the_staff_id(tmp_path):
    census_return(tmp_path)
    before = everything()
    # SW2 is the person the return made (its staff id is the SWE number): no person row is
    # needed; SW0001 is SW1 written another way, in the HR records' own person row
    result = imported(hr(tmp_path, ["SW0001,Sam Swift,"],
                         ["j2,SW2,social_worker,2023-06-01,2023-10-31",
                          "j1,SW0001,other,2024-09-30,"]))
    out = said(result)
    assert result.exit_code == 2, out
    assert ("the row with assignment_id 'j2' (staff_id 'SW2', from 1 June 2023), which is SW2 "
            "of the 2024 census return, which describes them from 1 October 2023 to "
            "1 October 2024") in out
    assert ("the row with assignment_id 'j1' (staff_id 'SW0001', from 30 September 2024), "
            "which is SW1 of the 2024 census return") in out
    assert everything() == before


def test_a_person_file_alone_loads_but_their_assignments_later_are_refused(tmp_path):
    census_return(tmp_path)
    # a person without assignments is in post nowhere: nothing is counted twice yet
    result = imported(hr(tmp_path, ["H1,Hal Hart,SW1"], []))
    assert result.exit_code == 0, said(result)
    before = everything()
    later = hr(tmp_path, [], ["h1,H1,social_worker,2024-03-01,"], folder="later")
    result = imported(later)
    out = said(result)
    assert result.exit_code == 2, out
    assert ("the row with assignment_id 'h1' (staff_id 'H1', from 1 March 2024), whose "
            "swe_number as stored, 'SW1', is SW1 of the 2024 census return") in out
    assert everything() == before


def test_the_zero_fte_marker_before_the_year_counts_as_the_returns_days(tmp_path):
    # SW1 is in post from their RoleStartDate (1 January 2019) through the marker: an HR
    # record of them in 2021 would make two people in post then
    census_return(tmp_path)
    result = imported(hr(tmp_path, ["H1,Hal Hart,SW1"],
                         ["h1,H1,social_worker,2021-01-01,2021-12-31"]))
    assert result.exit_code == 2, said(result)
    assert "from 1 January 2019 to 1 October 2024" in said(result)


def test_other_people_and_the_same_people_on_other_days_still_load(tmp_path):
    census_return(tmp_path)
    census = load_ledger("333").assignment.height
    files = hr(tmp_path, ["H1,Hal Hart,SW1", "H2,Flo Fern,SW2", "H3,Ivy Irons,SW3",
                          "H4,Max Mole,"],
               ["h1,H1,social_worker,2024-10-02,",  # after the 2024 return's days
                "h1old,H1,social_worker,2012-01-01,2018-12-31",  # before their role start
                "h2,H2,social_worker,2015-01-01,2023-09-30",  # before the year: no marker
                "h3,H3,social_worker,2020-01-01,",  # someone else, in the year
                "h4,H4,social_worker,2024-01-01,"])  # no SWE number: not matched
    result = imported(files)
    assert result.exit_code == 0, said(result)
    assert load_ledger("333").assignment.height == census + 5


def test_the_same_hr_records_load_into_another_organisation(tmp_path):
    census_return(tmp_path)
    files = hr(tmp_path, ["H1,Hal Hart,SW1"], ["h1,H1,social_worker,2024-01-01,"], org="HR1")
    (tmp_path / "hr" / "organisation.csv").write_text("code,name\nHR1,HR records\n")
    result = imported([str(tmp_path / "hr" / "organisation.csv"), *files])
    assert result.exit_code == 0, said(result)
    assert load_ledger("HR1").assignment["assignment_id"].to_list() == ["h1"]


def test_pseudonymised_returns_cannot_be_matched_so_their_years_social_workers_are_refused(
        tmp_path):
    key = tmp_path / "key"
    key.write_text("0123456789abcdef" * 4)
    census_return(tmp_path, "--pseudonymise", "--key-file", str(key))
    before = everything()
    result = imported(hr(tmp_path, ["H5,Hal Hart,SW5"], ["h5,H5,social_worker,2024-02-01,"]))
    out = said(result)
    assert result.exit_code == 2, out
    assert ("assignment.csv: not imported — organisation 333 holds census returns imported "
            "with pseudonyms (--pseudonymise) for 2024") in out
    assert ("the row with assignment_id 'h5' (staff_id 'H5', a social worker from "
            "1 February 2024, in the 2024 census year, 1 October 2023 to 30 September 2024)"
            ) in out
    assert everything() == before
    # other staff groups, and social workers after the year, are not the return's people
    result = imported(hr(tmp_path, ["H6,Flo Fern,", "H7,Ivy Irons,"],
                         ["h6,H6,other,2024-02-01,", "h7,H7,social_worker,2024-10-01,"],
                         folder="others"))
    assert result.exit_code == 0, said(result)


def test_a_file_without_end_dates_is_read_with_the_stored_ones(tmp_path):
    # h1 is stored ending in 2018, before SW1's days in the return; a later file moving its
    # start and leaving out end_date keeps that end (it is not taken as ongoing)
    census_return(tmp_path)
    result = imported(hr(tmp_path, ["H1,Hal Hart,SW1"],
                         ["h1,H1,social_worker,2012-01-01,2018-06-30"]))
    assert result.exit_code == 0, said(result)
    moved = tmp_path / "moved"
    moved.mkdir()
    (moved / "assignment.csv").write_text(
        "organisation,assignment_id,staff_id,unit,contract,staff_group,job_title,fte,"
        "start_date\n333,h1,H1,T1,permanent,social_worker,Job,1,2012-06-01\n")
    result = imported([str(moved / "assignment.csv")])
    assert result.exit_code == 0, said(result)
    assert load_ledger("333").assignment.filter(assignment_id="h1")["start_date"].to_list() \
        == [date(2012, 6, 1)]
    (moved / "assignment.csv").write_text(
        "organisation,assignment_id,staff_id,unit,contract,staff_group,job_title,fte,"
        "start_date\n333,h2,H1,T1,permanent,social_worker,Job,1,2019-01-01\n")
    result = imported([str(moved / "assignment.csv")])  # h2 is new: ongoing, so refused
    assert result.exit_code == 2, said(result)
    assert "the row with assignment_id 'h2' (staff_id 'H1', from 1 January 2019)" in said(result)


def test_a_worker_in_post_is_the_returns_on_1_october_so_hr_records_from_then_are_refused(
        tmp_path):
    # The return's assignment of a worker in post runs to 1 October 2024 (an agency
    # worker's too): an HR record of them from that day would make them two people on it.
    # A leaver's last day in the return is their RoleEndDate: from 1 October they are not.
    path = write_return(tmp_path / "return_2024.xml", 2024, [
        worker(2024, "SW1"),
        worker(2024, "SW3", FTE=0.0, RoleEndDate="2024-06-30", ReasonLeave="1",
               LeaverDestination="1", Cases30=None),
        agency("SW4")])
    result = runner.invoke(app, ["census", "import", str(path)])
    assert result.exit_code == 0, said(result)
    before = everything()
    result = imported(hr(tmp_path, ["H1,Hal Hart,SW1", "H3,Flo Fern,SW3", "H4,Ivy Irons,SW4"],
                         ["h1,H1,social_worker,2024-10-01,", "h3,H3,social_worker,2024-10-01,",
                          "h4,H4,social_worker,2024-10-01,2025-03-31"]))
    out = said(result)
    assert result.exit_code == 2, out
    assert ("the row with assignment_id 'h1' (staff_id 'H1', from 1 October 2024), whose "
            "swe_number in person.csv, 'SW1', is SW1 of the 2024 census return, which "
            "describes them from 1 January 2019 to 1 October 2024; the row with assignment_id "
            "'h4' (staff_id 'H4', from 1 October 2024), whose swe_number in person.csv, "
            "'SW4', is SW4 of the 2024 census return, which describes them from "
            "1 October 2023 to 1 October 2024. Stored beside") in out
    assert "'h3'" not in out
    assert everything() == before
    result = imported(hr(tmp_path, ["H3,Flo Fern,SW3"], ["h3,H3,social_worker,2024-10-01,"],
                         folder="leaver"))
    assert result.exit_code == 0, said(result)


def test_a_person_file_giving_stored_hr_records_a_returns_swe_number_is_refused(tmp_path):
    # H1 has no SWE number when h1 and h9 are stored (so is not matched); a batch giving
    # them SW1's would make those rows SW1's on the return's days, though it gives no new
    # or changed assignment
    census_return(tmp_path)
    export = ["h1,H1,social_worker,2024-01-01,", "h9,H1,other,2020-01-01,2023-12-31"]
    result = imported(hr(tmp_path, ["H1,Hal Hart,", "H2,Flo Fern,"], export))
    assert result.exit_code == 0, said(result)
    before = everything()
    result = imported(hr(tmp_path, ["H2,Flo Fern,", "H1,Hal Hart,sw 0001"], [], folder="swe"))
    out = said(result)
    assert result.exit_code == 2, out
    assert ("person.csv: not imported — organisation 333 already holds, from a census "
            "return, the people these rows give SWE numbers to: the row with staff_id 'H1' "
            "gives swe_number 'sw 0001', which is SW1 of the 2024 census return, which "
            "describes them from 1 January 2019 to 1 October 2024, and the organisation "
            "holds HR records of them on those days: the row with assignment_id 'h9' "
            "(staff_id 'H1', from 1 January 2020). With those SWE numbers, each of those HR "
            "records would be a second person beside the return on those days (their FTE "
            "counted twice), so nothing was stored. Import these HR records into an "
            "organisation of their own") in out
    assert ("give, in the same batch, an assignment file whose rows for these people leave "
            "out the days the census return describes (Workforce has no command that "
            "removes a stored census return)") in out
    assert everything() == before
    # the same rows given again beside the person file are checked as well: with the new
    # SWE number they are not held as they are
    result = imported(hr(tmp_path, ["H1,Hal Hart,SW1"], export, folder="again"))
    out = said(result)
    assert result.exit_code == 2, out
    assert ("assignment.csv: not imported — organisation 333 already holds the people of "
            "these rows from a census return, on the same days: the row with assignment_id "
            "'h1' (staff_id 'H1', from 1 January 2024), whose swe_number in person.csv, "
            "'SW1', is SW1 of the 2024 census return") in out
    assert "'h9' (staff_id 'H1', from 1 January 2020), whose swe_number" in out
    assert everything() == before
    # ... and so is a stored row the batch leaves out when it gives the others
    result = imported(hr(tmp_path, ["H1,Hal Hart,SW1"], ["h1,H1,social_worker,2024-10-02,"],
                         folder="some"))
    assert result.exit_code == 2, said(result)
    assert "person.csv: not imported" in said(result)
    assert "the row with assignment_id 'h9' (staff_id 'H1', from 1 January 2020)" \
        in said(result)
    assert everything() == before
    # with rows that leave out the return's days, the SWE number is stored
    result = imported(hr(tmp_path, ["H1,Hal Hart,SW1"], ["h1,H1,social_worker,2024-10-02,",
                                                         "h9,H1,other,2012-01-01,2018-12-31"],
                         folder="moved"))
    assert result.exit_code == 0, said(result)
    assert load_ledger("333").person.filter(staff_id="H1")["swe_number"].to_list() == ["SW1"]


def test_rows_held_as_they_are_load_again_and_only_new_or_changed_rows_are_checked(tmp_path):
    census_return(tmp_path)
    # The organisation comes to hold HR records of SW1 in the return's days beside it, as
    # it could before HR records were checked against returns: H1 has no SWE number when h1
    # and h9 are stored (so is not matched), and SW1's is then stored past the import's
    # checks (which refuse it: above), through the store the imports use.
    export = ["h1,H1,social_worker,2024-01-01,", "h9,H1,other,2020-01-01,2023-12-31",
              "h5,H5,social_worker,2019-01-01,2019-06-30"]
    result = imported(hr(tmp_path, ["H1,Hal Hart,", "H5,Flo Fern,"], export))
    assert result.exit_code == 0, said(result)
    store_tables({"person": pl.DataFrame({"organisation": ["333"], "staff_id": ["H1"],
                                          "swe_number": ["SW1"]})})
    held = everything()
    # A person file giving the same SWE number, written another way, changes no one.
    result = imported(hr(tmp_path, ["H1,Hal Hart,sw 0001"], [], folder="spelt"))
    assert result.exit_code == 0, said(result)
    result = imported(hr(tmp_path, ["H1,Hal Hart,SW1"], [], folder="swe"))
    assert result.exit_code == 0, said(result)
    assert everything()["person"] == held["person"]
    held = everything()
    # The next HR export, the same rows: refusing them would undo nothing, and the
    # organisation could never load its HR records again (no command removes a return).
    result = imported(hr(tmp_path, ["H1,Hal Hart,SW1", "H5,Flo Fern,"], export,
                         folder="again"))
    assert result.exit_code == 0, said(result)
    assert everything() == held
    # ... also from a file without end_date, whose rows keep the stored end, changing what
    # is not their person or their days
    moved = tmp_path / "no_end"
    moved.mkdir()
    (moved / "assignment.csv").write_text(
        "organisation,assignment_id,staff_id,unit,contract,staff_group,job_title,fte,"
        "start_date\n333,h1,H1,T1,permanent,other,Job,0.5,2024-01-01\n")
    result = imported([str(moved / "assignment.csv")])
    assert result.exit_code == 0, said(result)
    assert everything() != held
    held = everything()
    # A row of SW1 in the return's days on other days, of another person, or new, is
    # checked and refused.
    for folder, row, named in (
            ("days", "h1,H1,other,2024-01-01,2024-12-31", "'h1' (staff_id 'H1', from "
             "1 January 2024)"),
            ("person", "h5,H1,social_worker,2019-01-01,2019-06-30", "'h5' (staff_id 'H1', "
             "from 1 January 2019)"),  # in the return's zero-FTE marker
            ("new", "h0,H1,social_worker,2019-01-01,2019-06-30", "'h0' (staff_id 'H1', from "
             "1 January 2019)")):
        result = imported(hr(tmp_path, ["H1,Hal Hart,SW1"], [row, export[1]], folder=folder))
        out = said(result)
        assert result.exit_code == 2, out
        assert (f"organisation 333 already holds the people of these rows from a census "
                f"return, on the same days: the row with assignment_id {named}, whose "
                "swe_number in person.csv, 'SW1', is SW1 of the 2024 census return, which "
                "describes them from 1 January 2019 to 1 October 2024. Stored beside") in out
        assert everything() == held


def test_the_rows_named_are_the_files_first_when_it_leaves_out_end_date(tmp_path):
    census_return(tmp_path)
    result = imported(hr(tmp_path, ["H1,Hal Hart,SW1"], []))
    assert result.exit_code == 0, said(result)
    ids = [f"h{i:03d}" for i in range(2000)][::-1]  # not in the stored (or any sorted) order
    moved = tmp_path / "no_end"
    moved.mkdir()
    (moved / "assignment.csv").write_text(
        "organisation,assignment_id,staff_id,unit,contract,staff_group,job_title,fte,"
        "start_date\n" + "".join(f"333,{job},H1,T1,agency,social_worker,Job,1,2024-01-01\n"
                                 for job in ids))
    result = imported([str(moved / "assignment.csv")])
    out = said(result)
    assert result.exit_code == 2, out
    named = ("the row with assignment_id '{}' (staff_id 'H1', from 1 January 2024), whose "
             "swe_number as stored, 'SW1', is SW1 of the 2024 census return")
    first = out.index(named.format(ids[0]))
    assert first < out.index(named.format(ids[1])) < out.index(named.format(ids[2]))
    assert "and 1,997 more rows" in out


def organisation(tmp_path, code: str, la: str = "333") -> str:
    """An organisation file: `code` with LA number `la`."""
    where = tmp_path / code
    where.mkdir()
    (where / "organisation.csv").write_text(f"code,name,old_la_code\n{code},{code},{la}\n")
    return str(where / "organisation.csv")


def test_a_return_without_org_goes_to_the_stored_organisation_with_its_la_number(tmp_path):
    """The demo (code `demo`, LA 999) and its own 2025 return: without --org the return went
    to a new organisation coded 999 beside it, and `--org 999` then named that one. Now it
    goes to the organisation that has the LA number, where its people are held already, so
    it is refused with what to do; with --org and a new code it loads on its own."""
    files = [organisation(tmp_path, "acme"),
             *hr(tmp_path, ["H1,Hal Hart,SW1"], ["h1,H1,social_worker,2019-01-01,"],
                 org="acme")]
    assert imported(files).exit_code == 0
    path = write_return(tmp_path / "return_2024.xml", 2024, [worker(2024, "SW1")])
    result = runner.invoke(app, ["census", "import", str(path)])
    out = said(result)
    assert result.exit_code == 1, out
    assert "organisation acme already holds 1 of the return's 1 people" in out
    assert "--org acme-census" in out
    from workforce_web.ledger.models import LEDGER_MODELS as M
    assert not M["organisation"].objects.filter(code="333").exists()
    result = runner.invoke(app, ["census", "import", str(path), "--org", "acme-census"])
    assert result.exit_code == 0, said(result)
    assert load_ledger("acme-census").person["staff_id"].to_list() == ["SW1"]


def test_a_return_whose_la_number_several_organisations_have_asks_which(tmp_path):
    for code in ("acme", "acme2"):
        assert imported([organisation(tmp_path, code)]).exit_code == 0
    path = write_return(tmp_path / "return_2024.xml", 2024, [worker(2024, "SW1")])
    result = runner.invoke(app, ["census", "import", str(path)])
    out = said(result)
    assert result.exit_code == 1, out
    assert "names several organisations (acme, acme2)" in out and "--org" in out
    from workforce_web.ledger.models import LEDGER_MODELS as M
    assert not M["organisation"].objects.filter(code="333").exists()
