"""The measure registry: one declaration per measure, one pure function each.

    compute(ledger, window, by) -> frame of (by..., numerator, denominator, value, people)

`people` is the number of distinct people behind the cell, used only for small-number
suppression when results are shown (never inside the arithmetic). Arithmetic stays in floats;
rounding happens when presenting, as DfE does.

A measure may instead be declared with `@series_measure`: its function takes the windows frame
(`windows.frame`) and returns the same columns plus `_w`, computing a whole series in one pass.
Its single-window `compute` is derived from it, so there is still one definition. The engine
uses `Measure.many`, which takes the fast path when a series function exists and loops over
the windows otherwise. When `definition` is not given, the function's docstring is used: the
docstring is the user-facing definition.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

import polars as pl

from workforce.ledger import Ledger
from workforce.measures.dimensions import NO_SERVICE, is_residual, service_of
from workforce.measures.windows import Window, frame

UNITS = {"percent", "count", "fte", "days", "cases", "ratio", "score", "pounds", "rate"}
POLARITY = {"up": "higher is better", "down": "lower is better", "neutral": "no better way"}

Compute = Callable[[Ledger, Window, Sequence[str]], pl.DataFrame]
Series = Callable[[Ledger, pl.DataFrame, Sequence[str]], pl.DataFrame]

RESULT_COLUMNS = ("numerator", "denominator", "value", "people")


@dataclass(frozen=True)
class Headline:
    """What a measure counts, where it is a headline of a characteristic: the staff in
    `values` of breakdown `dim` (as `records.known_or_not` reads it), at each of `over`
    (breakdowns the measure reads but does not show, as M37a reads both levels). Its figure
    is then a sum of cells of `base` (the headcount, M45a, for the shares of the profile;
    the FTE in post, M45, for the FTE on other direct contracts, M06c) by that
    characteristic, which pages and reports show beside it, so the engine hides it wherever
    one of those cells, or the base's own cell, is hidden (`engine._headline_cells`)."""

    dim: str
    values: tuple[str, ...]
    over: tuple[str, ...] = ()
    base: str = "M45a"
    summed: bool = False
    """A sum rather than a share (M06c): hidden only where it would split the hidden cells
    of its cell by the characteristic, some in its categories and some not (a share of a
    headcount is hidden wherever one of them is)."""


@dataclass(frozen=True)
class Measure:
    """A measure's declaration. `definition` is plain English and is what users read."""

    do_not_call_in_templates: ClassVar[bool] = True  # a measure is callable; templates read it

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
    tags: tuple[str, ...] = field(default_factory=tuple)  # "dfe": DfE's indicator;
    # "signed": a difference or gap, which can be below 0 (every other measure is 0 or more);
    # "reported": figures reported per unit (surveys), so a unit's row is its own report, not
    # a roll-up of its records (and has no residual cell)
    series: Series | None = None  # vectorised over windows; `compute` is derived from it
    headline: Headline | None = None  # a share of staff in some categories (see Headline)
    period: str = ""  # a flow measured per calendar month ("month": supervision within the
    # month) is shown as at a date over the month to it (`windows.period_to`), on dashboards,
    # in reports and in the strategy alike; "" is the 12 months to the date (`as_at`)

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValueError(f"{self.id}: unknown unit {self.unit!r}")
        if self.polarity not in POLARITY:
            raise ValueError(f"{self.id}: unknown polarity {self.polarity!r}")
        if self.kind not in ("stock", "flow"):
            raise ValueError(f"{self.id}: kind must be stock or flow")
        if self.period not in ("", "month"):
            raise ValueError(f"{self.id}: period must be '' or 'month'")

    @property
    def total(self) -> bool:
        """A count or a sum with nothing to divide by (starters, FTE in post, spend): where a
        unit has nothing to count its figure is 0, not missing (`with_zeros`). Not a figure
        reported per unit (a survey's), a difference, or a median, mean or maximum. Told by
        the formula (a count, or a Σ with no ÷), or by the tag "total" where the formula
        divides within the sum (agency spend's hours a day)."""
        summed = self.formula.startswith("Σ") and "÷" not in self.formula
        return ((self.unit == "count" or summed or "total" in self.tags)
                and "reported" not in self.tags and "signed" not in self.tags)

    def check(self, by: Sequence[str]) -> None:
        """Raise ValueError when the measure cannot be broken down by `by`."""
        unknown = [b for b in by if b not in self.breakdowns]
        if unknown:
            allowed = ", ".join(self.breakdowns) or "none"
            raise ValueError(
                f"{self.id} cannot be broken down by {', '.join(unknown)} (allowed: {allowed})"
            )

    def __call__(self, ledger: Ledger, window: Window, by: Sequence[str] = (),
                 residuals: bool = False) -> pl.DataFrame:
        """The measure for one window; with `residuals`, a `unit` breakdown keeps the
        residual cells (`dimensions.residual`) that suppression needs."""
        self.check(by)
        out = self.compute(ledger, window, list(by))
        missing = [c for c in (*by, *RESULT_COLUMNS) if c not in out.columns]
        if missing:
            raise RuntimeError(f"{self.id} returned no column(s) {missing}")
        out = with_zeros(self, out.with_columns(pl.lit(0, pl.Int32).alias("_w")), ledger,
                         frame([window]), by).drop("_w")
        out = out if residuals else shown_units(out, by)
        return out.select([*by, *RESULT_COLUMNS]).sort(list(by)) if by else out.select(
            list(RESULT_COLUMNS))


    def many(self, ledger: Ledger, windows: Sequence[Window], by: Sequence[str] = (),
             residuals: bool = False) -> pl.DataFrame:
        """The measure for every window: (start, end, by..., numerator, denominator, value,
        people), in one pass when the measure has a series function. With `residuals`, a
        `unit` breakdown keeps the residual cells (`dimensions.residual`)."""
        self.check(by)
        cols = ["start", "end", *by, *RESULT_COLUMNS]
        if self.series is None:
            parts = [self(ledger, w, by, residuals).with_columns(
                pl.lit(w.start).alias("start"), pl.lit(w.end).alias("end")) for w in windows]
            return pl.concat(parts, how="vertical_relaxed").select(cols) if parts else (
                pl.DataFrame(schema={c: pl.Float64 for c in cols}))
        wins = frame(windows)
        out = _series_result(self, self.series(ledger, wins, list(by)), wins, by)
        out = with_zeros(self, out, ledger, wins, by)
        out = ordered(out if residuals else shown_units(out, by), by)
        at = out.get_column("_w")  # the window's position in `wins`: its dates by lookup
        return out.select(wins.get_column("w_start").gather(at).alias("start"),
                          wins.get_column("w_end").gather(at).alias("end"), *by,
                          *RESULT_COLUMNS)


UNIT_LIKE = ("unit", "team", "service")


def with_zeros(m: Measure, out: pl.DataFrame, ledger: Ledger, wins: pl.DataFrame,
               by: Sequence[str]) -> pl.DataFrame:
    """`out` (rows by `_w`) with a row of 0 for every unit (by `unit`), team (by `team`: a
    unit with none below it) or service (by `service`: a unit of that kind, and "no
    service" where units lie in none) of the ledger that a total (`Measure.total`) found
    nothing to count in, in each window: a team with no leavers in a month had no figure,
    shown as 'cannot be computed' beside the turnover's 0 leavers. Residual cells are left
    as they are (a unit's own records in none below it: none is no cell). By a unit and
    another breakdown (a filter) the cells are as found: 0s there change which cells are
    the only ones under a coarser cell, and so what suppression hides."""
    if not m.total or len(by) != 1 or by[0] not in UNIT_LIKE or not wins.height:
        return out
    key = by[0]
    dtype = out.schema[key] if out.schema[key] != pl.Null else pl.String
    grid = wins.select("_w").join(pl.DataFrame({key: _cells(ledger, key)}).cast({key: dtype}),
                                  how="cross")
    empty = grid.join(out.select("_w", key), on=["_w", key], how="anti", nulls_equal=True)
    if not empty.height:
        return out
    zeros = empty.with_columns(pl.lit(0.0).alias("numerator"), pl.lit(None).alias("denominator"),
                               pl.lit(0.0).alias("value"), pl.lit(0).alias("people"))
    return pl.concat([out.with_columns(pl.col(key).cast(dtype)), zeros.select(out.columns)],
                     how="vertical_relaxed")


def _cells(ledger: Ledger, key: str) -> list[str]:
    """The values of a unit-like breakdown the ledger's units give (`with_zeros`)."""
    units = ledger.unit
    codes = units.get_column("code")
    if key == "team":
        return codes.filter(~codes.is_in(units.get_column("parent").drop_nulls().implode())
                            ).unique().to_list()
    if key == "service":
        services = codes.filter(units.get_column("kind") == "service").unique().to_list()
        placed = service_of(units).height
        return services + ([NO_SERVICE] if placed < units.height else [])
    return codes.unique().to_list()


def shown_units(out: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """`out` without the residual cells of a `unit` breakdown."""
    if "unit" not in by or out.schema["unit"] == pl.Null:  # no unit at all: none is one
        return out
    return out.filter(~is_residual(pl.col("unit").cast(pl.String)))


def ordered(out: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """`out` sorted by window, then by each breakdown (nulls first), as
    `out.sort(["_w", *by])` would: when the breakdowns are text, by one integer key (the
    window, then each value's place among the sorted distinct values), which is several
    times quicker than sorting on the text itself; and when the keys are few enough, with
    no sort at all: each row goes to its key's slot (keys repeat only if cells do, which
    falls back to the sort)."""
    if not by or any(out.schema[b] != pl.String for b in by) or not out.height:
        return out.sort(["_w", *by])
    w = out.get_column("_w")
    distinct = [out.get_column(b).unique().drop_nulls().sort() for b in by]
    size = int(w.max() or 0) + 1  # type: ignore[arg-type]
    for values in distinct:
        size *= values.len() + 1
    if size >= 1 << 62:  # the key would not fit
        return out.sort(["_w", *by])
    key = pl.col("_w").cast(pl.Int64)
    for b, values in zip(by, distinct, strict=True):
        place = (pl.col(b).cast(pl.Enum(values)).to_physical().cast(pl.Int64).fill_null(-1)
                 if values.len() else pl.lit(-1, pl.Int64))
        key = key * (values.len() + 1) + place + 1
    if size > 4 * out.height + 4096 or w.null_count() or (w.min() or 0) < 0:  # type: ignore[operator]
        return out.sort(key)  # keys too many for slots, or not all slots (no window, < 0)
    # each cell once (a result's rows are): every row to its key's slot, read in key order
    keys = out.select(key).to_series()
    slots = pl.repeat(None, size, dtype=pl.UInt32, eager=True).scatter(
        keys, pl.int_range(out.height, dtype=pl.UInt32, eager=True))
    order = slots.drop_nulls()
    return out[order] if order.len() == out.height else out.sort(key)


def _series_result(m: Measure, out: pl.DataFrame, wins: pl.DataFrame,
                   by: Sequence[str]) -> pl.DataFrame:
    """The function's rows of the windows in `wins` (whose `_w` are 0, 1, ...); with no
    breakdown every window gets its row, even if the function left one out."""
    missing = [c for c in ("_w", *by, *RESULT_COLUMNS) if c not in out.columns]
    if missing:
        raise RuntimeError(f"{m.id} returned no column(s) {missing}")
    out = out.select(["_w", *by, *RESULT_COLUMNS])
    if not by:
        return wins.select("_w").join(out, on="_w", how="left")
    return out.filter(pl.col("_w").is_between(0, wins.height - 1))


def _from_series(series: Series) -> Compute:
    def compute(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
        wins = frame([window])
        out = series(ledger, wins, list(by))
        if not by:
            out = wins.join(out, on="_w", how="left")
        return out.drop([c for c in ("_w", "w_start", "w_end") if c in out.columns])

    compute.__doc__ = series.__doc__
    compute.__name__ = getattr(series, "__name__", "compute")
    return compute


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
        register(Measure(compute=func, **_with_definition(declaration, func)))
        return func

    return wrap


def series_measure(**declaration: object) -> Callable[[Series], Series]:
    """Decorator: declare a measure whose function computes a whole series at once,

        @series_measure(id="M01a", title=..., formula=..., unit="percent", ...)
        def turnover(ledger, wins, by):
            \"\"\"Definition shown to users.\"\"\"
            ...  # return (_w, by..., numerator, denominator, value, people)

    `wins` is `windows.frame(windows)`: one row per window with `_w`, `w_start`, `w_end`.
    """

    def wrap(func: Series) -> Series:
        decl = _with_definition(declaration, func)
        register(Measure(compute=_from_series(func), series=func, **decl))
        return func

    return wrap


def _with_definition(declaration: dict[str, object], func: Callable[..., object]
                     ) -> dict:  # type: ignore[type-arg]
    if "definition" in declaration:
        return declaration
    doc = inspect.getdoc(func)
    if not doc:
        raise ValueError(f"{declaration.get('id')}: give a definition or a docstring")
    return {**declaration, "definition": doc}


def all_measures() -> dict[str, Measure]:
    """Every registered measure, loading the family modules on first use."""
    from workforce.measures import families  # noqa: F401  (registers on import)

    return dict(sorted(REGISTRY.items(), key=lambda kv: _sort_key(kv[0])))


PARTS: dict[str, tuple[str, tuple[str, ...]]] = {}
"""Measures that are parts of a whole (`parts_of`), by each member's id."""


def parts_of(total: str, parts: Sequence[str]) -> None:
    """Declare `parts` (measure ids) as parts of one whole, measure `total`, which they make
    up cell by cell (M18a + M18b = M17; the length-of-service shares M05a-M05f of the headcount
    M45a). Pages and reports show them together, so the engine suppresses them with each
    other (`engine._linked`)."""
    group = (total, tuple(parts))
    for mid in (total, *parts):
        PARTS[mid] = group


def parts_group(measure_id: str) -> tuple[str, tuple[str, ...]] | None:
    """The group of parts `measure_id` belongs to (`parts_of`), or None."""
    from workforce.measures import families  # noqa: F401  (they declare their groups)

    return PARTS.get(measure_id)


HIDDEN_WITH: dict[str, tuple[tuple[str, bool], ...]] = {}
"""Measures hidden wherever other measures are (`hidden_with`), by the first's id: (the
other's id, whether in the period before)."""


def hidden_with(measure_id: str, others: Sequence[str], previous: bool = False) -> None:
    """Declare that `measure_id` is hidden wherever any of `others` is hidden, by the same
    breakdowns (`previous`: in the period before each window, `records.previous`): pages and
    reports show them together and its figures would tell theirs. Permanence of the
    workforce, M06a, is over all FTE, directly employed and agency: beside the FTE in post it
    tells the agency FTE that the agency rate, M07a, hides; the change in good audits, M44a,
    is M44 in the period and the one before. The engine hides those cells in its own
    suppression (`engine._linked`), so its complements protect them in its own table too."""
    HIDDEN_WITH[measure_id] = (*HIDDEN_WITH.get(measure_id, ()),
                               *((o, previous) for o in others))


def hiding(measure_id: str) -> tuple[tuple[str, bool], ...]:
    """The measures `measure_id` is hidden with (`hidden_with`): (id, in the period
    before)."""
    from workforce.measures import families  # noqa: F401  (they declare their links)

    return HIDDEN_WITH.get(measure_id, ())


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
