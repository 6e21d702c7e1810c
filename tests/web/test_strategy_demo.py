"""The demo organisation's strategy, stored: four themes, about forty actions, targets, two
approved reviews, owners who are demo users; rebuilding replaces it."""

from __future__ import annotations

from datetime import date

from workforce.strategy.benchmark import BenchmarkValue
from workforce_web.bridge import load_ledger
from workforce_web.strategy.demo import store_demo_strategy
from workforce_web.strategy.models import Action, Review, Strategy, Target, TrackedMeasure


def _england(measure_id, comparator, on):
    return BenchmarkValue(15.0, 2024, "England")


def test_the_demo_strategy_is_stored_with_owners_and_approved_reviews(as_user, personas):
    store_demo_strategy("T1", load_ledger("T1"), date(2026, 5, 10), _england)
    strategy = Strategy.objects.get(organisation="T1")
    assert strategy.themes.count() == 4
    assert 35 <= Action.objects.count() <= 45
    assert Target.objects.filter(measure_id__gt="").count() >= 10
    assert list(Review.objects.values_list("period", "status")) == [
        ("2026-Q1", "approved"), ("2025-Q4", "approved")]
    assert Action.objects.filter(owner__username="lead").exists()
    page = as_user("lead").get(f"/strategy/{strategy.pk}/").content.decode()
    assert "Leadership and culture" in page


def test_building_the_demo_again_replaces_it(personas):
    ledger = load_ledger("T1")
    store_demo_strategy("T1", ledger, date(2026, 5, 10), _england)
    store_demo_strategy("T1", ledger, date(2026, 5, 10), _england)
    assert Strategy.objects.count() == 1
    assert TrackedMeasure.objects.count() == 2
