"""Growth measures (M25-M29) on tiny hand-built ledgers with exact answers."""

from datetime import date

from tests.core.ledger_b import a, build, p
from tests.core.series import assert_series_is_each_window
from workforce.measures import get
from workforce.measures.windows import Window, financial_year

FY = financial_year(2024)  # 1 April 2024 to 31 March 2025


def prog(staff, kind, start, end=None, outcome="in_progress", **kw):
    return {"staff_id": staff, "kind": kind, "start_date": start, "end_date": end,
            "outcome": outcome, **kw}


def one(result):
    assert result.height == 1
    r = result.row(0, named=True)
    return r["numerator"], r["denominator"], r["value"]


def asye_ledger():
    return build(
        person=[p(x) for x in "ABCDE"],
        assignment=[a(x, "2023-01-01") for x in "ABCDE"],
        programme=[
            prog("A", "asye", "2023-09-01", "2024-08-31", "completed"),
            prog("B", "asye", "2023-09-01", "2024-10-01", "completed"),  # took 13 months
            prog("C", "asye", "2023-04-01"),                  # 12-month point on 1 April 2024
            prog("D", "asye", "2023-03-31", "2024-03-01", "completed"),  # point before FY
            prog("E", "asye", "2024-01-01", "2025-01-01", "completed"),  # exactly 12 months
        ])


def test_asye_completion_counts_passes_within_12_months_of_the_cohort_due_in_the_period():
    assert one(get("M25")(asye_ledger(), FY)) == (2, 4, 50.0)


def test_asye_completions_count_every_pass_in_the_period():
    assert one(get("M25a")(asye_ledger(), FY))[0] == 3


def retention_ledger():
    return build(
        person=[p(x) for x in "PQRST"],
        assignment=[
            a("P", "2022-09-01"),
            a("Q", "2022-09-01", "2024-06-30"),
            a("R", "2022-08-01"),
            a("S", "2021-09-01"),
            a("T", "2022-10-01", "2024-01-31"), a("T", "2024-02-01", contract="agency"),
        ],
        programme=[
            prog("P", "asye", "2022-09-01", "2023-08-31", "completed"),
            prog("Q", "sw_apprenticeship", "2019-09-01", "2022-08-31", "completed"),
            prog("Q", "asye", "2022-09-01", "2023-08-31", "completed"),
            prog("R", "step_up", "2021-06-01", "2022-07-31", "completed"),
            prog("S", "asye", "2021-09-01", "2022-08-31", "completed"),
            prog("T", "asye", "2022-10-01", "2023-09-30", "completed"),
        ])


def test_early_career_retention_follows_the_cohort_two_years_from_appointment():
    # P and Q from their ASYE start, R from completing Step Up; S's 2 years ended before the
    # year; T went agency (not retained), Q left.
    assert one(get("M26")(retention_ledger(), FY)) == (2, 4, 50.0)


def test_early_career_retention_by_route_uses_the_first_programme():
    r = get("M26")(retention_ledger(), FY, ["route"])
    assert {x["route"]: (x["numerator"], x["denominator"]) for x in r.to_dicts()} == {
        "asye": (1, 2), "step_up": (1, 1), "sw_apprenticeship": (0, 1)}


def test_retention_with_no_cohort_cannot_be_computed():
    assert one(get("M26a")(retention_ledger(), FY)) == (0, 0, None)


def test_progression_counts_promotions_by_30_months_after_the_asye_start():
    ledger = build(
        person=[p(x) for x in "PQUV"],
        assignment=[
            a("P", "2022-09-01", "2024-08-31"), a("P", "2024-09-01", grade="Grade 10"),
            a("Q", "2022-09-01", "2024-06-30"),
            a("U", "2022-01-01", "2024-07-01"), a("U", "2024-07-02", org_role="4"),  # too late
            a("V", "2022-03-01", "2024-08-31"), a("V", "2024-09-01", org_role="4"),  # on time
        ],
        programme=[prog(x, "asye", s, outcome="completed") for x, s in
                   [("P", "2022-09-01"), ("Q", "2022-09-01"), ("U", "2022-01-01"),
                    ("V", "2022-03-01")]])
    assert one(get("M27")(ledger, FY)) == (2, 4, 50.0)


def apprentice_ledger():
    std = "Social worker (integrated degree)"
    return build(
        person=[p(x) for x in "WXYZO"],
        assignment=[a("W", "2024-09-01", contract="apprentice"), a("X", "2021-09-01"),
                    a("Y", "2020-09-01", "2024-03-31"), a("Z", "2022-01-10"),
                    a("O", "2020-01-01", staff_group="business_support", org_role=None)],
        programme=[
            prog("W", "sw_apprenticeship", "2024-09-01", standard=std),
            prog("X", "sw_apprenticeship", "2021-09-01", "2024-08-31", "completed"),
            prog("Y", "sw_apprenticeship", "2020-09-01", "2023-08-31", "completed"),
            prog("Z", "sw_apprenticeship", "2022-01-10", None, "withdrawn"),
            prog("O", "other_apprenticeship", "2024-05-01", standard="Team leader (L3)"),
        ])


def test_apprenticeship_starts_in_progress_and_completions():
    ledger = apprentice_ledger()
    assert one(get("M28")(ledger, FY))[0] == 1                       # W
    assert one(get("M28a")(ledger, FY))[0] == 1                      # W at 31 March 2025
    assert one(get("M28a")(ledger, Window(date(2024, 1, 1), date(2024, 8, 31))))[0] == 1  # X
    assert one(get("M28b")(ledger, FY))[0] == 1                      # X


def test_apprentices_retained_12_months_after_qualifying():
    ledger = apprentice_ledger()
    assert one(get("M28c")(ledger, FY)) == (0, 1, 0.0)               # Y left before
    assert one(get("M28c")(ledger, financial_year(2025))) == (1, 1, 100.0)  # X


def test_other_apprenticeships_break_down_by_standard():
    r = get("M28d")(apprentice_ledger(), FY, ["standard"])
    assert [(x["standard"], x["value"]) for x in r.to_dicts()] == [("Team leader (L3)", 1.0)]


def test_aspiring_managers_counts_people_on_the_programme_in_the_period_once():
    ledger = build(
        person=[p(x) for x in ["AA", "BB", "CC", "DD"]],
        assignment=[a(x, "2020-01-01") for x in ["AA", "BB", "CC", "DD"]],
        programme=[prog("AA", "aspiring_managers", "2024-01-01", "2024-06-30", "completed"),
                   prog("BB", "aspiring_managers", "2025-04-01"),
                   prog("CC", "aspiring_managers", "2023-01-01", "2024-03-31", "completed"),
                   prog("DD", "aspiring_managers", "2024-05-01", "2024-06-01", "withdrawn"),
                   prog("DD", "aspiring_managers", "2024-10-01")])
    r = get("M29")(ledger, FY)
    assert (r["value"][0], r["people"][0]) == (2, 2)


def test_aspiring_managers_count_a_place_ended_on_a_day_not_known_only_to_its_start():
    """A place completed or withdrawn with no end_date ended on a day not known (the import
    lets a later place follow it): it is not counted in every period after its start, as a
    place in progress or paused with no end_date is."""
    ledger = build(
        person=[p(x) for x in ["AA", "BB", "CC", "DD"]],
        assignment=[a(x, "2020-01-01") for x in ["AA", "BB", "CC", "DD"]],
        programme=[prog("AA", "aspiring_managers", "2023-01-01", None, "completed"),
                   prog("BB", "aspiring_managers", "2023-06-01", None, "paused"),
                   prog("CC", "aspiring_managers", "2024-09-01", None, "withdrawn"),
                   prog("DD", "aspiring_managers", "2022-01-01", None, "in_progress")])
    r = get("M29")(ledger, FY)
    assert (r["value"][0], r["people"][0]) == (3, 3)  # BB, CC (started in it) and DD
    r = get("M29")(ledger, financial_year(2022))
    assert r["value"][0] == 2  # AA (started in it) and DD; BB started after it


def test_the_series_equals_the_window_by_window_answer_for_any_windows():
    # overlapping windows and a one-day window: a place or cohort can fall in several
    windows = [FY, financial_year(2025), Window(date(2024, 1, 1), date(2024, 12, 31)),
               Window(date(2024, 8, 31), date(2024, 8, 31)), Window(date(2010, 1, 1),
                                                                    date(2010, 1, 31))]
    ledgers = {"M25": asye_ledger(), "M25a": asye_ledger(), "M26": retention_ledger(),
               "M26a": retention_ledger(), "M28": apprentice_ledger(),
               "M28a": apprentice_ledger(), "M28b": apprentice_ledger(),
               "M28c": apprentice_ledger(), "M28d": apprentice_ledger()}
    for mid, ledger in ledgers.items():
        for by in ([], ["team"]):
            assert_series_is_each_window(ledger, mid, windows, by)
