"""Someone whose last day is the date is a leaver on it and not in post on it, in every
measure that counts people in post at a date (`population` module docstring): the DfE
stocks, the whole-workforce stocks, the stability index, appraisal and the profile shares
all agree, and the person is counted once, as a leaver."""

from datetime import date

import pytest

from tests.core.ledger_builder import build, sw
from workforce.measures import get
from workforce.measures.windows import as_at

AT = as_at(date(2024, 9, 30))


@pytest.fixture(scope="module")
def ledger():
    # four stay; x (half time) leaves on the date itself, after nine years
    return build(assignments=[sw("a"), sw("b"), sw("c"), sw("d"),
                              sw("x", fte=0.5, end="2024-09-30")])


def figures(ledger, mid):
    row = get(mid)(ledger, AT, []).row(0, named=True)
    return row["numerator"], row["denominator"]


@pytest.mark.parametrize("mid, numerator, denominator", [
    ("inpost_headcount", 4, None),
    ("inpost_fte", 4.0, None),
    ("M45a", 4, None),      # headcount in post, all staff groups
    ("M45", 4.0, None),     # FTE in post, all staff groups
    ("M04", 4, 5),          # stability: all five a year before, four still in post
    ("M21", 0, 4),          # appraisal: four eligible in post (none appraised)
    ("M39", 0, 4),          # a profile share: of the four in post
    ("M01b", 1, 4),         # turnover: x is the one leaver, of four in post
])
def test_a_leaver_on_the_date_is_not_in_post(ledger, mid, numerator, denominator):
    got = figures(ledger, mid)
    assert got[0] == pytest.approx(numerator)
    assert (got[1] is None) if denominator is None else got[1] == pytest.approx(denominator)
