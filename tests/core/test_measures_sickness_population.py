"""Sickness counts only for the working days someone was in the population measured: a
social worker's absence after moving to another staff group, or taken while an agency
worker, is not social workers' sickness (DfE collects WorkingDaysLost on the directly
employed social worker's record)."""

import pytest

from tests.core.ledger_builder import agency, build, sw
from workforce.measures import get
from workforce.measures.windows import census_year

YEAR = census_year(2024)  # 1 October 2023 to 30 September 2024


def days(ledger, mid="working_days_lost_fte"):
    return get(mid)(ledger, YEAR, []).row(0, named=True)["numerator"]


def test_sickness_after_leaving_social_work_is_not_counted():
    ledger = build(
        assignments=[sw("z"), sw("e", end="2024-05-31"),
                     sw("e", staff_group="other", job_title="Manager", start="2024-06-01")],
        absences=[dict(staff="e", start="2024-07-01", end="2024-07-05", days=5)])
    assert days(ledger) == pytest.approx(0)


def test_sickness_while_an_agency_worker_is_not_counted():
    ledger = build(
        assignments=[sw("z"), agency("f", start="2023-10-01", end="2024-03-31"),
                     sw("f", start="2024-04-01")],
        absences=[dict(staff="f", start="2024-01-08", end="2024-01-12", days=5)])
    assert days(ledger) == pytest.approx(0)


def test_an_absence_across_the_move_counts_its_days_in_social_work():
    # Monday 27 May to Friday 7 June 2024: ten working days, five before the move
    ledger = build(
        assignments=[sw("z"), sw("e", end="2024-05-31"),
                     sw("e", staff_group="other", job_title="Manager", start="2024-06-01")],
        absences=[dict(staff="e", start="2024-05-27", end="2024-06-07", days=10)])
    assert days(ledger) == pytest.approx(5)
    assert days(build(assignments=[sw("e")], absences=[
        dict(staff="e", start="2024-05-27", end="2024-06-07", days=10)])) == pytest.approx(10)
