"""Store the demo organisation's strategy (built by `workforce.strategy.demo`).

Called by `workforce demo-data` after the demo ledger and the demo users are stored: action
owners are the demo users `lead` and `manager` when they exist. Rebuilding replaces the
organisation's strategies and tracked measures.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from workforce.ledger import Ledger
from workforce.strategy.benchmark import Lookup
from workforce.strategy.demo import build_demo_strategy
from workforce_web.strategy.models import Strategy, TrackedMeasure
from workforce_web.strategy.models.plan import lock_strategies
from workforce_web.strategy.store import Stored, save_plan


def store_demo_strategy(organisation: str, ledger: Ledger, today: date | None = None,
                        lookup: Lookup | None = None) -> Stored:
    """Build the demo strategy for `organisation` from its `ledger` and store it, replacing
    any strategy the organisation had."""
    today = today or date.today()
    plan = build_demo_strategy(organisation, ledger, today, lookup)
    with transaction.atomic():
        lock_strategies(organisation)  # as an import: it waits, and is waited for
        Strategy.objects.filter(organisation=organisation).delete()
        TrackedMeasure.objects.filter(organisation=organisation).delete()
        return save_plan(plan, user=None, today=today)
