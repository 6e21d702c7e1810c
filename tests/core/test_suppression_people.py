"""The people a figure is built on, which small-number suppression looks at: the people
behind its part (not everyone in the frame it is taken from), those outside a share, the
fewer of the men and the women behind a pay gap; and a secondary cell that is not 0."""

from datetime import date

import polars as pl

from tests.core.ledger_builder import build, sw
from workforce.measures import get
from workforce.measures.suppression import suppress
from workforce.measures.windows import as_at

AT = as_at(date(2024, 9, 30))


def people(ledger, mid, by=()):
    out = get(mid)(ledger, AT, list(by))
    return out["people"].to_list() if by else out["people"][0]


def test_a_share_of_one_frame_counts_the_people_in_it_and_outside_it():
    # M05a: the share of the headcount with less than a year's service; one of six is new
    one_new = build(assignments=[*(sw(x) for x in "abcde"), sw("n", start="2024-06-01")])
    assert people(one_new, "M05a") == 1
    # five of six new: the one who is not tells as much
    five_new = build(assignments=[sw("a"), *(sw(x, start="2024-06-01") for x in "bcdef")])
    assert people(five_new, "M05a") == 1
    three_new = build(assignments=[*(sw(x) for x in "abc"), *(sw(x, start="2024-06-01")
                                                              for x in "def")])
    assert people(three_new, "M05a") == 3


def test_a_rate_of_records_counts_the_people_left_out_of_it():
    # M21: five of seven appraised: the two who were not are the smaller count
    staff = [sw(x, start="2020-01-01") for x in "abcdefg"]
    appraised = [{"staff_id": x, "date": date(2024, 5, 1), "kind": "annual",
                  "status": "completed"} for x in "abcde"]
    ledger = build(assignments=staff, appraisal=appraised)
    row = get("M21")(ledger, AT, []).row(0, named=True)
    assert (row["numerator"], row["denominator"], row["people"]) == (5, 7, 2)


def test_a_pay_gap_counts_the_fewer_of_the_men_and_the_women():
    men, women = ["m"], ["a", "b", "c", "d", "e", "f"]
    ledger = build(
        assignments=[sw(x) for x in men + women],
        person=[{"staff_id": x, "sex": "M"} for x in men]
        + [{"staff_id": x, "sex": "F"} for x in women],
        pay=[{"staff_id": x, "snapshot_date": date(2024, 3, 31), "hourly_pay": 20.0 + i,
              "full_pay": True} for i, x in enumerate(men + women)])
    out = get("M36")(ledger, as_at(date(2024, 3, 31)), [])
    assert out["people"][0] == 1  # one man: his pay is the men's mean


def test_the_second_hidden_cell_is_not_a_zero_when_another_is_left():
    result = pl.DataFrame({"_w": [0, 0, 0], "sex": ["F", "M", "Not known"],
                           "numerator": [7.0, 1.0, 0.0], "denominator": [8.0] * 3,
                           "value": [87.5, 12.5, 0.0], "people": [7, 1, 0]})
    out = suppress(result, 5, ["sex"])
    assert dict(zip(out["sex"], out["suppressed"], strict=True)) == {
        "F": True, "M": True, "Not known": False}


def test_register_events_about_staff_count_those_people():
    events = [{"event_id": f"E{i}", "kind": "hs_incident", "date": date(2024, 5, i + 1),
               "unit": "A", "staff_id": who} for i, who in enumerate(["a", "a", "b", None])]
    ledger = build(assignments=[sw(x) for x in "abcdef"], register=events)
    row = get("M49")(ledger, AT, []).row(0, named=True)
    assert (row["numerator"], row["people"]) == (4, 2)  # four incidents, two people named


def test_a_rate_of_amounts_is_not_a_share_of_people():
    # M17: eight of ten in post were off sick; the two who were not tell nothing, so the
    # rate is about the eight (a share would have counted the two outside it)
    staff = [sw(x) for x in "abcdefghij"]
    sick = [dict(staff=x, start="2024-03-04", end="2024-03-05", days=2) for x in "abcdefgh"]
    row = get("M17")(build(assignments=staff, absences=sick), AT, []).row(0, named=True)
    assert row["people"] == 8
