"""Shared building blocks for the support, growth, exits, costs, profile and events measures.

A measure here builds *records*: one row per person (or per assignment, person-month, course
pair, event) with the assignment columns that breakdowns read (`staff_id`, `unit`,
`staff_group`, `org_role`, `grade`, `contract`) and two numbers, `num` and `den`. Then
`summarise` attaches the breakdown columns and aggregates. Because a person can hold two
assignments at once, records are de-duplicated per cell: someone in two teams counts once in
each team and once in the service above both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import polars as pl

from workforce.ledger import Ledger
from workforce.measures.aggregate import distinct, every_window, fewest_people, grouped
from workforce.measures.aggregate import keys as group_keys
from workforce.measures.cache import memo
from workforce.measures.dimensions import (
    DIMENSIONS,
    ONE_UNIT,
    OWN_UNIT,
    PERSON_DIMENSIONS,
    PLACED,
    attach,
    deferred,
    is_deferred,
    placed_once,
    ratio,
    total,
)
from workforce.measures.population import in_post, population, separate, spells, stock
from workforce.measures.staffing import wkey
from workforce.measures.windows import Window, add_months, month

ASSIGNMENT_COLUMNS = ("staff_id", "unit", "staff_group", "org_role", "grade", "contract")
FAR = date(9999, 12, 31)


def staff_at(ledger: Ledger, at: date, group: str | None = None,
             direct: bool | None = True) -> pl.DataFrame:
    """Assignments in post at `at` (all staff groups and directly employed by default):
    people whose last day is `at` are leavers, not in post (`population.in_post`)."""
    return in_post(ledger, at, group, direct)


def staff_series(ledger: Ledger, wins: pl.DataFrame) -> pl.DataFrame:
    """`staff_at` (directly employed, all staff groups) at every window's end at once: the
    window's columns with each assignment running on `w_end`, memoised per ledger and
    windows (the profile and training measures share it). As `population.stock`, someone
    whose last day in direct employment is the window's end is a leaver then, not in post."""
    return memo(ledger, ("staff_series", wkey(wins)),
                lambda: stock(population(ledger, None, True), wins, "w_end"))


def spell_starts(ledger: Ledger, at: date, group: str | None = None,
                  direct: bool | None = True) -> pl.DataFrame:
    """(staff_id, spell_start): the start of each person's continuous spell running at `at`."""
    s = memo(ledger, ("spells", group, direct), lambda: spells(population(ledger, group,
                                                                        direct)))
    running = (pl.col("spell_start") <= at) & (
        pl.col("spell_end").is_null() | (pl.col("spell_end") >= at))
    return s.filter(running).select("staff_id", "spell_start")


def employed_on(ledger: Ledger, dated: pl.DataFrame, on: str = "on") -> pl.DataFrame:
    """`dated` (staff_id, `on`, ...) with a boolean `employed`: directly employed on that day."""
    a = population(ledger, None, True).select("staff_id", "start_date", "end_date")
    hits = dated.select("staff_id", on).unique().join(a, on="staff_id").filter(
        (pl.col("start_date") <= pl.col(on))
        & (pl.col("end_date").is_null() | (pl.col("end_date") >= pl.col(on))))
    return dated.join(hits.select("staff_id", on).unique().with_columns(
        pl.lit(True).alias("employed")), on=["staff_id", on], how="left").with_columns(
        pl.col("employed").fill_null(False))


def assignment_on(ledger: Ledger, dated: pl.DataFrame, on: str = "on") -> pl.DataFrame:
    """Join `dated` (staff_id, `on`, ...) to the person's assignments running on that day; when
    none runs, to the nearest one (first after, else last before). People with no assignment
    at all keep a row with empty assignment columns."""
    cols = [c for c in ASSIGNMENT_COLUMNS if c != "staff_id"]
    a = ledger.assignment.select(*ASSIGNMENT_COLUMNS, pl.col("start_date").alias("_from"),
                                 pl.col("end_date").alias("_to"))
    j = dated.join(a, on="staff_id", how="left").with_columns(
        pl.when(pl.col("_from") > pl.col(on))
        .then((pl.col("_from") - pl.col(on)).dt.total_days())
        .when(pl.col("_to").fill_null(FAR) < pl.col(on))
        .then((pl.col(on) - pl.col("_to")).dt.total_days() + 100_000)
        .otherwise(0).alias("_gap"))
    best = pl.col("_gap") == pl.col("_gap").min().over(["staff_id", on])
    j = j.filter(best | pl.col("_gap").is_null())
    return j.select(*dated.columns, *cols)


def summarise(records: pl.DataFrame, ledger: Ledger, by: Sequence[str], wins: pl.DataFrame,
              keys: Sequence[str] = ("staff_id",), scale: float = 100.0,
              people: str | None = "staff_id", repeats: pl.Series | None = None
              ) -> pl.DataFrame:
    """For records of every window (`_w`, `w_end`): attach breakdowns (as at the window's
    end), keep one row per window, cell and key (largest `num` and `den`), then value =
    Σnum ÷ Σden × scale (None when Σden is 0). With no breakdown every window gets its row.
    `repeats`: see `per_key`."""
    return ratio(per_key(records, ledger, by, "w_end", _per_window(keys), defer=True,
                         repeats=repeats), by,
                 scale=scale, people=people, windows=wins, one_each=one_each(keys, people),
                 ledger=ledger)


def summed(records: pl.DataFrame, ledger: Ledger, by: Sequence[str], wins: pl.DataFrame,
           keys: Sequence[str] = ("staff_id",), people: str | None = "staff_id",
           repeats: pl.Series | None = None) -> pl.DataFrame:
    """As `summarise`, but value = Σnum (a count or sum)."""
    return total(per_key(records, ledger, by, "w_end", _per_window(keys), defer=True,
                         repeats=repeats), by,
                 people=people, windows=wins, one_each=one_each(keys, people), ledger=ledger)


def _per_window(keys: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(["_w", *keys]))


def one_each(keys: Sequence[str], people: str | None) -> bool:
    """Whether records kept one per window, cell and `keys` hold each person once per cell."""
    return people is not None and [k for k in keys if k != "_w"] == [people]


def per_key(records: pl.DataFrame, ledger: Ledger, by: Sequence[str], at: date | str,
            keys: Sequence[str], defer: bool = False, repeats: pl.Series | None = None
            ) -> pl.DataFrame:
    """Attach the breakdowns in `by` and keep one row per cell and key: the largest `num`
    and `den` (a person's own figures repeat on each of their assignment rows). With
    `defer`, by unit, the rows are kept per own unit for an aggregator to roll up
    (`dimensions.PLACED`), except a key's in two units at once (in a window and the other
    breakdowns' cell), which are placed in each cell with their largest figures there.

    `repeats`: for records one per window and assignment (a stock: `assignment_id`) whose
    keys are the window and the person or the assignment, the ids of the only assignments
    whose records can share a key with another record (`population.concurrent`). The other
    records are one per key already (so one per cell and key, and in no two units at
    once): they keep their row as it is, and only the rest are grouped, which in a stock
    is about one row in fifty. A frame of records is always given the same `repeats`
    (their split is memoised on it)."""
    if repeats is not None and "_w" in keys and _of_one(keys):
        # memoised, so that what `_person_later` keeps on the records to repeat is shared
        alone, again = memo(records, ("separated",), lambda: separate(records, repeats))
        done = per_key(again, ledger, by, at, keys, defer)
        alone = attach(alone, ledger, [b for b in by if b in DIMENSIONS], at, defer=defer)
        if PLACED in done.columns:  # their keys are in one unit: nothing to look for
            return pl.concat([alone.select(done.columns).with_columns(pl.lit(True).alias(
                ONE_UNIT)), done.with_columns(pl.lit(False).alias(ONE_UNIT))])
        return pl.concat([alone.select(done.columns), done])
    dims = [b for b in by if b in DIMENSIONS]  # others are the measure's own keys
    person = [b for b in dims if b in PERSON_DIMENSIONS]
    if defer and person and isinstance(at, str) and _of_one(keys):
        return _person_later(records, ledger, by, at, keys, person)
    out = attach(records, ledger, dims, at, defer=defer)
    aggs = [pl.col("num").max(), pl.col("den").max()]
    if "staff_id" not in keys and "staff_id" in out.columns:
        aggs.append(pl.col("staff_id").first())
    if not is_deferred(out, by):
        return out.group_by(list(dict.fromkeys([*by, *keys]))).agg(aggs)
    own = list(dict.fromkeys([*deferred(by), *keys]))
    return placed_once(out.group_by(own).agg(aggs), ledger, [k for k in own if k != OWN_UNIT],
                       lambda placed, cell: placed.group_by(cell).agg(aggs), one_row_each=True)


def _of_one(keys: Sequence[str]) -> bool:
    """Whether each key (with the window) is one person's: their characteristics at the
    window's end are the key's."""
    return bool({"staff_id", "assignment_id"} & set(keys))


def _person_later(records: pl.DataFrame, ledger: Ledger, by: Sequence[str], at: str,
                  keys: Sequence[str], person: Sequence[str]) -> pl.DataFrame:
    """`per_key` by `by` (deferred, by unit), where `by` holds a person's characteristics
    (`person`) and each key is one person's: the rows by the other breakdowns (memoised on
    `records`, so that the tables by each characteristic, with a unit or not, share them)
    with the characteristics attached as at the window's end. A person has one value of
    each at a date, so the keys of a cell, and those in two units at once, are the same
    with them or without."""
    rest = [b for b in by if b not in person]
    base = memo(records, ("per_key", tuple(rest), at, tuple(keys)), lambda: per_key(
        records.with_columns(pl.col(at).alias("_at")), ledger, [*rest, "_at"], at, keys,
        defer=True))
    out = attach(base, ledger, person, "_at")
    own = list(dict.fromkeys([*deferred(by), *keys]))
    return out.select(*own, "num", "den", *(["staff_id"] if "staff_id" not in own else []),
                      *([PLACED] if PLACED in out.columns else []))


def months_in(window: Window) -> list[Window]:
    """Calendar months whose last day falls inside the window (a month window is itself)."""
    out, first = [], date(window.start.year, window.start.month, 1)
    while first <= window.end:
        m = month(first.year, first.month)
        if window.start <= m.end <= window.end:
            out.append(m)
        first = add_months(first, 1)
    return out


def previous(window: Window) -> Window:
    """The period just before: the previous calendar months for a whole-month window, else the
    same number of days before."""
    months = months_in(window)
    whole = months and months[0].start == window.start and months[-1].end == window.end
    if whole:
        n = len(months)
        start = add_months(window.start, -n)
        return Window(start, window.start - timedelta(days=1))
    return Window(window.start - timedelta(days=window.days), window.start - timedelta(days=1))


NOT_KNOWN = "Not known"
UNKNOWN_CODES = {"sex": ("U",), "disability": ("U",)}
"""Codes that mean "not known": shown as the one "Not known" category in shares."""


def known_or_not(col: str) -> pl.Expr:
    """`col`, with a code that means "not known" or no value at all as "Not known"."""
    unknown = pl.col(col).is_in(UNKNOWN_CODES.get(col, ())) | pl.col(col).is_null()
    return pl.when(unknown).then(pl.lit(NOT_KNOWN)).otherwise(pl.col(col))


def shares(records: pl.DataFrame, ledger: Ledger, by: Sequence[str], at: date | str,
           categories: Mapping[str, Sequence[str]], key: str = "staff_id",
           people: str = "staff_id", windows: pl.DataFrame | None = None,
           repeats: pl.Series | None = None, hit: str = "hit",
           hits: Sequence[str] = ()) -> pl.DataFrame:
    """Category shares. Keys of `categories` found in `by` are the categories: each row's
    numerator counts distinct `key`s in the category, its denominator those in the group (the
    other keys), and every category listed (plus any seen) gets a row, 0 when empty, so shares
    sum to 100 and "Not known" always shows. With no category in `by`, the numerator counts
    the records whose boolean column `hit` is true. `people` is the people in the numerator
    (or in the group when the numerator is 0), since a small category identifies
    individuals; with no category it is the fewer of those in and those outside the share
    (7 women of 8 tells who the one man is). Records carrying a window index `_w` give every
    window's shares at once (`at` then names the date column, "w_end"); pass their `windows`
    so that, broken down by nothing but categories, a window with no records still gets its
    rows.
    `repeats`: when the key is the person, the records are one per window and assignment,
    and the categories and `hit` are the person's, the ids of the only assignments whose
    records can repeat a person (`concurrent`): those are de-duplicated, and every person
    is then counted, not de-duplicated again (distinct counts are the cost here).
    The counts are memoised on `records`, and with no category every column named in `hits`
    (other measures' headlines on the same records) is counted in the same pass as `hit`:
    measures that share a frame of records then share one pass over it."""
    cats = [b for b in by if b in categories]
    once = repeats is not None and key == people
    spec = (tuple(by), str(at), key, people, once, None if windows is None else wkey(windows))

    def recs() -> pl.DataFrame:
        return _share_records(records, ledger, by, at, categories, key, windows,
                              repeats if once else None)

    if cats:  # the shares of categories do not depend on `hit`
        return memo(records, ("category_shares", *spec, tuple(
            (c, tuple(categories[c])) for c in cats)), lambda: _category_shares(
            recs(), by, cats, categories, key, people, once, ledger))
    counted = list(dict.fromkeys([*hits, hit]))
    table = memo(records, ("hit_shares", *spec, tuple(counted)), lambda: _hit_shares(
        recs(), by, counted, key, people, once, ledger))
    return _finished(table.select(*group_keys(table, by), "denominator", "_group_people",
                                  pl.col(f"numerator:{hit}").alias("numerator"),
                                  pl.col(f"people:{hit}").alias("people")))


def _share_records(records: pl.DataFrame, ledger: Ledger, by: Sequence[str], at: date | str,
                   categories: Mapping[str, Sequence[str]], key: str,
                   windows: pl.DataFrame | None, repeats: pl.Series | None
                   ) -> pl.DataFrame:
    """`records` with their breakdowns, "Not known" categories, and with `repeats` (when
    people are counted once, see `shares`) the records of those assignments de-duplicated."""
    if windows is not None:
        records = every_window(records, windows, [b for b in by if b not in categories])
    out = attach(records, ledger, [b for b in by if b in DIMENSIONS], at, defer=True)
    out = out.with_columns(known_or_not(c).alias(c) for c in by if c in categories)
    if repeats is None:
        return out
    group = group_keys(out, deferred([b for b in by if b not in categories]))
    alone, again = separate(out, repeats)
    again = again.unique([*group, key], keep="any")
    if is_deferred(out, by):  # a key in two units at once: placed once in each cell
        again = placed_once(again, ledger, [*(g for g in group if g != OWN_UNIT), key],
                            lambda placed, cell: placed.unique(cell, keep="any"),
                            one_row_each=True)
    return pl.concat([alone, again])


def _hit_shares(out: pl.DataFrame, by: Sequence[str], hits: Sequence[str], key: str,
                people: str, once: bool, ledger: Ledger) -> pl.DataFrame:
    """Per group: denominator and `_group_people`, and for each of `hits` its numerator and
    people (the fewer of those in and those outside the share: 7 women of 8 tells who the
    one man is), as `numerator:<hit>` and `people:<hit>`."""
    group = group_keys(out, by)
    counts: list[tuple[pl.Expr | None, str | None, str | None]] = [
        (None, "denominator", "_group_people")]
    for h in hits:
        counts += [(pl.col(h), f"numerator:{h}", f"people:{h}"),
                   (~pl.col(h), None, f"_miss:{h}")]
    res = _counts(out, group, key, people, counts, once, ledger)
    return res.with_columns(
        fewest_people([pl.col(f"people:{h}"), pl.col(f"_miss:{h}")]).alias(f"people:{h}")
        for h in hits).drop([f"_miss:{h}" for h in hits])


def _category_shares(out: pl.DataFrame, by: Sequence[str], cats: Sequence[str],
                     categories: Mapping[str, Sequence[str]], key: str, people: str,
                     once: bool, ledger: Ledger) -> pl.DataFrame:
    group = group_keys(out, [b for b in by if b not in cats])
    grid = _count(out, group, key, people, "denominator", "_group_people", once, ledger)
    for c in cats:
        seen = out[c].drop_nulls().unique().to_list()
        values = list(dict.fromkeys([*categories[c], *sorted(seen)]))
        grid = grid.join(pl.DataFrame({c: values}, schema={c: pl.String}), how="cross")
    hit = _count(out, [*group, *cats], key, people, "numerator", "people", once, ledger)
    res = grid.join(hit, on=[*group, *cats], how="left", nulls_equal=True)
    # the people outside a category count too: 7 women of 8 tells who the one man is
    outside = (pl.col("_group_people") - pl.col("people")).clip(lower_bound=0)
    return _finished(res.with_columns(
        pl.when(pl.col("people") > 0).then(fewest_people([pl.col("people"), outside]))
        .otherwise(pl.col("people")).alias("people")))


def _finished(res: pl.DataFrame) -> pl.DataFrame:
    """Empty categories count 0; `people` falls back to the group's; value = share %."""
    res = res.with_columns(pl.col("numerator").fill_null(0.0), pl.col("people").fill_null(0))
    return res.with_columns(
        pl.when(pl.col("people") > 0).then(pl.col("people")).otherwise(pl.col("_group_people"))
        .alias("people"),
        pl.when(pl.col("denominator") > 0)
        .then(pl.col("numerator") / pl.col("denominator") * 100).otherwise(None).alias("value"),
    ).drop("_group_people")


def _counts(frame: pl.DataFrame, group: Sequence[str], key: str, people: str,
            counts: Sequence[tuple[pl.Expr | None, str | None, str | None]],
            once: bool = False, ledger: Ledger | None = None) -> pl.DataFrame:
    """Per group, for each (rows, name, people_name) of `counts`: distinct non-null `key`s
    (a float, as `name`) and `people` (as `people_name`) among `rows` (None: all rows).
    When the key is the person, each is counted once (distinct counts are the cost here);
    with `once` the rows hold each key once per group already, so they are counted.
    Records by unit whose roll-up is deferred are rolled up (`aggregate.grouped`)."""
    def among(col: str, rows: pl.Expr | None) -> pl.Expr:
        return distinct(pl.col(col), once, rows)

    aggs, derived = [], []
    for rows, name, people_name in counts:
        if name:
            aggs.append(among(key, rows).cast(pl.Float64).alias(name))
        if people_name and name and people == key:
            derived.append(pl.col(name).cast(pl.Int64).alias(people_name))
        elif people_name:
            aggs.append(among(people, rows).cast(pl.Int64).alias(people_name))
    # with `once`, a key in two units at once is placed in each cell already (`placed_once`
    # in `_share_records`): nothing to look for, the counts add up over units
    out = grouped(frame, group, aggs, ledger,
                  [] if once else list(dict.fromkeys([key, people])))
    return out.with_columns(derived)


def _count(frame: pl.DataFrame, group: Sequence[str], key: str, people: str, name: str,
           people_name: str, once: bool = False, ledger: Ledger | None = None
           ) -> pl.DataFrame:
    return _counts(frame, group, key, people, [(None, name, people_name)], once, ledger)
