"""RAG worked by hand: targets against their trajectory (lower-is-better and higher-is-better,
a band, "better than the baseline", a target date passed, a benchmark goal that moves) and
actions from their dates and status."""

from __future__ import annotations

from datetime import date

import pytest

from workforce.measures.formulas import round_half_away
from workforce.strategy.benchmark import BenchmarkValue
from workforce.strategy.plan import Milestone, Target
from workforce.strategy.rag import Point, action_rag, assess, decimals, override_problem

MID = date(2026, 9, 30)  # half way from 31 March 2025 to 31 March 2028 (548 of 1,096 days)

# Baseline above the goal: turnover 30% -> 19.6%, tolerance 2 points. Expected at MID: 24.8.
TURNOVER = Target("T1", "Turnover", "turnover_rate_fte", baseline_value=30.0,
                  baseline_date=date(2025, 3, 31), target_value=19.6,
                  target_date=date(2028, 3, 31), tolerance=2.0)


@pytest.mark.parametrize(("actual", "rag", "gap"), [
    (24.0, "green", 0.8),    # below the line: ahead, because lower is better
    (24.8, "green", 0.0),    # on the line
    (26.0, "amber", -1.2),   # 1.2 points behind, inside the 2-point tolerance
    (26.8, "amber", -2.0),   # exactly at the tolerance
    (27.5, "red", -2.7),     # outside it
])
def test_a_falling_target_is_judged_against_its_trajectory(actual, rag, gap):
    a = assess(TURNOVER, "down", Point(MID, actual))
    assert a.expected == pytest.approx(24.8)
    assert (a.rag, a.gap) == (rag, pytest.approx(gap))


def test_the_same_figures_read_the_other_way_for_a_rising_target():
    # Permanence 75% -> 85% over the same dates: 80 expected half way; tolerance 2.
    permanence = Target("T2", "Permanence", "M06a", baseline_value=75.0,
                        baseline_date=date(2025, 3, 31), target_value=85.0,
                        target_date=date(2028, 3, 31), tolerance=2.0)
    assert assess(permanence, "up", Point(MID, 80.5)).rag == "green"
    assert assess(permanence, "up", Point(MID, 78.5)).rag == "amber"
    assert assess(permanence, "up", Point(MID, 77.9)).rag == "red"


def test_a_stepped_target_is_judged_against_the_step_in_force():
    caseload = Target("T3", "Caseload", "caseload_fte", baseline_value=18.6,
                      baseline_date=date(2024, 3, 31), target_value=15.0,
                      target_date=date(2027, 3, 31), trajectory="stepped", tolerance=0.5,
                      milestones=(Milestone(date(2025, 3, 31), 17.0),
                                  Milestone(date(2026, 3, 31), 16.0)))
    on = date(2025, 9, 30)  # the 17 step is in force
    assert assess(caseload, "down", Point(on, 16.4)).rag == "green"
    assert assess(caseload, "down", Point(on, 17.4)).rag == "amber"
    assert assess(caseload, "down", Point(on, 17.6)).rag == "red"
    # the day before the step, 18.6 is still expected, so 18.0 is ahead
    assert assess(caseload, "down", Point(date(2025, 3, 30), 18.0)).rag == "green"


def test_once_the_target_date_has_passed_a_miss_is_red_whatever_the_tolerance():
    # S3: 92% permanent social workers by 31 March 2023, tolerance 2.
    permanent = Target("T4", "92% permanent", "M06b", baseline_value=87.2,
                       baseline_date=date(2021, 2, 28), target_value=92.0,
                       target_date=date(2023, 3, 31), tolerance=2.0)
    after = date(2023, 9, 30)
    missed = assess(permanent, "up", Point(after, 91.5))
    assert (missed.rag, missed.reason) == ("red", "Target date passed: missed by 0.5")
    assert assess(permanent, "up", Point(after, 92.0)).rag == "green"
    # on the target date itself the tolerance still applies
    assert assess(permanent, "up", Point(date(2023, 3, 31), 91.5)).rag == "amber"


def test_a_band_target_is_green_inside_the_band_and_amber_just_outside():
    nqsw = Target("T5", "NQSW share", "M40", direction="within", band=3.0, target_value=16.0,
                  tolerance=1.0)
    assert assess(nqsw, "neutral", Point(MID, 13.5)).rag == "green"
    assert assess(nqsw, "neutral", Point(MID, 19.5)).rag == "amber"
    assert assess(nqsw, "neutral", Point(MID, 20.5)).rag == "red"


def test_better_than_the_baseline_means_strictly_better():
    # S4: reduce sickness absence from 7.36%, tolerance 0.5.
    sickness = Target("T6", "Sickness down", "M17", baseline_value=7.36,
                      baseline_date=date(2021, 9, 30), target_date=date(2024, 3, 31),
                      tolerance=0.5)
    on = date(2023, 3, 31)
    assert assess(sickness, "down", Point(on, 7.0)).rag == "green"
    assert assess(sickness, "down", Point(on, 7.36)).rag == "amber"
    assert assess(sickness, "down", Point(on, 8.0)).rag == "red"


def test_a_benchmark_goal_moves_when_the_benchmark_does():
    target = Target("T7", "At or below England", "turnover_rate_fte", benchmark="national",
                    tolerance=1.0)
    point = Point(date(2025, 3, 31), 15.0)
    old = assess(target, "down", point, BenchmarkValue(15.3, 2024, "England"))
    new = assess(target, "down", point, BenchmarkValue(13.9, 2024, "England"))
    assert (old.rag, old.goal, old.goal_note) == ("green", 15.3, "England 2024: 15.3")
    assert (new.rag, new.goal) == ("red", 13.9)
    assert assess(target, "down", point, None).rag == "none"


def test_a_missing_or_suppressed_figure_has_no_rag():
    assert assess(TURNOVER, "down", None).rag == "none"
    assert assess(TURNOVER, "down", Point(MID, None)).rag == "none"


def test_floating_point_noise_does_not_turn_a_met_target_amber():
    target = Target("T8", "Sum", "M20", target_value=0.3)
    assert assess(target, "up", Point(MID, 0.1 + 0.2)).rag == "green"


# The demo's T05: average caseload 18.3 at 31 March 2025 down to 15.0 by 31 March 2028,
# tolerance 0.5; caseloads are shown to one decimal place.
CASELOADS = Target("T05", "Average caseloads down to 15", "caseload_fte", baseline_value=18.3,
                   baseline_date=date(2025, 3, 31), target_value=15.0,
                   target_date=date(2028, 3, 31), tolerance=0.5)


def test_figures_are_compared_as_they_are_shown_so_the_status_agrees_with_them():
    # 17.2268 is shown as 17.2; the trajectory expects 16.65 (shown 16.7), and the band up to
    # 17.15 is shown as 16.7 to 17.2: the figure shown is inside it, so amber, not red.
    inside = assess(CASELOADS, "down", Point(date(2026, 9, 30), 17.22684703433923))
    assert inside.expected == pytest.approx(16.65)
    assert (inside.rag, inside.gap) == ("amber", -0.5)
    assert inside.reason == "Behind the trajectory by 0.5, within the tolerance"
    # 18.347 is shown as 18.3, the trajectory's 18.3 on the baseline date: on it, so green
    on_it = assess(CASELOADS, "down", Point(date(2025, 3, 31), 18.347457627118644))
    assert (on_it.rag, on_it.gap, on_it.reason) == ("green", 0.0,
                                                    "On or ahead of the trajectory")
    # a figure shown beyond the band's edge is red, its gap as the figures show it
    beyond = assess(CASELOADS, "down", Point(date(2026, 9, 30), 17.26))
    assert (beyond.rag, beyond.reason) == ("red", "Behind the trajectory by 0.6, outside the "
                                                  "tolerance")


def test_the_report_words_the_gap_as_the_status_judges_it():
    from workforce.reports.progress import why

    inside = assess(CASELOADS, "down", Point(date(2026, 9, 30), 17.22684703433923))
    assert why(inside, "cases") == "0.5 cases behind the trajectory, within the tolerance"
    beyond = assess(CASELOADS, "down", Point(date(2026, 9, 30), 17.26))
    assert why(beyond, "cases") == "0.6 cases behind the trajectory, beyond the tolerance"


def test_the_precision_is_the_units():
    # a ratio is shown to two places: 0.546 is 0.55, on a trajectory of 0.55
    ratio = Target("T9", "Ratio", None, tracked="R1", target_value=0.55, tolerance=0.01)
    assert decimals(ratio, "ratio") == 2 and decimals(ratio) == 1
    assert decimals(CASELOADS) == 1 and decimals(Target("T", "N", "M45a")) == 0
    judged_as_ratio = assess(ratio, "up", Point(MID, 0.546), unit="ratio")
    assert (judged_as_ratio.rag, judged_as_ratio.gap) == ("green", 0.0)
    assert assess(ratio, "up", Point(MID, 0.536), unit="ratio").reason == \
        "Behind the trajectory by 0.01, within the tolerance"
    assert assess(ratio, "up", Point(MID, 0.526), unit="ratio").rag == "red"


def test_a_chart_rows_status_agrees_with_its_figures_as_shown():
    from workforce.strategy.chart import rows

    def shown(x):
        return round_half_away(x, 1)

    ends = [date(2025, 3, 31), date(2025, 6, 30), date(2025, 9, 30), date(2026, 9, 30)]
    values = [18.347457627118644, 18.4251968503937, 17.63350785340314, 17.22684703433923]
    for r in rows(CASELOADS, "down", [Point(d, v) for d, v in zip(ends, values, strict=True)],
                  lambda _: None):
        if r["actual"] is None:
            continue
        actual, expected, high = (shown(r[k]) for k in ("actual", "expected", "high"))
        assert r["rag"] == ("green" if actual <= expected else
                            "amber" if actual <= high else "red"), r


TODAY = date(2025, 6, 15)


@pytest.mark.parametrize(("status", "start", "due", "rag"), [
    ("complete", date(2025, 1, 1), date(2025, 3, 1), "blue"),
    ("cancelled", date(2025, 1, 1), date(2025, 3, 1), "grey"),
    ("in_progress", date(2025, 1, 1), date(2025, 6, 14), "red"),
    ("in_progress", date(2025, 1, 1), date(2025, 6, 15), "green"),  # due today: not late
    ("blocked", date(2025, 1, 1), date(2025, 9, 1), "amber"),
    ("not_started", date(2025, 6, 1), date(2025, 9, 1), "amber"),
    ("not_started", date(2025, 7, 1), date(2025, 9, 1), "green"),
    ("not_started", None, None, "green"),
])
def test_an_actions_rag_comes_from_its_status_and_dates(status, start, due, rag):
    assert action_rag(status, start, due, TODAY).rag == rag


def test_an_overdue_action_says_by_how_much():
    assert action_rag("in_progress", None, date(2025, 6, 1), TODAY).reason == \
        "Overdue by 14 days"


def test_an_override_is_shown_with_its_reason_and_the_computed_rag_is_kept():
    r = action_rag("in_progress", None, date(2025, 6, 1), TODAY, "amber", "New date agreed")
    assert (r.rag, r.computed, r.overridden) == ("amber", "red", True)
    assert r.reason == "Set by hand: New date agreed"


def test_an_override_needs_a_reason_and_a_rag_colour():
    assert override_problem("amber", " ") == ("Give the reason for setting the RAG status "
                                              "by hand")
    assert override_problem("blue", "done") == ("'blue' is not a RAG status: use green, "
                                                "amber or red")
    assert override_problem("", "") == ""


def test_a_baseline_already_better_than_a_benchmark_goal_is_held_to_the_goal():
    # Turnover 7.1% at the start, England 11.8%: the path would rise towards 11.8, but a
    # trajectory never expects better than the goal, nor asks for worse: 11.8 throughout.
    target = Target("T9", "At or below England", "turnover_rate_fte", benchmark="national",
                    baseline_value=7.1, baseline_date=date(2025, 3, 31),
                    target_date=date(2028, 3, 31), tolerance=1.5)
    england = BenchmarkValue(11.8, 2025, "England")
    on_track = assess(target, "down", Point(MID, 11.0), england)
    assert (on_track.expected, on_track.rag) == (11.8, "green")
    behind = assess(target, "down", Point(MID, 18.3), england)
    assert (behind.rag, behind.reason) == ("red", "Behind the trajectory by 6.5, outside the "
                                                  "tolerance")


@pytest.mark.parametrize(("target", "words"), [
    (Target("a", "", "turnover_rate_fte", benchmark="national", target_date=date(2028, 3, 31)),
     "At or below the England average (England 2025: 11.8) by 31 March 2028"),
    (Target("b", "", "M06a", target_value=85.0, target_date=date(2029, 3, 31)),
     "At least 85 by 31 March 2029"),
    (Target("c", "", "M40", direction="within", band=3.0, target_value=16.0),
     "Within 3 either side of 16, at all times"),
    (Target("d", "", "M17", baseline_value=7.36, baseline_date=date(2021, 9, 30)),
     "Better than the baseline, at all times"),
])
def test_a_goal_is_said_in_words(target, words):
    from workforce.strategy.targets import goal_words

    polarity = {"a": "down", "b": "up", "c": "neutral", "d": "down"}[target.ref]
    assert goal_words(target, polarity, "England 2025: 11.8") == words


def test_a_tracked_measures_target_is_judged_at_the_decimals_of_its_own_unit():
    from workforce.strategy.status import assess_on
    from workforce.strategy.targets import MeasureInfo

    # a count shown whole: 10.4 is shown as 10, on a target of at least 10 with no tolerance
    target = Target("T9", "Mentors", None, tracked="mentors", direction="up",
                    target_value=10.0, target_date=date(2027, 3, 31))
    info = MeasureInfo("mentors", "Mentors", "count", "up")
    on = date(2026, 9, 30)
    got = assess_on(target, info, [Point(on, 9.6)], on, lambda *args: None)
    assert got.rag == "green"  # 9.6 is shown as 10: on target as printed


def test_the_chart_table_judges_a_figure_as_the_targets_status_does():
    from workforce.strategy import chart

    target = Target("T9", "Mentors", None, tracked="mentors", direction="up",
                    target_value=10.0, target_date=date(2027, 3, 31))
    on = date(2026, 9, 30)
    [row, *_] = chart.rows(target, "up", [Point(on, 9.6)], lambda d: None, unit="count")
    assert row["rag"] == "green"  # 9.6 is shown as 10, as the status judges it
