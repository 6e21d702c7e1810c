"""An upload of a record starting far ahead is stored, and the page shows the warning that
names its row (most often the year is mistyped)."""

from __future__ import annotations

from datetime import date, timedelta

from tests.web.test_uploads import upload
from workforce_web.bridge import load_ledger


def test_an_absence_booked_more_than_six_months_ahead_is_stored_with_a_warning(as_user):
    later = date.today() + timedelta(days=200)
    text = ("organisation,staff_id,start_date,end_date,reason,working_days_lost\n"
            f"T1,T1p1,{later.isoformat()},{later.isoformat()},OTH,1\n")
    page = upload(as_user("lead"), "absence.csv", text).content.decode()
    assert "1 row added or changed" in page
    assert (f'absence.csv: start_date is more than six months after today '
            f'({date.today().isoformat()}) on row 2 (&quot;{later.isoformat()}&quot;)') in page
    assert load_ledger("T1").absence["start_date"].to_list() == [later]


def test_a_refused_file_shows_its_warnings_too_so_all_can_be_fixed_at_once(as_user):
    later = date.today() + timedelta(days=200)
    text = ("organisation,staff_id,start_date,end_date,reason,working_days_lost\n"
            f"T1,T1p1,{later.isoformat()},{later.isoformat()},OTH,1\n"
            "T1,T1p2,2025-01-06,2025-01-06,XXX,1\n")
    page = upload(as_user("lead"), "absence.csv", text).content.decode()
    assert "absence.csv was not imported" in page
    assert "Also check in absence.csv" in page
    assert (f'absence.csv: start_date is more than six months after today '
            f'({date.today().isoformat()}) on row 2 (&quot;{later.isoformat()}&quot;)') in page
    assert load_ledger("T1").absence.is_empty()
