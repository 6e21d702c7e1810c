"""The table of a file's problems on the import page: a long cell value is shown shortened
(saying how long it was) in a column that wraps, and each line of the error summary links to
its file's table of problems (the GOV.UK error summary pattern), not to the file field."""

from __future__ import annotations

import re
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.test_upload_refused import summary
from tests.web.test_uploads import BAD, GOOD, upload

LONG_NAME = "Ann " * 1250  # 5,000 characters, as an exploratory tester pasted
LONG = ("organisation,staff_id,name,sex,ethnicity,disability\n"
        f"T1,T1p9,{LONG_NAME.strip()}x,F,WBRI,N\n")


def value_cells(page: str) -> list[str]:
    """The Value column of every table of problems."""
    return [unescape(v) for v in re.findall(
        r'<td class="govuk-table__cell wf-wrap-anywhere wf-wrap-anywhere--value">([^<]*)</td>\s*'
        r'<td class="govuk-table__cell wf-wrap-anywhere">', page)]


def test_a_long_value_is_shown_shortened_saying_how_long_it_was(as_user):
    page = upload(as_user("lead"), "person.csv", LONG).content.decode()
    assert value_cells(page) == [f"{('Ann ' * 15)[:59]}… (5,000 characters)"]
    assert "Ann " * 16 not in unescape(page)  # neither in the table nor in the message
    assert "is 5,000 characters long; name holds at most 300" in page


def test_short_values_are_shown_as_they_are(as_user):
    page = upload(as_user("lead"), "person.csv", BAD).content.decode()
    assert value_cells(page) == ["Q"]


def test_each_file_in_the_summary_links_to_its_table_of_problems(as_user):
    page = as_user("lead").post("/imports/", {"files": [
        SimpleUploadedFile("person.csv", BAD.encode()),
        SimpleUploadedFile("foo.csv", b"a,b\n1,2\n"),
        SimpleUploadedFile("unit.csv", b"organisation,code,name,kind,parent\n"
                                       b"T1,T1-N,Team N,team,T1-S\n")]}).content.decode()
    assert summary(page) == [
        ("#file-1-problems", "person.csv was not imported: fix the problem listed below, "
                             "then upload it again"),
        ("#file-2-problems", "foo.csv was not imported: fix the problem listed below, then "
                             "upload it again"),
        ("#file-3", "unit.csv was not imported either: upload it again with the files that "
                    "had problems, once those are fixed")]
    tables = re.findall(r'<table class="govuk-table[^"]*" id="([^"]+)">\s*<caption[^>]*>([^<]*)<',
                        page)
    assert [(i, unescape(c)) for i, c in tables] == [
        ("file-1-problems", "1 problem in person.csv, and what to do"),
        ("file-2-problems", "1 problem in foo.csv, and what to do")]
    assert re.search(r'<h2 class="govuk-heading-m" id="file-3">unit.csv was not imported '
                     r"either", page)
    # every link has its target on the page, once
    for href, _ in summary(page):
        assert page.count(f'id="{href[1:]}"') == 1, href


def test_an_error_of_the_upload_itself_still_links_to_the_file_field(as_user):
    page = as_user("lead").post("/imports/", {}).content.decode()
    assert summary(page) == [("#files", "Choose at least one CSV or Excel file to upload.")]
    assert 'id="files"' in page


def test_rows_of_another_organisation_link_to_the_files_heading(as_user):
    page = upload(as_user("lead"), "organisation.csv", "code,name\nT9,Elsewhere\n"
                  ).content.decode()
    [(href, text)] = summary(page)
    assert href == "#file-1" and "remove the rows that belong to another organisation" in text
    assert re.search(r'<h2 class="govuk-heading-m" id="file-1">organisation.csv was not '
                     r"imported", page)


def test_a_clean_upload_has_no_summary(as_user):
    page = upload(as_user("lead"), "person.csv", GOOD).content.decode()
    assert "govuk-error-summary" not in page


def test_a_workbooks_problems_are_grouped_by_sheet_in_their_order():
    from workforce.imports.errors import ImportProblem
    from workforce_web.uploads.views import _by_sheet, _shown

    problems = [ImportProblem("a.xlsx", sheet, row, "sex", "Q", "is wrong")
                for sheet, row in (("person", 2), ("person", 3), ("absence", 2), (None, None))]
    assert [(g["sheet"], [e["row"] for e in g["errors"]])
            for g in _by_sheet(_shown(problems))] == [
        ("person", [2, 3]), ("absence", [2]), ("", [None])]  # "" is the whole workbook
