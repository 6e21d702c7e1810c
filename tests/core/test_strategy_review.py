"""Reviews in the core: frozen figures are plain data, and the review's steps."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from workforce.strategy.plan import Action, Target
from workforce.strategy.rag import Point, action_rag, assess
from workforce.strategy.review import (
    TargetFigure,
    can_refresh,
    freeze,
    is_locked,
    next_status,
    period_as_at,
    steps_from,
)

TARGET = Target("T1", "Agency down", "agency_rate_fte", theme="Our workforce",
                baseline_value=20.0, baseline_date=date(2025, 3, 31), target_value=10.0,
                target_date=date(2027, 3, 31), tolerance=1.0)
ACTION = Action("A1", "Our workforce", "Market supplement", owner_name="Head of HR",
                due=date(2025, 8, 1), status="in_progress")


def _frozen() -> dict:
    on = date(2025, 9, 30)
    figure = TargetFigure(TARGET, "Agency worker rate (FTE)", "percent",
                          assess(TARGET, "down", Point(on, 17.0)))
    acts = [(ACTION, action_rag(ACTION.status, None, ACTION.due, on))]
    return freeze("2025-Q3", on, [figure], acts, ["Our workforce", "Wellbeing"],
                  frozen_at=datetime(2025, 10, 5, 9, 30))


def test_frozen_figures_are_plain_data_that_survive_a_json_round_trip():
    frozen = _frozen()
    assert json.loads(json.dumps(frozen)) == frozen


def test_frozen_figures_carry_value_expectation_rag_and_counts_per_theme():
    frozen = _frozen()
    [t] = frozen["targets"]
    assert (t["ref"], t["value"], t["rag"], t["on"]) == ("T1", 17.0, "green", "2025-09-30")
    assert t["expected"] == pytest.approx(20.0 - 10.0 * 183 / 730)
    assert frozen["actions"] == [{"ref": "A1", "title": "Market supplement",
                                  "theme": "Our workforce", "status": "in_progress",
                                  "owner": "Head of HR", "due": "2025-08-01", "rag": "red",
                                  "reason": "Overdue by 60 days"}]
    assert frozen["themes"] == [
        {"title": "Our workforce", "actions": {"red": 1}, "targets": {"green": 1}},
        {"title": "Wellbeing", "actions": {}, "targets": {}}]
    assert frozen["frozen_at"] == "2025-10-05T09:30:00"


def test_a_review_is_prepared_submitted_and_approved_and_then_locked():
    assert steps_from("draft") == ["submit"]
    assert next_status("draft", "submit") == "submitted"
    assert steps_from("submitted") == ["return", "approve"]
    assert next_status("submitted", "approve") == "approved"
    assert steps_from("approved") == []
    assert is_locked("approved") and not is_locked("submitted")
    assert can_refresh("draft") and not can_refresh("submitted")


@pytest.mark.parametrize(("status", "step", "message"), [
    ("draft", "approve", "A draft review cannot be approved"),
    ("approved", "return", "A approved review cannot be returned"),
    ("approved", "submit", "A approved review cannot be submitted"),
])
def test_a_step_out_of_order_is_refused(status, step, message):
    with pytest.raises(ValueError, match=message):
        next_status(status, step)


def test_a_quarterly_review_freezes_figures_as_at_the_quarter_end():
    assert period_as_at("2025-Q3") == date(2025, 9, 30)


def test_the_latest_ended_quarter_is_the_one_before_today_s():
    from workforce.strategy.periods import latest_ended_quarter

    assert latest_ended_quarter(date(2026, 12, 5)) == "2026-Q3"
    assert latest_ended_quarter(date(2026, 12, 31)) == "2026-Q3"  # Q4's last day is in Q4
    assert latest_ended_quarter(date(2027, 1, 1)) == "2026-Q4"
    assert latest_ended_quarter(date(2026, 2, 10)) == "2025-Q4"


def test_a_review_of_a_quarter_not_ended_is_provisional_and_cannot_be_signed_off():
    from workforce.strategy.review import check_step, is_provisional, step_problem

    today = date(2026, 12, 5)
    assert is_provisional("2026-Q4", today)
    problem = step_problem("2026-Q4", today, "submit", today)
    assert problem.startswith("2026-Q4 (October to December 2026) has not ended yet")
    assert "from 1 January 2027" in problem
    with pytest.raises(ValueError, match="has not ended yet: its review can be approved"):
        check_step("2026-Q4", today, "approve", today)
    assert step_problem("2026-Q4", today, "return", today) == ""
    # once the quarter is over, figures frozen before its end must be frozen again first
    after = date(2027, 1, 4)
    assert "freeze the figures again (as at 31 December 2026)" in step_problem(
        "2026-Q4", today, "submit", after)
    assert step_problem("2026-Q4", date(2026, 12, 31), "submit", after) == ""
    assert step_problem("2026-Q3", date(2026, 9, 30), "approve", today) == ""


def test_frozen_figures_say_whether_they_are_provisional():
    frozen = _frozen()
    assert frozen["provisional"] is False
    early = freeze("2025-Q4", date(2025, 11, 12), [], [], [])
    assert early["provisional"] is True


def test_periods_are_written_one_way_and_in_words():
    from workforce.strategy.periods import frequency_example, frequency_words, label, words

    assert label(" 2025-q3") == "2025-Q3"
    assert label("2024-25") == "2024-25"
    assert words("2025-Q3") == "July to September 2025"
    assert words("2025-q3") == "July to September 2025"
    assert words("2025-09") == "September 2025"
    assert words("2024-25") == "April 2024 to March 2025"
    assert frequency_words("quarterly") == "quarterly"
    assert frequency_example("quarterly") == "2025-Q3 (July to September 2025)"
    with pytest.raises(ValueError):
        label("next quarter")


def test_targets_and_actions_of_no_theme_are_a_group_after_the_themes():
    from workforce.strategy.review import NO_THEME, by_theme, commentary_title, commented

    snapshot = {"themes": [{"title": "Ours", "actions": {"green": 1}, "targets": {}}],
                "targets": [{"ref": "T1", "theme": "", "rag": "none"}],
                "actions": [{"ref": "A1", "theme": "Ours", "rag": "green"},
                            {"ref": "A2", "theme": "", "rag": "red"}]}
    groups = by_theme(snapshot)
    assert [g["title"] for g in groups] == ["Ours", NO_THEME]
    assert [a["ref"] for a in groups[1]["action_rows"]] == ["A2"]
    assert (groups[1]["actions"], groups[1]["targets"]) == ({"red": 1}, {"none": 1})
    # each group takes its own commentary, that of no theme under a key no theme has
    assert commented(snapshot) == [("Ours", "Ours"), ("", NO_THEME)]
    assert (commentary_title(""), commentary_title("Ours")) == (NO_THEME, "Ours")
    assert by_theme({**snapshot, "targets": [], "actions": snapshot["actions"][:1]})[-1][
        "title"] == "Ours"


def test_who_prepared_or_submitted_a_review_approves_it_only_as_the_only_approver():
    from workforce.strategy.review import approval_problem, approval_words

    assert approval_problem("sam", "jo", "jo", 2) == ""
    assert approval_problem("jo", "jo", "sam", 2).startswith(
        "You cannot approve a review you prepared. Ask another workforce lead")
    assert "you submitted." in approval_problem("jo", "sam", "jo", 3)
    assert "you prepared and submitted." in approval_problem("jo", "jo", "jo", 2)
    assert approval_problem("jo", "jo", "jo", 1) == ""  # no one else may
    assert approval_words("sam", "jo", "jo", 2) == "prepared by jo, submitted by jo"
    assert approval_words("jo", "jo", "jo", 1) == (
        "prepared by jo, submitted by jo; jo is the only user who may approve")


def test_who_froze_a_reviews_figures_again_prepared_it():
    from workforce.strategy.review import approval_problem, approval_words

    assert approval_problem("kim", "jo", "sam", 2, refrozen_by=["kim"]) == (
        "You cannot approve a review you prepared. Freezing a review's figures again counts "
        "as preparing it. Ask another workforce lead or an administrator of your "
        "organisation to approve it.")
    assert "you prepared and submitted." in approval_problem("kim", "jo", "kim", 2, ["kim"])
    assert approval_problem("kim", "jo", "sam", 1, ["kim"]) == ""  # no one else may
    assert approval_problem("ali", "jo", "sam", 2, ["kim"]) == ""
    assert approval_words("ali", "jo", "sam", 2, ["kim", "jo"]) == (
        "prepared by jo (figures frozen again by kim, jo), submitted by sam")
    assert approval_words("kim", "jo", "sam", 1, ["kim"]).endswith(
        "; kim is the only user who may approve")


def test_forum_names_alike_but_for_case_and_spacing_are_one_forum():
    from workforce.strategy.review import same_forum

    assert same_forum("Workforce strategy board", " workforce  Strategy Board")
    assert not same_forum("Workforce strategy board", "Scrutiny committee")
