"""Register measures (M42-M44, M46-M49) on tiny hand-built ledgers with exact answers."""

from datetime import date

from tests.core.ledger_b import a, build, ev, p
from tests.core.series import assert_series_is_each_window
from workforce.measures import get
from workforce.measures.windows import Window, month, quarter


def one(result):
    assert result.height == 1
    r = result.row(0, named=True)
    return r["numerator"], r["denominator"], r["value"]


def values(result, key):
    return {r[key]: r["value"] for r in result.to_dicts()}


def hr_ledger():
    return build(
        person=[p("S")], assignment=[a("S", "2020-01-01", unit="T2")],
        register=[ev("hr_case", "2024-01-01", unit="T1", category="disciplinary"),
                  ev("hr_case", "2024-02-01", end_date="2024-03-31", unit="T1"),
                  ev("hr_case", "2024-04-01", unit="T1"),
                  ev("hr_case", "2023-06-01", end_date="2024-04-01", staff_id="S",
                     category="grievance")])


def test_hr_cases_open_on_the_date_exclude_those_closed_that_day():
    ledger = hr_ledger()
    assert one(get("M42")(ledger, quarter(2024, 1)))[2] == 2
    assert values(get("M42")(ledger, quarter(2024, 1), ["unit"]), "unit") == {
        "T1": 1, "T2": 1, "S1": 2, "DIR": 2}  # the case with no unit counts in S's team
    assert values(get("M42")(ledger, quarter(2024, 1), ["hr_case_type"]), "hr_case_type") == {
        "disciplinary": 1, "grievance": 1}


def test_hr_cases_are_suppressible_counts_of_people():
    assert get("M42")(hr_ledger(), quarter(2024, 1))["people"][0] == 2


def test_compliments_per_complaint_and_none_without_complaints():
    ledger = build(register=[ev("compliment", "2024-01-05"), ev("compliment", "2024-02-05"),
                             ev("compliment", "2024-03-05"), ev("complaint", "2024-01-09"),
                             ev("complaint", "2024-03-31"), ev("compliment", "2024-04-01")])
    assert one(get("M43")(ledger, quarter(2024, 1))) == (3, 2, 1.5)
    assert one(get("M43")(ledger, quarter(2024, 2)))[2] is None


def audit_ledger():
    grades = {"2024-03-01": "good", "2024-03-02": "Outstanding",
              "2024-03-03": "requires improvement", "2024-03-04": "inadequate",
              "2024-02-01": "good", "2024-02-02": "inadequate", "2024-02-03": "inadequate",
              "2024-02-04": "requires_improvement"}
    return build(register=[ev("case_audit", d, category=g) for d, g in grades.items()]
                 + [ev("case_audit", "2024-03-05")])               # not graded: left out


def test_good_audits_count_only_graded_audits():
    assert one(get("M44")(audit_ledger(), month(2024, 3))) == (2, 4, 50.0)


def test_good_audits_change_is_against_the_previous_month():
    assert one(get("M44a")(audit_ledger(), month(2024, 3))) == (50.0, 25.0, 25.0)
    assert one(get("M44a")(audit_ledger(), month(2024, 2)))[2] is None  # no January audits


def test_good_audits_change_matches_the_periods_of_audits_with_no_team():
    by_team = get("M44a")(audit_ledger(), month(2024, 3), ["team"])
    assert by_team["team"].to_list() == [None]  # one row: this month and last, not one each
    assert one(by_team.drop("team")) == (50.0, 25.0, 25.0)


def test_recruitment_events_are_counted():
    ledger = build(register=[ev("recruitment_event", "2024-01-01"),
                             ev("recruitment_event", "2024-12-31"),
                             ev("recruitment_event", "2025-01-01")])
    assert one(get("M46")(ledger, Window(date(2024, 1, 1), date(2024, 12, 31))))[2] == 2


def test_practice_observation_needs_two_in_12_months_for_practitioners_in_post_all_year():
    ledger = build(
        person=[p(x) for x in ["O1", "O2", "O3", "O4", "O5"]],
        assignment=[a("O1", "2020-01-01"), a("O2", "2020-01-01"),
                    a("O3", "2024-01-01", contract="agency"), a("O4", "2024-06-01"),
                    a("O5", "2020-01-01", org_role="3")],
        register=[ev("practice_observation", d, staff_id=s) for s, d in
                  [("O1", "2024-02-01"), ("O1", "2024-11-01"), ("O2", "2024-05-01"),
                   ("O2", "2023-12-31"), ("O3", "2024-03-01"), ("O3", "2024-09-01"),
                   ("O4", "2024-07-01"), ("O4", "2024-08-01"), ("O5", "2024-07-01"),
                   ("O5", "2024-08-01")]])
    assert one(get("M47")(ledger, Window(date(2024, 1, 1), date(2024, 12, 31)))) == (
        2, 3, 2 / 3 * 100)


def training_ledger():
    def done(staff, course, on, rating=None):
        return {"staff_id": staff, "course": course, "completed_date": on, "rating": rating}

    return build(
        person=[p(x) for x in "XYZW"], assignment=[a(x, "2020-01-01") for x in "XYZW"],
        course=[{"code": "PM", "title": "Practice model", "mandatory": False,
                 "intervention_specific": True},
                {"code": "GEN", "title": "General", "mandatory": False}],
        training=[done("X", "PM", "2024-01-10", 4.0), done("Y", "PM", "2024-02-01", 5.0),
                  done("Z", "PM", "2024-03-01"), done("W", "GEN", "2024-03-01", 3.0)],
        register=[ev("course_evaluation", "2024-04-10", staff_id="X", category="PM:3"),
                  ev("course_evaluation", "2025-03-02", staff_id="Y", category="6"),  # late
                  ev("course_evaluation", "2024-06-01", staff_id="Z", category="OTHER:3")])


def test_training_follow_up_needs_an_evaluation_of_that_course_within_13_months():
    assert one(get("M48")(training_ledger(), quarter(2024, 1)))[:2] == (1, 3)


def test_post_course_rating_is_the_mean_of_rated_completions():
    assert one(get("M48a")(training_ledger(), quarter(2024, 1))) == (12.0, 3.0, 4.0)


def test_health_and_safety_incidents_audits_and_actions_on_time():
    ledger = build(register=[
        ev("hs_incident", "2024-01-10", end_date="2024-02-01", on_time=True),
        ev("hs_incident", "2024-02-10", end_date="2024-03-15"),        # on time not recorded
        ev("hs_audit", "2024-01-20", end_date="2024-03-01", on_time=False),
        ev("hs_audit", "2024-03-20", end_date="2024-04-01", on_time=True)])
    q1 = quarter(2024, 1)
    assert one(get("M49")(ledger, q1))[2] == 2
    assert one(get("M49a")(ledger, q1))[2] == 2
    assert one(get("M49b")(ledger, q1)) == (1, 2, 50.0)


def test_an_evaluation_of_the_whole_course_follows_up_that_delivery():
    # "at 6 months" on 1 July covers completions within 46 days of 1 January: X and Y, not Z
    ledger = training_ledger()
    whole = ev("course_evaluation", "2024-07-01", event_id="CEV-PM-000001", category="6")
    ledger = ledger.replace(register=ledger.register.vstack(
        build(register=[whole]).register))
    assert one(get("M48")(ledger, quarter(2024, 1)))[:2] == (2, 3)


def test_the_series_equals_the_window_by_window_answer_for_any_windows():
    # overlapping windows, a one-day window and an empty month: an event can fall in several
    windows = [quarter(2024, 1), Window(date(2023, 4, 1), date(2024, 3, 31)), month(2024, 3),
               Window(date(2024, 3, 1), date(2024, 3, 1)), month(2010, 1)]
    ledgers = {"M42": hr_ledger(), "M44": audit_ledger(), "M44a": audit_ledger(),
               "M48": training_ledger(), "M48a": training_ledger()}
    for mid, ledger in ledgers.items():
        for by in ([], ["team"]):
            assert_series_is_each_window(ledger, mid, windows, by)
