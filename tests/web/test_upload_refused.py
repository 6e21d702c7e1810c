"""An upload the importer refused is the form's error, as the other forms of the app show
one: "Error: " in the title, one error summary whose lines (one for each file not imported)
link to the file's table of problems (`test_upload_problem_table`), the same lines at the
field, and each file's problems in a table with a caption."""

from __future__ import annotations

import re
from html import unescape

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.test_uploads import BAD, GOOD, upload

PERSON_SHORT = "staff_id,name,birth_date,sex\nZZTEST1,Test Person,31/02/1990,Q\n"


def summary(page: str) -> list[tuple[str, str]]:
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert found, "no error summary"
    return [(href, unescape(text)) for href, text in
            re.findall(r'<a href="([^"]*)">([^<]*)</a>', found.group(1))]


def at_the_field(page: str) -> list[str]:
    found = re.search(r'<p class="govuk-error-message" id="files-error">(.*?)</p>', page, re.S)
    assert found, "no error at the file field"
    return [unescape(t.strip()) for t in re.split(
        r'<span class="govuk-visually-hidden">Error:</span>', re.sub(r"<br>", "", found.group(1)))
        if t.strip()]


def captions(page: str) -> list[str]:
    return [unescape(c) for c in re.findall(r'<caption class="govuk-table__caption[^"]*">'
                                            r"([^<]*)</caption>", page)]


def test_a_file_of_no_known_table_is_the_file_fields_error(as_user):
    page = upload(as_user("lead"), "foo.csv", "a,b\n1,2\n").content.decode()
    message = "foo.csv was not imported: fix the problem listed below, then upload it again"
    assert "<title>Error: Import data – Workforce</title>" in page
    assert summary(page) == [("#file-1-problems", message)]
    assert at_the_field(page) == [message]
    assert "govuk-file-upload--error" in page
    assert 'aria-describedby="files-hint files-error"' in page
    assert captions(page) == ["1 problem in foo.csv, and what to do"]
    assert page.count('data-module="govuk-error-summary"') == 1
    assert "Cannot tell which table foo.csv holds" in page


def test_a_person_file_missing_required_columns_is_the_file_fields_error(as_user):
    page = upload(as_user("lead"), "person.csv", PERSON_SHORT).content.decode()
    assert "<title>Error: Import data – Workforce</title>" in page
    assert summary(page) == [("#file-1-problems", "person.csv was not imported: fix the "
                                                  "problem listed below, then upload it again")]
    assert captions(page) == ["1 problem in person.csv, and what to do"]
    assert "has no organisation, ethnicity and disability columns" in page


def test_a_file_with_bad_rows_counts_its_problems(as_user):
    bad = BAD + "T1,T1p6,Gil Gray,M,XXXX,N\n"  # another problem (a repeat is one, "also row 4")
    page = upload(as_user("lead"), "person.csv", bad).content.decode()
    assert summary(page) == [("#file-1-problems", "person.csv was not imported: fix the 2 "
                                                  "problems listed below, then upload it again")]
    assert captions(page) == ["2 problems in person.csv, and what to do"]


def test_files_held_back_by_another_are_lines_of_the_summary_too(as_user):
    client = as_user("lead")
    page = client.post("/imports/", {"files": [
        SimpleUploadedFile("person.csv", GOOD.encode()),
        SimpleUploadedFile("foo.csv", b"a,b\n1,2\n")]}).content.decode()
    assert summary(page) == [
        ("#file-1-problems", "foo.csv was not imported: fix the problem listed below, then "
                             "upload it again"),
        ("#file-2", "person.csv was not imported either: upload it again with the files "
                    "that had problems, once those are fixed")]
    assert page.count('data-module="govuk-error-summary"') == 1


def test_a_clean_upload_has_no_error(as_user):
    page = upload(as_user("lead"), "person.csv", GOOD).content.decode()
    assert "<title>Import data – Workforce</title>" in page
    assert "govuk-error-summary" not in page and "Imported" in page


def test_the_summary_line_says_what_to_do_for_each_kind_of_refusal():
    from workforce_web.uploads.views import refused_words

    failed = {"name": "person.csv", "count": 1, "total": 350, "more": 150, "wrong_org": []}
    assert refused_words(failed) == ("person.csv was not imported: fix the 350 problems "
                                     "listed below, then upload it again")
    assert refused_words(failed | {"total": 0, "wrong_org": ["person"]}) == (
        "person.csv was not imported: remove the rows that belong to another organisation, "
        "then upload it again")
    assert refused_words(failed | {"total": 1, "wrong_org": ["person"]}) == (
        "person.csv was not imported: fix the problem listed below and remove the rows that "
        "belong to another organisation, then upload it again")
    assert refused_words({"name": "a.csv and b.csv", "count": 2, "total": 1, "more": 0,
                          "wrong_org": []}) == (
        "a.csv and b.csv were not imported: fix the problem listed below, then upload them "
        "again")
    assert refused_words({"name": "unit.csv", "count": 1, "held": True}) == (
        "unit.csv was not imported either: upload it again with the files that had "
        "problems, once those are fixed")
