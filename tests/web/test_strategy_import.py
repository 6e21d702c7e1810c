"""Importing an action plan on the page: a workbook with problems lists them (sheet, row,
column, value, what to do) and stores nothing; a good one stores the whole plan; the same
workbook again changes nothing."""

from __future__ import annotations

import html
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.core.test_strategy_workbook import PLAN
from workforce.strategy.workbook_write import export
from workforce_web.strategy.models import Action, Change, Strategy, Target

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(client, data: bytes, name: str = "plan.xlsx"):
    return client.post("/strategy/import/", {"file": SimpleUploadedFile(name, data, XLSX)})


def _broken() -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(export(PLAN)))
    book["Actions"]["B3"] = "Our wrokforce"   # an unknown theme
    book["Targets"]["D2"] = "M99"             # an unknown measure
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_workbook_with_problems_lists_them_and_stores_nothing(as_user, personas):
    response = _upload(as_user("lead"), _broken())
    page = response.content.decode()
    assert response.status_code == 200
    assert "nothing from it was stored" in page
    assert "There is no such theme on the Themes sheet" in page and "Our wrokforce" in page
    assert "There is no measure &#x27;M99&#x27; in the registry" in page
    assert not Strategy.objects.exists() and not Change.objects.exists()


def test_a_good_workbook_stores_the_whole_plan_and_the_same_one_again_changes_nothing(
        as_user, personas):
    client = as_user("lead")
    response = _upload(client, export(PLAN))
    strategy = Strategy.objects.get()
    assert response.status_code == 302 and response.url == f"/strategy/{strategy.pk}/"
    assert Action.objects.count() == 2 and Target.objects.count() == 3
    assert Action.objects.get(ref="A1").owner.username == "lead"
    assert Change.objects.filter(username="lead", summary="Created").count() > 10
    changes = Change.objects.count()
    again = _upload(client, export(PLAN))
    assert again.status_code == 302 and Change.objects.count() == changes
    page = client.get(again.url).content.decode()
    assert "nothing had changed since the last import" in page


def test_an_owner_not_in_the_organisation_is_a_problem(as_user, personas):
    book = openpyxl.load_workbook(io.BytesIO(export(PLAN)))
    book["Actions"]["F2"] = "other"           # a user of another organisation
    out = io.BytesIO()
    book.save(out)
    page = _upload(as_user("lead"), out.getvalue()).content.decode()
    assert "Nobody in the organisation has this username" in page
    assert not Strategy.objects.exists()


def test_a_file_that_is_not_a_workbook_is_a_problem_not_an_error(as_user, personas):
    page = _upload(as_user("lead"), b"not a workbook", "plan.csv").content.decode()
    assert "Could not be opened as an Excel workbook: it looks like text (CSV)" in page
    [row] = _problem_rows(page)  # a problem of no sheet: under the whole workbook's header
    assert row[:5] == ["plan.csv", "The whole workbook", "", "", ""]


def _changed(cells: dict[tuple[str, str], object]) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(export(PLAN)))
    for (sheet, cell), value in cells.items():
        book[sheet][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(cell: str) -> str:
    return html.unescape(" ".join(re.sub(r"<[^>]+>", "", cell).split()))


def _problem_rows(page: str) -> list[list[str]]:
    """The problems table's rows: file, sheet, row, column, value, problem and what to do.
    The table has four columns (row, column, value, problem): the file is named once, in its
    caption, and each run of a sheet's problems is under a row-group header naming it."""
    table = page[page.index('id="problems"'):page.index("</table>")]
    [file] = re.findall(r"<caption[^>]*>Problems in (.*?), and what to do</caption>", table)
    head = re.search(r"<thead.*?</thead>", table, re.S)
    assert head and [_text(h) for h in re.findall(r"<th[^>]*>(.*?)</th>", head.group(0))] == [
        "Row", "Column", "Value", "Problem and what to do"]
    rows, sheet = [], None
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S):
        group = re.search(r'<th scope="rowgroup" colspan="4"[^>]*>(.*?)</th>', row, re.S)
        if group:
            sheet = _text(group.group(1)).removeprefix("Sheet: ")
        elif "<td" in row:
            assert sheet is not None  # every problem is under its sheet's header
            rows.append([_text(file), sheet, *(_text(cell) for cell in
                                               re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))])
    return rows


@pytest.mark.parametrize(("cells", "problem"), [
    ({("Tracked values", "C2"): "nan"},
     ["Tracked values", "2", "Value", "nan", "This is not a number."]),
    ({("Actions", "B2"): None},  # no theme, and an objective that the theme would have
     ["Actions", "2", "Theme", "", "The cell is empty. Fill in the theme."]),
    ({("Actions", "A3"): None},  # a row whose first cell is empty
     ["Actions", "3", "Ref", "", "The cell is empty. Fill in the ref."]),
    ({("Targets", "J2"): "=18.7"},
     ["Targets", "2", "Target value", "=18.7", "The cell holds a formula with no saved value."]),
])
def test_a_cell_that_once_crashed_the_import_is_a_problem_on_the_page(as_user, personas,
                                                                      cells, problem):
    response = _upload(as_user("lead"), _changed(cells))
    page = response.content.decode()
    assert response.status_code == 200
    assert "nothing from it was stored" in page
    [row] = _problem_rows(page)
    assert row[0] == "plan.xlsx" and row[1:5] == problem[:4]
    assert row[5].startswith(problem[4])
    assert not Strategy.objects.exists() and not Change.objects.exists()
