"""The measure registry: one declaration per measure, one pure function each.

    compute(ledger, window, by) -> frame of (by..., numerator, denominator, value, people)

`people` is the number of distinct people behind the cell, used only for small-number
suppression when results are shown (never inside the arithmetic). Arithmetic stays in floats;
rounding happens when presenting, as DfE does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import polars as pl

from workforce.ledger import Ledger
from workforce.measures.windows import Window

UNITS = {"percent", "count", "fte", "days", "cases", "ratio", "score", "pounds", "rate"}
POLARITY = {"up": "higher is better", "down": "lower is better", "neutral": "no better way"}

Compute = Callable[[Ledger, Window, Sequence[str]], pl.DataFrame]

RESULT_COLUMNS = ("numerator", "denominator", "value", "people")


@dataclass(frozen=True)
class Measure:
    """A measure's declaration. `definition` is plain English and is what users read."""

    id: str
    title: str
    definition: str
    formula: str
    unit: str
    polarity: str
    kind: str  # "stock" (as at window end) or "flow" (over the window)
    source: str  # "DfE CSWW methodology", or which strategies name it
    compute: Compute
    breakdowns: tuple[str, ...] = ()
    family: str = ""
    local_variant: bool = False  # a local definition that differs from DfE's, labelled
    tags: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"{self.id}: unknown unit {self.unit!r}")
        if self.polarity not in POLARITY:
            raise ValueError(f"{self.id}: unknown polarity {self.polarity!r}")
        if self.kind not in ("stock", "flow"):
            raise ValueError(f"{self.id}: kind must be stock or flow")

    def __call__(self, ledger: Ledger, window: Window, by: Sequence[str] = ()) -> pl.DataFrame:
        unknown = [b for b in by if b not in self.breakdowns]
        if unknown:
            allowed = ", ".join(self.breakdowns) or "none"
            raise ValueError(
                f"{self.id} cannot be broken down by {', '.join(unknown)} (allowed: {allowed})"
            )
        out = self.compute(ledger, window, list(by))
        missing = [c for c in (*by, *RESULT_COLUMNS) if c not in out.columns]
        if missing:
            raise RuntimeError(f"{self.id} returned no column(s) {missing}")
        return out.select([*by, *RESULT_COLUMNS]).sort(list(by)) if by else out.select(
            list(RESULT_COLUMNS))


REGISTRY: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    if measure.id in REGISTRY:
        raise ValueError(f"Measure {measure.id} is declared twice")
    REGISTRY[measure.id] = measure
    return measure


def measure(**declaration: object) -> Callable[[Compute], Compute]:
    """Decorator: declare the measure whose compute function follows.

        @measure(id="M01", title=..., definition=..., formula=..., unit="percent", ...)
        def turnover(ledger, window, by): ...
    """

    def wrap(func: Compute) -> Compute:
        register(Measure(compute=func, **declaration))  # type: ignore[arg-type]
        return func

    return wrap


def all_measures() -> dict[str, Measure]:
    """Every registered measure, loading the family modules on first use."""
    from workforce.measures import families  # noqa: F401  (registers on import)

    return dict(sorted(REGISTRY.items(), key=lambda kv: _sort_key(kv[0])))


def get(measure_id: str) -> Measure:
    measures = all_measures()
    try:
        return measures[measure_id]
    except KeyError:
        raise KeyError(
            f"No measure {measure_id!r}; run `workforce measures --list` for the ids"
        ) from None


def _sort_key(mid: str) -> tuple[int, str, str]:
    if mid.startswith("M") and mid[1:3].isdigit():
        return (0, mid[1:3], mid[3:])
    return (1, mid, "")
