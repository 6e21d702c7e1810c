"""An upload giving a person two places on one programme at once (two ASYEs, two
apprenticeships) stores nothing and says which row overlaps which, in the file or stored."""

from __future__ import annotations

import re
from html import unescape

from tests.web.test_uploads import upload
from workforce_web.bridge import load_ledger

HEADER = "organisation,staff_id,kind,start_date,end_date,outcome\n"
FIRST = "T1,T1p1,sw_apprenticeship,2023-09-04,,in_progress\n"


def problems(page: str) -> list[tuple[str, ...]]:
    """The rows of the tables of problems as read: row, column, value and the problem's
    text (a column name's <wbr> is not read)."""
    rows = re.findall(r'<tbody class="govuk-table__body">(.*?)</tbody>', page, re.S)
    return [tuple(unescape(re.sub(r"<[^>]+>", "", cell)).strip()
                  for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S))
            for body in rows for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def test_two_overlapping_apprenticeships_in_one_file_are_refused_and_nothing_stored(as_user):
    text = HEADER + FIRST + "T1,T1p1,sw_apprenticeship,2024-09-02,,in_progress\n"
    page = upload(as_user("lead"), "programme.csv", text).content.decode()
    assert "programme.csv was not imported" in page
    [(row, column, value, said)] = problems(page)
    assert (row, column, value) == ("3", "start_date", "2024-09-02")
    assert said.startswith(
        'This sw_apprenticeship place of staff_id "T1p1" from 2024-09-02 with no end_date '
        "(still going on) overlaps the sw_apprenticeship place on row 2 from 2023-09-04 with "
        "no end_date (still going on): the person would be on the programme twice from "
        "2024-09-02 on. A person is on a programme once at a time")
    assert load_ledger("T1").programme.is_empty()


def test_a_place_overlapping_a_stored_one_is_refused_and_the_stored_one_kept(as_user):
    client = as_user("lead")
    assert "1 row added or changed" in upload(client, "programme.csv",
                                              HEADER + FIRST).content.decode()
    later = HEADER + "T1,T1p1,sw_apprenticeship,2025-09-01,2026-08-28,withdrawn\n"
    page = upload(client, "programme.csv", later).content.decode()
    [(row, column, value, said)] = problems(page)
    assert (row, column, value) == ("2", "start_date", "2025-09-01")
    assert "overlaps the sw_apprenticeship place already stored from 2023-09-04" in said
    stored = load_ledger("T1").programme
    assert stored["start_date"].cast(str).to_list() == ["2023-09-04"]


def test_a_place_after_a_stored_one_withdrawn_with_no_end_date_is_imported(as_user):
    client = as_user("lead")
    withdrawn = HEADER + "T1,T1p1,sw_apprenticeship,2023-09-04,,withdrawn\n"
    page = unescape(" ".join(upload(client, "programme.csv", withdrawn).content.decode()
                             .split()))
    assert "1 row added or changed" in page
    assert ("programme.csv: outcome is withdrawn but there is no end_date on row 2. The place "
            "has ended, so it does not stop a later place on the programme") in page
    again = HEADER + "T1,T1p1,sw_apprenticeship,2025-09-01,,in_progress\n"
    page = upload(client, "programme.csv", again).content.decode()
    assert "1 row added or changed" in page and problems(page) == []
    stored = load_ledger("T1").programme.sort("start_date")
    assert stored["start_date"].cast(str).to_list() == ["2023-09-04", "2025-09-01"]
