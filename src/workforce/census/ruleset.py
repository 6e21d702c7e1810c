"""The machinery of the census business rules: a rule, its registry, and the context.

The rules themselves are in `rules.py` (one record at a time) and `returns.py` (records
compared with each other).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from workforce.census.layouts import Layout, layout

ERROR, QUERY = "error", "query"

Check = Callable[[dict[str, str], "Context"], "str | list[str] | None"]


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
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def as_number(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def rules_for(scope: str) -> list[Rule]:
    """The rules that read records of `scope` (header, la or worker), in code order."""
    return [r for code, r in sorted(RULES.items()) if r.scope == scope]
