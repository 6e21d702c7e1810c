"""DfE indicators on a hand-worked census year (1 Oct 2023 to 30 Sep 2024, W = 254).

The ledger, person by person:

- A  permanent, 1.0 FTE, team A, since 2015, fills post P1.
- B  permanent, part time 0.5, team B, fills P2 (1.0 FTE: half vacant).
- C  two posts at once: 0.6 case holder in team A and 0.4 senior practitioner in team B;
     one head, counted in team B (the more senior role); FTE counts both.
- D  leaves on 30 Sep 2024, the census date itself: a leaver, not in post.
- E  fixed-term 0.8, starts on 1 Oct 2023, the first day of the year: a starter.
- F  leaves on 31 Jan 2024 and returns on 1 Jun 2024: a leaver and a starter.
- G  FTE drops from 1.0 to 0.6 on 1 Apr 2024: neither; over-fills P6 (0.5), no negative vacancy.
- H  leaves on 30 Sep 2023, the day before the year: not a leaver this year.
- I  starts on 1 Oct 2024, after the year: not counted.
- J  moves from social work to another staff group on 1 Jun 2024: a social-work leaver.
- K  business support: not a social worker.
- X  agency 0.8 on vacant P3; W agency 1.0 on P2 (covers only its 0.5 vacancy);
     Z two agency records of 0.5 on vacant P5 (two records: agency is not de-duplicated);
     Y agency, left in August.
"""

from __future__ import annotations

import pytest

from tests.core.ledger_builder import agency, build, sw
from workforce.measures import formulas as f
from workforce.measures import get
from workforce.measures.engine import run
from workforce.measures.windows import census_year, month

YEAR = census_year(2024)

LEDGER = build(
    assignments=[
        sw("A", fte=1.0, start="2015-01-01", post_id="P1"),
        sw("B", fte=0.5, unit="B", start="2020-01-01", post_id="P2"),
        sw("C", fte=0.6, start="2019-01-01"),
        sw("C", fte=0.4, unit="B", org_role="4", start="2019-01-01"),
        sw("D", start="2018-01-01", end="2024-09-30", leaving_reason="1"),
        sw("E", fte=0.8, contract="fixed_term", start="2023-10-01"),
        sw("F", unit="B", start="2016-01-01", end="2024-01-31"),
        sw("F", unit="B", start="2024-06-01"),
        sw("G", unit="B", start="2017-01-01", end="2024-03-31"),
        sw("G", fte=0.6, unit="B", start="2024-04-01", post_id="P6"),
        sw("H", start="2015-01-01", end="2023-09-30"),
        sw("I", start="2024-10-01"),
        sw("J", start="2019-01-01", end="2024-05-31"),
        sw("J", staff_group="other", job_title="Manager", start="2024-06-01"),
        sw("K", staff_group="business_support", job_title="Admin"),
        agency("X", fte=0.8, post_id="P3", start="2024-01-01"),
        agency("W", unit="B", post_id="P2", start="2024-01-01"),
        agency("Z", fte=0.5, post_id="P5", start="2024-02-01"),
        agency("Z", fte=0.5, post_id="P5", start="2024-02-01"),
        agency("Y", start="2024-01-01", end="2024-08-31"),
    ],
    posts=[
        dict(post_id="P1"), dict(post_id="P2", unit="B"), dict(post_id="P3"),
        dict(post_id="P4", unit="B", end_date="2024-06-30"), dict(post_id="P5"),
        dict(post_id="P6", unit="B", fte=0.5),
        dict(post_id="P7", staff_group="business_support", title="Admin"),
    ],
    caseloads=[
        dict(staff="A", date="2024-09-30", cases=15),
        dict(staff="B", date="2024-09-20", cases=8),   # 10 days before: counts
        dict(staff="C", date="2024-08-15", cases=20),  # 46 days before: stale
        dict(staff="E", date="2024-09-30", cases=0),   # no cases: not a case holder
        dict(staff="X", date="2024-09-28", cases=12),  # agency case holders count
        dict(staff="D", date="2024-09-30", cases=10),  # left that day
        dict(staff="F", date="2024-10-01", cases=5),   # after the date
    ],
    absences=[
        dict(staff="A", start="2024-01-08", end="2024-01-12", days=5),
        dict(staff="B", start="2024-02-05", end="2024-02-09", days=2.5),   # part time
        dict(staff="G", start="2023-09-25", end="2023-10-06", days=10),    # half inside
        dict(staff="D", start="2024-09-02", end="2024-09-06", days=5),     # a leaver's
        dict(staff="F", start="2024-03-01", end="2024-03-29", days=21, reason="MAT"),
        dict(staff="K", start="2024-03-04", end="2024-03-06", days=3),     # not a SW
        dict(staff="X", start="2024-03-04", end="2024-03-06", days=3),     # agency
    ],
)

INPOST_FTE = 1.0 + 0.5 + 0.6 + 0.4 + 0.8 + 1.0 + 0.6
EXPECTED = {
    "inpost_fte": INPOST_FTE,
    "inpost_headcount": 6,
    "starters_fte": 0.8 + 1.0,
    "starters_headcount": 2,
    "leavers_fte": 3.0,
    "leavers_headcount": 3,
    "turnover_rate_fte": 3.0 / INPOST_FTE * 100,
    "turnover_rate_headcount": 50.0,
    "agency_fte": 2.8,
    "agency_headcount": 4,
    "agency_rate_fte": 2.8 / (2.8 + INPOST_FTE) * 100,
    "agency_rate_headcount": 40.0,
    "agency_cover_fte": 2.3,
    "agency_cover_rate_fte": 2.3 / 2.8 * 100,
    "vacancy_fte": 2.5,
    "vacancy_rate_fte": 2.5 / (2.5 + INPOST_FTE) * 100,
    "vacancy_agency_cover_rate_fte": 92.0,
    "case_holders_fte": 2.3,
    "cases": 35,
    "caseload_fte": 35 / 2.3,
    "working_days_lost_fte": 17.5,
    "absence_rate_fte": 17.5 / (INPOST_FTE * 254) * 100,
}


def value(measure_id: str, window=YEAR, by=()):
    out = get(measure_id)(LEDGER, window, list(by))
    return out["value"][0] if not by else dict(zip(out[by[0]], out["value"], strict=True))


@pytest.mark.parametrize("measure_id", EXPECTED)
def test_census_year_indicator_matches_the_hand_worked_answer(measure_id):
    assert value(measure_id) == pytest.approx(EXPECTED[measure_id])


def test_every_dfe_column_is_a_registered_measure():
    from workforce.measures import all_measures

    dfe = {m.id for m in all_measures().values() if m.family == "dfe"}
    assert dfe == set(EXPECTED)


def test_rates_use_the_formulas_module():
    assert value("agency_rate_fte") == pytest.approx(f.agency_rate(2.8, INPOST_FTE))
    assert value("absence_rate_fte") == pytest.approx(f.absence_rate(17.5, INPOST_FTE, 2024))


def test_fte_counts_both_posts_in_their_own_teams():
    assert value("inpost_fte", by=["team"]) == pytest.approx({"A": 2.4, "B": 2.5})


def test_headcount_counts_a_person_with_two_posts_once_in_the_more_senior_role():
    assert value("inpost_headcount", by=["team"]) == {"A": 2.0, "B": 4.0}
    assert value("inpost_headcount", by=["org_role"]) == {"4": 1.0, "5": 5.0}


def test_units_roll_up_to_services_and_the_directorate():
    assert value("inpost_headcount", by=["unit"]) == {"A": 2.0, "B": 4.0, "SVC": 6.0,
                                                      "DIR": 6.0}


def test_agency_records_are_not_deduplicated_but_people_are_counted_once():
    out = get("agency_headcount")(LEDGER, YEAR, [])
    assert out.row(0, named=True)["numerator"] == 4 and out["people"][0] == 3


def test_agency_workers_are_not_counted_in_post_or_as_leavers():
    assert value("leavers_headcount") == 3  # Y, an agency worker, left in August


def test_leavers_break_down_by_reason_with_missing_reasons_not_known():
    out = run(LEDGER, ["leavers_headcount"], [YEAR], by=["leaving_reason"], threshold=None)
    assert dict(zip(out["leaving_reason"], out["value"], strict=True)) == {"1": 1.0,
                                                                         "Not known": 2.0}


def test_vacancies_are_never_negative_and_expired_posts_do_not_count():
    assert value("vacancy_fte", by=["team"]) == pytest.approx({"A": 2.0, "B": 0.5})


def test_agency_cover_is_capped_at_each_posts_vacancy():
    assert value("agency_cover_fte", by=["team"]) == pytest.approx({"A": 1.8, "B": 0.5})


def test_a_month_window_takes_stocks_at_its_end_and_flows_within_it():
    jan = month(2024, 1)
    assert value("leavers_headcount", jan) == 1  # F
    assert value("inpost_headcount", jan) == 7  # A B C D E G J (F's last day was the 31st)
    assert value("working_days_lost_fte", jan) == pytest.approx(5.0)


def test_a_rate_with_nothing_to_divide_by_cannot_be_computed():
    empty = month(2010, 1)
    assert value("turnover_rate_fte", empty) is None
    assert value("inpost_fte", empty) == 0.0


def test_the_series_equals_the_window_by_window_answer():
    windows = [month(2024, m) for m in range(1, 10)]
    for mid in ("inpost_fte", "turnover_rate_headcount", "vacancy_rate_fte", "caseload_fte",
                "absence_rate_fte"):
        many = get(mid).many(LEDGER, windows, ["team"])
        one = [get(mid)(LEDGER, w, ["team"]) for w in windows]
        assert many["value"].to_list() == [v for o in one for v in o["value"].to_list()]


def test_a_leaver_on_the_census_date_is_not_in_post():
    ledger = build(assignments=[sw("d", end="2024-09-30"), sw("m", end="2024-09-30"),
                                sw("m", fte=0.5, start="2024-10-01")])
    def count(mid):
        return get(mid)(ledger, YEAR, [])["value"][0]
    # d leaves on the census date; m only changes FTE the next day, so stays in post
    assert (count("inpost_headcount"), count("leavers_headcount")) == (1, 1)


def test_people_with_no_birth_date_fall_in_not_known():
    ledger = build(assignments=[sw("a"), sw("b")], person=[dict(staff_id="a", birth_date=None)])
    out = get("inpost_headcount")(ledger, YEAR, ["age_band"])
    assert dict(zip(out["age_band"], out["value"], strict=True)) == {"30 to 39": 1.0,
                                                                      "Not known": 1.0}
