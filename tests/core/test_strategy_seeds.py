"""Every baseline and target of the five seed strategies (reference/measures.md, last
column) is expressed as a target that keeps the rules, on a measure the registry has."""

from __future__ import annotations

import pytest

from workforce.measures import all_measures
from workforce.strategy.seeds import SEED_TRACKED, SEEDS
from workforce.strategy.targets import measure_info, target_problems
from workforce.strategy.trajectory import milestone_warnings

ALL = [t for targets in SEEDS.values() for t in targets]


def test_each_of_the_five_strategies_has_its_targets():
    assert set(SEEDS) == {"S0", "S1", "S2", "S3", "S4"}
    assert all(len(targets) >= 5 for targets in SEEDS.values())


@pytest.mark.parametrize("target", ALL, ids=[t.ref for t in ALL])
def test_a_seed_target_keeps_every_rule(target):
    info = measure_info(target, SEED_TRACKED)
    assert info is not None, f"{target.measure_id or target.tracked} is not a known measure"
    assert target_problems(target, info) == []


def test_seed_targets_use_registry_measures_except_practice_measures_that_are_tracked():
    registry = all_measures()
    tracked = [t for t in ALL if t.tracked]
    assert {t.tracked for t in tracked} == {"REREF", "CPREV"}
    assert all(t.measure_id in registry for t in ALL if not t.tracked)


def test_the_seeds_use_every_kind_of_goal_and_trajectory():
    assert any(t.benchmark == "national" for t in ALL)          # S1: <= England average
    assert any(t.direction == "within" for t in ALL)            # S1: within 3 points of TOM
    assert any(t.trajectory == "stepped" for t in ALL)          # S4: apprentices by year
    assert any(t.target_value is None and not t.benchmark for t in ALL)  # "reduce"
    assert any(t.baseline_value is None and t.target_value for t in ALL)  # S1: no baseline
    s1 = {t.ref: t for t in SEEDS["S1"]}
    assert s1["S1-T2"].target_date.year == 2029  # Annex dates beyond the 2024-26 strategy


def test_s4s_apprenticeship_steps_are_stored_as_given_and_the_discrepancy_reported():
    s4 = {t.ref: t for t in SEEDS["S4"]}["S4-T8"]
    assert [m.value for m in s4.milestones] == [5.0, 7.0, 10.0]
    assert milestone_warnings(s4, s4.target_value) == [
        "the last milestone (10) differs from the target (9); the target applies from the "
        "target date"]
