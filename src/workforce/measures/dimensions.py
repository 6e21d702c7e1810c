"""Breakdowns: attach dimension columns to a frame of per-person records.

Measures build a frame of records (one row per person, assignment or event) carrying at least
`staff_id` and `unit`, then call `attach(records, ledger, by, at)` and aggregate by `by`.
`unit` rolls up: each record is counted in its own unit and in every ancestor, so a service's
figure includes its teams. `team` is the record's own unit only.

A unit with units below it also gets a *residual* cell (`residual(code)`): its records that are
in no unit below it (a service's managers, placed in the service itself). Residual cells are
never shown: the engine computes them so that suppression can see what a service's figure
minus its teams' figures would reveal (`suppression.py`), then drops them; a measure asked
directly (`Measure.many`) drops them too unless asked to keep them.

`at` is the date person dimensions (age band, experience, service band) are taken at: a date,
or the name of a date column when records span many windows (e.g. "w_end").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date

import polars as pl

from workforce.ledger import Ledger
from workforce.ledger import codes as c
from workforce.measures.aggregate import ratio, total  # noqa: F401  (re-exported)

# Dimensions read from the record itself (assignment attributes) when present.
RECORD_DIMENSIONS = ("team", "staff_group", "org_role", "grade", "contract")
# Dimensions read from the person at the date.
PERSON_DIMENSIONS = ("sex", "ethnicity", "ethnicity_group", "disability", "age_band")
# Census codes on starting and leaving assignments (for starters' and leavers' counts only).
EVENT_DIMENSIONS = ("start_origin", "leaving_reason", "leaver_destination")
DIMENSIONS = ("unit", "service", *RECORD_DIMENSIONS, "level", "experience", "service_band",
              *PERSON_DIMENSIONS, *EVENT_DIMENSIONS)

STAFF_DIMENSIONS = ("unit", "service", "team", "staff_group", "org_role", "grade", "contract",
                    "level", "experience")
PROFILE_DIMENSIONS = PERSON_DIMENSIONS
ALL_PERSON_DIMENSIONS = STAFF_DIMENSIONS + PROFILE_DIMENSIONS
UNIT_DIMENSIONS = ("unit", "service", "team")

AGE_BANDS = ((0, "Under 30"), (30, "30 to 39"), (40, "40 to 49"), (50, "50 to 59"),
             (60, "60 and over"))
EXPERIENCE_NEW_YEARS = 2
"""Qualified under this many years before the date: 'Newly qualified' (the ASYE year and the
year after, matching the strategies' NQSW stage and the 2-year progression point)."""
SERVICE_BANDS = ((0, "Less than 1 year"), (1, "1 to less than 2 years"),
                 (2, "2 to less than 5 years"), (5, "5 to less than 10 years"),
                 (10, "10 to less than 20 years"), (20, "20 years or more"))
"""DfE's time-in-service bands, by whole years of continuous service."""
NOT_KNOWN = "Not known"
FILLED = ("sex", "ethnicity", "disability", "org_role", "grade", "contract", "staff_group",
          *EVENT_DIMENSIONS)


def unit_ancestors(units: pl.DataFrame) -> pl.DataFrame:
    """Frame of (unit, ancestor): each unit paired with itself and every parent above it."""
    parent = dict(zip(units["code"].to_list(), units["parent"].to_list(), strict=True))
    rows: list[tuple[str, str]] = []
    for code in parent:
        seen, cur = set(), code
        while cur is not None and cur not in seen:
            rows.append((code, cur))
            seen.add(cur)
            cur = parent.get(cur)
    return pl.DataFrame(rows, schema={"unit": pl.String, "ancestor": pl.String}, orient="row")


def units_below(units: pl.DataFrame, codes: Iterable[str]) -> set[str]:
    """`codes` and every unit below them, of the unit table `units` (code, parent)."""
    anc = unit_ancestors(units)
    return set(anc.filter(pl.col("ancestor").is_in(list(codes)))["unit"].to_list())


RESIDUAL = "\x1f(direct)"
"""Ends the `unit` value of a residual cell (a control character: no unit code holds one)."""


def residual(code: str) -> str:
    """The `unit` value of the residual cell of unit `code` (its records in no unit below it)."""
    return code + RESIDUAL


def is_residual(unit: pl.Expr) -> pl.Expr:
    """True where a `unit` value is a residual cell's."""
    return unit.str.ends_with(RESIDUAL).fill_null(False)


def parents_of(units: pl.DataFrame) -> pl.DataFrame:
    """(unit, parent): each unit's parent, and each residual cell's unit (whose figure it is
    part of)."""
    own = units.select(pl.col("code").alias("unit"), "parent")
    above = own.get_column("parent").drop_nulls().unique()
    return pl.concat([own, pl.DataFrame({"unit": above + RESIDUAL, "parent": above})])


NO_SERVICE = "(no service)"


def unit_cells(units: pl.DataFrame, dim: str) -> pl.DataFrame:
    """(`dim`, `_cell`): for each value of a `team` or `service` breakdown, the cells of the
    `unit` breakdown (with residual cells) that it must be hidden with, as the two tables are
    shown side by side. A team is its own records: a unit's row when no unit lies below it,
    else its residual cell (no team: no unit). A service is its unit's row, less the services
    nested in it (the nearest service is each record's), so it goes with theirs too; no
    service goes with every service that lies in none."""
    codes, parents = units["code"].to_list(), units["parent"].to_list()
    if dim == "team":
        above = set(parents)
        pairs = [(c, residual(c) if c in above else c) for c in codes] + [(None, None)]
    else:
        nearest = dict(service_of(units).iter_rows())
        parent = dict(zip(codes, parents, strict=True))
        services = sorted(set(nearest.values()))
        pairs = [(s, s) for s in services] + [(nearest.get(parent.get(s), NO_SERVICE), s)
                                              for s in services]
    return pl.DataFrame(pairs, schema={dim: pl.String, "_cell": pl.String}, orient="row")


def service_of(units: pl.DataFrame) -> pl.DataFrame:
    """Frame of (unit, service): the nearest ancestor (or self) whose kind is 'service'."""
    kinds = dict(zip(units["code"].to_list(), units["kind"].to_list(), strict=True))
    anc = unit_ancestors(units).with_columns(
        pl.col("ancestor").replace_strict(kinds, default=None).alias("kind")
    )
    return (anc.filter(pl.col("kind") == "service").group_by("unit")
            .agg(pl.col("ancestor").first().alias("service")))


def age_years(birth: pl.Expr, at: pl.Expr) -> pl.Expr:
    """Whole years between `birth` and `at` (birthdays on 29 February count from 1 March)."""
    def md(d: pl.Expr) -> pl.Expr:
        return d.dt.month().cast(pl.Int32) * 100 + d.dt.day().cast(pl.Int32)

    before = md(at) < md(birth)
    return at.dt.year().cast(pl.Int32) - birth.dt.year().cast(pl.Int32) - before.cast(pl.Int32)


def band(years: pl.Expr, bands: Sequence[tuple[int, str]]) -> pl.Expr:
    """Label of the band whose lower bound is the largest not above `years`; null -> Not known.
    `years` is read once per band: pass a column, not a computation (see `banded`)."""
    out = pl.lit(NOT_KNOWN)
    for low, label in bands:
        out = pl.when(years >= low).then(pl.lit(label)).otherwise(out)
    return pl.when(years.is_null()).then(pl.lit(NOT_KNOWN)).otherwise(out)


def banded(frame: pl.DataFrame, years: pl.Expr, bands: Sequence[tuple[int, str]],
           name: str) -> pl.DataFrame:
    """`frame` with column `name`, the band of `years` (worked out once per row, not once
    per band)."""
    return frame.with_columns(years.alias("_band_years")).with_columns(
        band(pl.col("_band_years"), bands).alias(name)).drop("_band_years")


def _at(at: date | str) -> pl.Expr:
    return pl.col(at) if isinstance(at, str) else pl.lit(at, pl.Date)


def _people(ledger: Ledger) -> pl.DataFrame:
    """The person columns breakdowns read, with the ethnicity group (fixed for a person),
    built once per ledger."""
    from workforce.measures.cache import memo

    return memo(ledger, ("person_columns",), lambda: ledger.person.select(
        "staff_id", "sex", "ethnicity", "disability",
        pl.col("ethnicity").replace_strict(c.ETHNICITY_GROUP, default=NOT_KNOWN)
        .alias("ethnicity_group"),
        pl.col("birth_date").alias("_birth"), pl.col("qual_date").alias("_qual")))


def _person_columns(out: pl.DataFrame, ledger: Ledger, by: Sequence[str],
                    at: date | str) -> pl.DataFrame:
    out = out.join(_people(ledger), on="staff_id", how="left", suffix="_p")
    when = _at(at)
    # only what is asked for: these depend on the date, so cost a pass per row
    if "age_band" in by:
        out = banded(out, age_years(pl.col("_birth"), when), AGE_BANDS, "age_band")
    if "experience" in by:
        out = out.with_columns(((when - pl.col("_qual")).dt.total_days() / 365.25)
                               .alias("_years_qualified"))
    return out


def _experience(out: pl.DataFrame) -> pl.DataFrame:
    role = pl.col("org_role") if "org_role" in out.columns else pl.lit(None, pl.String)
    return out.with_columns(
        pl.when(role.is_in(["1", "2", "3", "4"])).then(pl.lit("Senior"))
        .when(pl.col("_years_qualified").is_null()).then(pl.lit(NOT_KNOWN))
        .when(pl.col("_years_qualified") < EXPERIENCE_NEW_YEARS)
        .then(pl.lit("Newly qualified"))
        .otherwise(pl.lit("Experienced")).alias("experience"))


def _service_band(out: pl.DataFrame, ledger: Ledger, at: date | str) -> pl.DataFrame:
    from workforce.measures.population import FAR, service_spans, service_start

    if "assignment_id" in out.columns:  # the spell each direct assignment belongs to
        out = out.join(service_spans(ledger), on="assignment_id", how="left").with_columns(
            pl.min_horizontal(_at(at), pl.col("_spell_end").fill_null(FAR)).alias("_to"))
        years = age_years(pl.col("_spell_start"), pl.col("_to"))
        return banded(out, years, SERVICE_BANDS, "service_band").drop(
            "_spell_start", "_spell_end", "_to")
    keyed = out.with_row_index("_row").with_columns(_at(at).alias("_at_s"))
    starts = service_start(ledger, keyed.select("_row", "staff_id", "_at_s"))
    keyed = keyed.join(starts, on="_row", how="left")
    years = age_years(pl.col("_service_start"), pl.col("_service_to"))
    return banded(keyed, years, SERVICE_BANDS, "service_band").drop(
        "_row", "_at_s", "_service_start", "_service_to")


def _units(out: pl.DataFrame, ledger: Ledger, by: Sequence[str], defer: bool = False
           ) -> pl.DataFrame:
    if "team" in by:
        out = out.with_columns(pl.col("unit").alias("team"))
    if "service" in by:
        out = out.join(service_of(ledger.unit), on="unit", how="left").with_columns(
            pl.col("service").fill_null(NO_SERVICE))
    if "unit" in by:
        out = out.rename({"unit": OWN_UNIT})
        out = out.with_columns(pl.lit(False).alias(PLACED)) if defer else rolled_up(out, ledger)
    return out


OWN_UNIT = "_own_unit"
"""The column `rolled_up` reads each record's own unit from."""


def roll_up_map(ledger: Ledger) -> pl.DataFrame:
    """(`OWN_UNIT`, unit): each unit with itself, every unit above it, and its residual cell
    when units lie below it; the cells a record of that unit is counted in. Built once per
    ledger."""
    from workforce.measures.cache import memo

    def build() -> pl.DataFrame:
        anc = unit_ancestors(ledger.unit)
        above = anc.filter(pl.col("unit") != pl.col("ancestor")).get_column("ancestor").unique()
        anc = pl.concat([anc, above.to_frame("unit").with_columns(
            (pl.col("unit") + RESIDUAL).alias("ancestor"))])
        return anc.rename({"unit": OWN_UNIT, "ancestor": "unit"})

    return memo(ledger, ("unit roll-up",), build)


PLACED = "_placed"
"""Records by unit whose roll-up is deferred (`attach(..., defer=True)`) have no `unit`
column but `OWN_UNIT` and this flag: False on a row whose `OWN_UNIT` is its own unit, which
stands for the row in every cell it is counted in (`roll_up_map`), True on a row already
placed in the one cell `OWN_UNIT` names. Only `deferred_group` and the aggregators that
call it read them (a group-by on `unit` fails on them rather than giving each unit's own
records alone)."""


ONE_UNIT = "_one_unit"
"""An optional boolean column of records whose roll-up is deferred: True on a waiting row
whose key (the person, say) is known to be in no other own unit in its window and the other
breakdowns' cell (their only assignment at the date, say), so that `deferred_group` need not
look for it in two units at once; False (or no column) when it may be."""


def deferred(by: Sequence[str]) -> list[str]:
    """`by` as the columns of records whose roll-up is deferred (`unit` as `OWN_UNIT`)."""
    return [OWN_UNIT if b == "unit" else b for b in by]


def is_deferred(records: pl.DataFrame, by: Sequence[str]) -> bool:
    """Whether `records`, asked by `by`, are records whose roll-up is deferred."""
    return "unit" in by and PLACED in records.columns


_CODED = (pl.String, pl.Categorical, pl.Enum, pl.Boolean)


def in_two(frame: pl.DataFrame, value: str, keys: Sequence[str]) -> pl.Series:
    """Per row of `frame`: whether its group by `keys` (a window and a person, say) holds
    more than one distinct `value` (own unit), as `pl.col(value).n_unique().over(keys) > 1`
    gives it (nulls a value and a key like any other), but quicker on its own (ADR 4's tenth
    look): the keys are coded as integers (text by its categorical code, an integer less its
    least) and packed into one, as a window function over several text columns hashes each
    row's text. Falls back to the plain window function for other types of key (UInt64
    included: it may not fit an Int64), or where the packed key could exceed 63 bits."""
    cols = [*keys, value]
    if not keys or frame.height == 0 or any(
            not (frame.schema[k] in _CODED
                 or (frame.schema[k].is_integer() and frame.schema[k] != pl.UInt64))
            for k in cols):
        return frame.select((pl.col(value).n_unique().over(keys) > 1).alias("_twice")
                            ).to_series()
    coded = frame.select(_code(pl.col(k), frame.schema[k]).alias(k) for k in cols)
    tops = coded.select(pl.all().max()).row(0)
    spans = [(0 if t is None else int(t)) + 2 for t in tops]  # codes 0..t, and t + 1 for null
    width = 1
    for s in spans[:-1]:
        width *= s
    if width >= 2 ** 63:
        return frame.select((pl.col(value).n_unique().over(keys) > 1).alias("_twice")
                            ).to_series()
    filled = [pl.col(k).fill_null(s - 1) for k, s in zip(cols, spans, strict=True)]
    key = filled[0]
    for e, s in zip(filled[1:-1], spans[1:-1], strict=True):
        key = key * s + e
    return coded.select((filled[-1].n_unique().over(key) > 1).alias("_twice")).to_series()


def _code(col: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """`col` as a non-negative integer code (UInt64), one per distinct value, null kept."""
    if dtype == pl.String:
        col = col.cast(pl.Categorical).to_physical()
    elif dtype in (pl.Categorical, pl.Enum):
        col = col.to_physical()
    elif dtype.is_integer():
        col = col.cast(pl.Int64) - col.cast(pl.Int64).min()
    return col.cast(pl.UInt64)


def deferred_group(records: pl.DataFrame, ledger: Ledger, keys: Sequence[str],
                   aggs: Sequence[pl.Expr], distinct: Sequence[str] = (),
                   maxima: Sequence[str] = ()) -> pl.DataFrame:
    """`records.group_by(keys).agg(aggs)` for records whose roll-up by unit is deferred
    (`PLACED`), as if each row waiting for it were repeated in every cell it is counted in,
    without repeating them: the waiting rows are aggregated in their own unit, and those
    results rolled up, cell by cell. So `aggs` must give figures that add up over rows of
    different people (sums, counts, distinct counts of the columns named in `distinct`) or,
    for the columns named in `maxima`, that are a maximum. A value of a `distinct` column
    (a person) in two units at once, in a window and the other keys' cell, or on a placed
    row too, would be counted twice: its waiting rows are placed in every cell first (only
    those not known to be in one unit, `ONE_UNIT`, are looked at)."""
    own = deferred(keys)
    if not distinct:  # placed rows are in their cell already: one group-by for both
        both = records.lazy().group_by([*own, PLACED]).agg(aggs).collect()
        return _rolled_with(both.filter(~pl.col(PLACED)).drop(PLACED),
                            both.filter(pl.col(PLACED)).drop(PLACED).rename(
                                {OWN_UNIT: "unit"}), ledger, keys, maxima)
    others = [k for k in keys if k != "unit"]
    waiting = records.filter(~pl.col(PLACED))
    placed = records.filter(pl.col(PLACED)).rename({OWN_UNIT: "unit"})
    sure = None
    if ONE_UNIT in waiting.columns:  # only the others can be in two units at once
        sure, waiting = waiting.filter(pl.col(ONE_UNIT)), waiting.filter(~pl.col(ONE_UNIT))
    twice: list[pl.Expr | pl.Series] = [in_two(waiting, OWN_UNIT, [*others, col])
                                        for col in distinct]
    for col in distinct if placed.height else ():
        seen = placed.select(*others, col).unique().with_columns(pl.lit(True).alias("_seen"))
        waiting = waiting.join(seen, on=[*others, col], how="left", nulls_equal=True,
                               maintain_order="left").rename({"_seen": f"_seen_{col}"})
        twice.append(pl.col(f"_seen_{col}").fill_null(False))
    waiting = waiting.with_columns(pl.any_horizontal(twice).alias("_twice"))
    moving = waiting.filter(pl.col("_twice"))
    if moving.height:
        placed = pl.concat([placed, rolled_up(moving, ledger).drop(OWN_UNIT)],
                           how="diagonal_relaxed")
        waiting = waiting.filter(~pl.col("_twice"))
    if sure is not None:
        waiting = pl.concat([sure, waiting.select(sure.columns)])
    return _rolled_with(waiting.group_by(own).agg(aggs),
                        placed.group_by(list(keys)).agg(aggs), ledger, keys, maxima)


def _rolled_with(parts: pl.DataFrame, more: pl.DataFrame, ledger: Ledger,
                 keys: Sequence[str], maxima: Sequence[str]) -> pl.DataFrame:
    """`parts`, figures of own units (`OWN_UNIT`), rolled up to every cell they count in,
    with `more`, figures already in their cells (`unit`), added cell by cell (summed, or
    the largest of the columns in `maxima`)."""
    own = deferred(keys)
    figures = [c for c in parts.columns if c not in own]
    roll = [pl.col(c).max() if c in maxima else pl.col(c).sum() for c in figures]
    return summed_up(parts, ledger, keys, roll, more)


def summed_up(parts: pl.DataFrame, ledger: Ledger, keys: Sequence[str],
              roll: Sequence[pl.Expr], more: pl.DataFrame | None = None) -> pl.DataFrame:
    """`parts`, one row of figures per own unit (`OWN_UNIT`) and the other `keys`, rolled up
    to every cell of the `unit` breakdown they count in (`roll_up_map`), as
    `rolled_up(parts).group_by(keys).agg(roll)` gives it, with `more` (rows already in their
    cell, `unit`, with some or all of the figure columns) aggregated in too. `roll` must add
    up across rows (sums, or maxima) and name each figure column it aggregates.

    Taken level by level up the unit tree rather than by repeating each row once per cell:
    the units' rows are summed into their parents' cells, those sums into the grandparents',
    and so on, so that only the few cells of units with units below them are grouped (a
    row of no or an unknown unit, and a leaf's, is already its one cell; a parent's
    residual cell is its own row), and `more`'s rows only with the cells they fall in.
    About two and a half times quicker on a roll-up the size of the measures benchmark's
    tables by unit (80,000 rows); a unit tree with a cycle (which no valid ledger has) falls
    back to the repeated rows."""
    tree = _tree(ledger)
    if tree is None:
        rolled = rolled_up(parts, ledger).drop(OWN_UNIT)
        if more is not None and more.height:
            rolled = pl.concat([rolled, more], how="diagonal_relaxed")
        return rolled.group_by(list(keys)).agg(roll)
    parent, above, known = tree
    base = parts.rename({OWN_UNIT: "unit"})
    cols = [*keys, *(c for c in base.columns if c not in keys)]
    base = base.select(*(pl.col(c).cast(pl.String) if c == "unit" else pl.col(c)
                         for c in cols))
    inner = pl.col("unit").is_in(above.implode()).fill_null(False)
    sums, level = [], base
    while True:  # each level's rows, summed into their parents' cells
        level = level.lazy().with_columns(
            pl.col("unit").replace_strict(*parent, default=None, return_dtype=pl.String)
        ).filter(pl.col("unit").is_not_null()).group_by(list(keys)).agg(roll).select(
            cols).collect()
        if not level.height:
            break
        sums.append(level)
    # a unit with units below it: its own rows, in its cell (when it is in the unit table,
    # as `roll_up_map` has it) and its residual cell, with the sums of the units below
    inners = pl.concat([base.filter(inner & pl.col("unit").is_in(known.implode())), *sums],
                       how="vertical_relaxed").group_by(list(keys)).agg(roll).select(cols)
    out = pl.concat([base.filter(~inner), inners,
                     base.filter(inner).with_columns(pl.col("unit") + RESIDUAL)],
                    how="vertical_relaxed")
    if more is None or not more.height:
        return out
    # one row per cell above: `more`'s cells, with the rows of `out` they fall in, grouped
    extra = pl.concat([more.with_columns(pl.col("unit").cast(pl.String)), base.clear()],
                      how="diagonal_relaxed").group_by(list(keys)).agg(roll).select(cols)
    hit = out.join(extra.select(*keys, pl.lit(True).alias("_more")), on=list(keys),
                   how="left", nulls_equal=True).with_columns(pl.col("_more").fill_null(False))
    both = pl.concat([hit.filter(pl.col("_more")).drop("_more"), extra],
                     how="vertical_relaxed").group_by(list(keys)).agg(roll).select(cols)
    return pl.concat([hit.filter(~pl.col("_more")).drop("_more"), both],
                     how="vertical_relaxed")


def _tree(ledger: Ledger
          ) -> tuple[tuple[pl.Series, pl.Series], pl.Series, pl.Series] | None:
    """For `summed_up`, memoised: each unit and its parent (two series, as `replace_strict`
    reads them: given a dict, it made a series of it on every call, a millisecond each), the
    units with units below them (as parents name them), and those of them in the unit table;
    None when a unit is its own ancestor."""
    from workforce.measures.cache import memo

    def build() -> tuple[tuple[pl.Series, pl.Series], pl.Series, pl.Series] | None:
        codes, parents = ledger.unit["code"].to_list(), ledger.unit["parent"].to_list()
        parent = {c: p for c, p in zip(codes, parents, strict=True) if p is not None}
        for code in parent:
            seen, cur = {code}, parent.get(code)
            while cur is not None:
                if cur in seen:
                    return None
                seen.add(cur)
                cur = parent.get(cur)
        above = sorted(set(parent.values()))
        return ((pl.Series(list(parent), dtype=pl.String),
                 pl.Series(list(parent.values()), dtype=pl.String)),
                pl.Series("unit", above, pl.String),
                pl.Series("unit", sorted(set(above) & set(codes)), pl.String))

    return memo(ledger, ("unit tree",), build)


def placed_once(frame: pl.DataFrame, ledger: Ledger, cell: Sequence[str],
                settle: Callable[[pl.DataFrame, list[str]], pl.DataFrame],
                one_row_each: bool = False) -> pl.DataFrame:
    """`frame`, records whose roll-up is deferred, one row per own unit (`OWN_UNIT`) and
    `cell` (the other keys), with the rows of the cells that are in two units at once (a key
    on two teams' records in one window) placed in every cell they are counted in, and there
    `settle`d (given the placed rows and their cell's columns) to one row per cell (their
    largest figures, or any one row): in a service the two teams' rows are one key, which
    adding up their own units' figures would count twice. The others wait for the roll-up
    (`PLACED`). With `one_row_each` (`frame` holds one row per own unit and cell: a
    group-by's), a cell in two units is a cell on two rows, which is quicker to find than
    its distinct units."""
    two = (pl.struct(*cell).is_duplicated() if one_row_each and cell
           else in_two(frame, OWN_UNIT, cell))
    marked = frame.with_columns(two.alias("_twice"))
    waiting = marked.filter(~pl.col("_twice")).drop("_twice").with_columns(
        pl.lit(False).alias(PLACED))
    twice = marked.filter(pl.col("_twice")).drop("_twice", *([PLACED] if PLACED in
                                                             frame.columns else []))
    placed = settle(rolled_up(twice, ledger).drop(OWN_UNIT), ["unit", *cell])
    placed = placed.rename({"unit": OWN_UNIT}).with_columns(pl.lit(True).alias(PLACED))
    return pl.concat([waiting, placed.select(waiting.columns)], how="vertical_relaxed")


def rolled_up(out: pl.DataFrame, ledger: Ledger) -> pl.DataFrame:
    """`out`, whose rows hold their own unit in `OWN_UNIT`, repeated once per cell of the
    `unit` breakdown each is counted in (`roll_up_map`; a row of no or an unknown unit once,
    as it is)."""
    return out.join(roll_up_map(ledger), on=OWN_UNIT, how="left").with_columns(
        pl.col("unit").fill_null(pl.col(OWN_UNIT)))


def attach(records: pl.DataFrame, ledger: Ledger, by: Sequence[str],
           at: date | str, defer: bool = False) -> pl.DataFrame:
    """Return `records` with a column per dimension in `by` (records with `unit` are repeated
    once per ancestor unit when `unit` is asked for, and once more in their own unit's
    residual cell when units lie below it). Never mutates `records`. With `defer`, they are
    not repeated: each keeps its own unit, for an aggregator that rolls its figures up
    (`PLACED`, `deferred_group`)."""
    unknown = [b for b in by if b not in DIMENSIONS]
    if unknown:
        raise ValueError(f"Unknown breakdown(s) {unknown}; known: {', '.join(DIMENSIONS)}")
    out = records
    if any(b in (*PERSON_DIMENSIONS, "experience") for b in by):
        out = _person_columns(out, ledger, by, at)
    if "experience" in by:
        out = _experience(out)
    if "service_band" in by:
        out = _service_band(out, ledger, at)
    if "level" in by:
        out = out.with_columns(
            pl.when(pl.col("org_role").is_in(["1", "2", "3"])).then(pl.lit("Manager"))
            .otherwise(pl.lit("Practitioner")).alias("level"))
    out = out.with_columns(pl.col(d).fill_null(NOT_KNOWN) for d in FILLED
                           if d in by and d in out.columns)
    return _units(out, ledger, by, defer)
