"""The machinery of the census business rules: a rule, its registry, and the context.

The rules themselves are in `rules.py` (a record, or a batch of worker records, at a time)
and `returns.py` (records compared with each other).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

import polars as pl

from workforce.census.layouts import Layout, layout

ERROR, QUERY = "error", "query"

Faults = dict[str, pl.Expr]
"""What a worker rule returns: for each item it checks, true where a record is at fault."""
Check = Callable[..., Any]
"""A header or LA-level rule: (values, ctx) -> the item(s) at fault or None; a worker rule:
(`workers.Items`, ctx) -> `Faults`; a return rule: (totals, LA-level values, ctx) -> bool
(so the arguments differ by scope)."""


@dataclass(frozen=True)
class Rule:
    """A business rule: its code, severity, the record kind it reads, and its check."""

    code: str
    severity: str
    scope: str  # header, la or worker
    check: Check

    @property
    def text(self) -> str:
        return " ".join((self.check.__doc__ or "").split())


RULES: dict[str, Rule] = {}


def rule(severity: str, scope: str = "worker") -> Callable[[Check], Check]:
    """Register the check that follows; its name is its code (CSWW_E01 -> CSWW-E01)."""

    def wrap(func: Check) -> Check:
        code = func.__name__.replace("_", "-")
        RULES[code] = Rule(code, severity, scope, func)
        return func

    return wrap


@dataclass(frozen=True)
class Context:
    """What rules need to know about the return: its year and the census dates."""

    year: int

    @cached_property
    def layout(self) -> Layout:
        return layout(self.year)

    @cached_property
    def reference_date(self) -> date:
        return date(self.year, 9, 30)

    @cached_property
    def year_start(self) -> date:
        return date(self.year - 1, 10, 1)

    @cached_property
    def working_days(self) -> int:
        """DfE's W: 253, or 254 when the census year holds 29 February (domain.md 2.2)."""
        y = self.year
        return 254 if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0) else 253


def as_date(text: str | None) -> date | None:
    """The date an item's text gives (None when empty or not a date)."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def as_number(text: str | None) -> float | None:
    """The number an item's text gives (None when empty or not a number)."""
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def rules_for(scope: str) -> list[Rule]:
    """The rules that read records of `scope` (header, la or worker), in code order."""
    return [r for code, r in sorted(RULES.items()) if r.scope == scope]
