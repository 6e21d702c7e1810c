"""A target names figures its measure can take: a caseload of -9,999,999 made the caseload
dashboard read "At most -9,999,999.0 ... behind by 2026189.2"."""

from __future__ import annotations

from datetime import date

import pytest

from workforce.strategy.plan import Milestone, Target, TrackedMeasure
from workforce.strategy.targets import CEILING, registry_info, target_problems, tracked_info


def _target(measure: str = "caseload_fte", **values) -> Target:
    given = {"baseline_value": 18.0, "baseline_date": date(2025, 3, 31),
             "target_value": 15.0, "target_date": date(2027, 3, 31), **values}
    return Target("T1", "A target", measure, **given)


@pytest.mark.parametrize(("values", "field"), [
    ({"target_value": -9_999_999.0}, "target_value"),
    ({"baseline_value": -50.0}, "baseline_value"),
    ({"target_value": CEILING * 10.0}, "target_value"),
    ({"target_value": float("nan")}, "target_value"),
    ({"milestones": (Milestone(date(2026, 3, 31), -1.0),)}, "milestones"),
])
def test_a_figure_a_caseload_cannot_take_is_refused_on_its_field(values, field):
    t = _target(**values)
    problems = dict(target_problems(t, registry_info(t.measure_id)))
    assert field in problems
    assert "not" in problems[field]


def test_a_percentage_lies_from_0_to_100_and_a_gap_may_be_below_0():
    rate = _target("turnover_rate_fte", baseline_value=30.0, target_value=-5.0)
    assert dict(target_problems(rate, registry_info("turnover_rate_fte")))["target_value"] == (
        "-5 is not a percentage between 0 and 100")
    gap = _target("M36", baseline_value=8.0, target_value=-2.0)
    info = registry_info("M36")
    assert info.signed and info.unit == "percent"
    assert "target_value" not in dict(target_problems(gap, info))


def test_a_tracked_measure_may_go_below_0_as_the_product_does_not_know_its_sign():
    t = Target("T2", "Net change", tracked="NET", baseline_value=-3.0,
               baseline_date=date(2025, 3, 31), target_value=2.0, target_date=date(2027, 3, 31))
    info = tracked_info(TrackedMeasure("NET", "Net change", unit="count"))
    assert target_problems(t, info) == []


def test_sound_figures_pass():
    assert target_problems(_target(), registry_info("caseload_fte")) == []


def test_a_rule_that_reads_a_field_not_known_is_left_out():
    """A form that could not read a field still gets every other rule's problem, but none
    from a rule reading that field (its message would only add to the field's own)."""
    t = _target(target_value=-5.0, target_date=None,
                milestones=(Milestone(date(2026, 3, 31), 16.0),))
    info = registry_info("caseload_fte")
    assert [f for f, _ in target_problems(t, info)] == ["target_value", "milestones"]
    assert [f for f, _ in target_problems(t, info, unknown=["target_date"])] == [
        "target_value"]
    assert target_problems(t, info, unknown=["measure_id"]) == [
        ("milestones", "Milestones need a target date")]
