"""Run measures for organisations, windows and breakdowns, in the one stable result shape.

Every output (web, reports, CLI, API) reads rows of:
    id, organisation, start, end, <breakdown keys>, numerator, denominator, value, suppressed
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import cache
from workforce.measures.dimensions import parents_of, unit_cells
from workforce.measures.records import known_or_not, previous
from workforce.measures.registry import (
    Headline,
    Measure,
    all_measures,
    get,
    hiding,
    parts_group,
    shown_units,
)
from workforce.measures.suppression import DEFAULT_THRESHOLD, FIGURES, suppress
from workforce.measures.windows import Window


def run(
    ledger: Ledger,
    measure_ids: Iterable[str] | None = None,
    windows: Sequence[Window] = (),
    by: Sequence[str] = (),
    threshold: int | None = DEFAULT_THRESHOLD,
    organisations: Sequence[str] | None = None,
    frugal: bool = False,
    workers: int | None = None,
) -> pl.DataFrame:
    """Compute measures for each organisation and window. A measure that cannot be broken
    down by `by` is skipped when several measures are asked for, and raises when one is.
    Measures with a series function compute all windows in one pass (`Measure.many`).
    `threshold=None` returns unsuppressed figures (for person-level users and tests).

    Intermediate frames (stocks, spells, populations) are memoised on the ledger and shared
    by the measures that need them. `frugal=True` (for large batch runs: the whole registry
    over a long series) runs the measures family by family and forgets a family's
    intermediates when it is done, trading a little recomputation for a much lower peak of
    memory. Either way an organisation's intermediates are forgotten once its measures are
    done (the web keeps results, not intermediates: see `workforce_web.measures_cache`).

    `workers` families are computed at once (default: `LANES`, 2, for a frugal run, else
    1; the web asks for 2, which a single family runs in one): polars releases
    the interpreter while it computes, and one family's Python-side work fills the gaps in
    the other's, so two lanes use two cores far better than one. Rows are the same either
    way (only the order floats are added in can differ, in the last digit). A window given
    twice is computed once, and has its rows once."""
    registry = all_measures()
    # a period asked for twice is one window (whatever its labels: rows are keyed by start
    # and end): as two, its cells were two rows in one table to suppress, each hidden or
    # shown on its own (a page read whichever came last)
    windows = list({(w.start, w.end): w for w in windows}.values())
    ids = list(measure_ids) if measure_ids else list(registry)
    chosen = [registry[i] if i in registry else get(i) for i in ids]
    frames = []
    asked = {m.id: i for i, m in enumerate(chosen)}
    wanted = [m for m in chosen
              if windows and not (len(chosen) > 1 and any(b not in m.breakdowns for b in by))]
    # families together, so that a frugal run can forget each family's intermediates when
    # it is done; the largest families first, so that parallel lanes end together
    lanes = workers or (LANES if frugal else 1)
    families: dict[str, list[Measure]] = {}
    for m in wanted:
        families.setdefault(m.family if frugal or lanes > 1 else "", []).append(m)
    groups = sorted(families.values(), key=len, reverse=True)
    lanes = min(lanes, len(groups)) or 1
    for org in organisations or ledger.organisations:
        org_ledger = ledger.for_organisation(org)

        def family(ms: list[Measure], org_ledger: Ledger = org_ledger
                   ) -> list[tuple[int, pl.DataFrame]]:
            name = object()  # this family's lane, while it runs
            with cache.lane(name):
                out = [(asked[m.id], _one(m, org_ledger, windows, by, threshold)) for m in ms]
            if frugal:  # what the family derived, unless a family running beside it uses it
                cache.forget(org_ledger, keep=_shared, lane=name)
            return out

        if lanes > 1:
            with ThreadPoolExecutor(lanes, thread_name_prefix="measures") as pool:
                done = [pair for part in pool.map(family, groups) for pair in part]
        else:
            done = [pair for ms in groups for pair in family(ms)]
        cache.forget(org_ledger)  # nothing more is asked of it: its stocks go before the rows
        frames += [(chosen[i].id, org, f) for i, f in sorted(done, key=lambda pair: pair[0])]
    if not frames:
        return _empty(by)
    # the measure and organisation columns only now, when the intermediates are gone (they
    # are as large as the figures, and results pile up while the stocks are still held)
    out = pl.concat([f.with_columns(pl.lit(mid).alias("id"), pl.lit(org).alias("organisation"))
                     for mid, org, f in frames], how="vertical_relaxed")
    return out.select(["id", "organisation", "start", "end", *by, "numerator", "denominator",
                       "value", "suppressed", "people"])


LANES = 2
"""Families a frugal run computes at once (the machine the speed goal is set on has 2 cores)."""

SHARED = ("population", "spells", "stock", "heads", "vacancies", "posts_at", "staff_series")
"""Intermediates that several families build on (in-post stocks above all): a frugal run keeps
them from one family to the next, and forgets only what was derived from them."""

AT_END = ("stock", "heads")
"""Of these, only the stocks at the windows' ends are shared: those at their starts or a year
before serve the stability family alone, and would be held to the end of the run for
nothing."""
AT = 3
"""Where a stock's key (`staffing.stock`, `staffing.headcount`: name, group, direct, at,
windows) holds the date column it is taken at."""


TABLES = ("suppressed", "linked")
"""Memo keys of a measure's suppressed tables (`_tables`, `_linked_tables`): a frugal run
keeps those of the measures others are hidden with (`_sources`) from one family to the next,
as each family that shows a rate over the FTE in post would make the FTE in post's tables
again (they are the size of a result, far smaller than the stocks they are made from). The
headcount's tables by a unit and a characteristic, made for the headline shares, are not
among them (`_headline_cells`): they serve their own family, and are as large as a stock."""


def _shared(key: object) -> bool:
    if not (isinstance(key, tuple) and key):
        return False
    if key[0] in TABLES:
        return len(key) > 1 and key[1] in _sources()
    return key[0] in SHARED and (key[0] not in AT_END or (len(key) > AT and key[AT] == "w_end"))


@functools.cache
def _sources() -> frozenset[str]:
    """The measures others are hidden with: those named by `registry.hidden_with`, the bases
    of headline shares and the wholes of parts."""
    found = set()
    for m in all_measures().values():
        found |= {other for other, _ in hiding(m.id)}
        if m.headline is not None:
            found.add(m.headline.base)
        group = parts_group(m.id)
        if group is not None:
            found.add(group[0])
    return frozenset(found)


def _shown(m: Measure, ledger: Ledger, windows: Sequence[Window], by: Sequence[str],
           threshold: int | None) -> pl.DataFrame:
    """One measure's result for one organisation with `suppressed` (each result is done on
    its own: smaller groups, and grouped by window and breakdowns only, before the measure and
    organisation are added as columns). Along `unit`, the units' residual cells are
    suppressed with them, then dropped (`suppression.py`). A table by several breakdowns is
    suppressed with the tables by one breakdown fewer (`_protected`), which are shown too.
    Suppression looks across measures only where pages and reports show measures that add up
    to one another beside each other (`_linked`)."""
    if threshold is None:
        return m.many(ledger, windows, by).with_columns(pl.lit(False).alias("suppressed"))
    parents = (cache.memo(ledger, ("unit parents",), lambda: parents_of(ledger.unit))
               if any(b in UNIT_LIKE for b in by) else None)
    return shown_units(_linked(m, ledger, windows, tuple(by), threshold, parents), by)


def _linked(m: Measure, ledger: Ledger, windows: Sequence[Window], by: tuple[str, ...],
            threshold: int, parents: pl.DataFrame | None) -> pl.DataFrame:
    """`m` by `by`, suppressed (with residual cells), knowing the measures it adds up with:

    - a headline share (`Headline`: M37, M37a, M38, M38a, M39, M41) is the count of staff in
      some categories of a characteristic out of the headcount, whose cells by that
      characteristic (M45a) pages and reports show beside it: it is hidden where they hide
      one of its categories' cells or the headcount itself (`_headline_cells`), or 75 in
      post, 59 not disabled and 16% not known would tell 4 disabled;
    - parts of a whole (`registry.parts_of`: M18a and M18b of M17; the six length-of-service
      shares M05a-M05f of the headcount): suppressed as one table broken down by part
      (`_Stacked`), so that where one is hidden at least two are, of at least `threshold`
      people together, and all where the whole is hidden, or the whole less the parts
      shown would tell the hidden one.

    A headline's cells hidden so are hidden in its own suppression (`suppress(forced=...)`),
    which then hides their complements as for any other, so that its own table does not
    tell them either; parts find their complements in the one stacked table. So are the
    cells of a measure hidden with others (`registry.hidden_with`: M06a wherever M07a is
    hidden, `_partner_cells`)."""
    group = parts_group(m.id)
    if group is not None and m.id in group[1] and all(
            b in get(mid).breakdowns for mid in _members(group) for b in by):
        # a whole hidden with others (the sickness absence rate, M17, whose denominator is
        # the FTE in post's): its linked tables are the stacked table's coarser ones, so
        # its parts are hidden wherever it is
        whole = get(group[0])
        linked = (_linked_tables(whole, ledger, windows, by, threshold, parents)
                  if whole.headline is not None or hiding(whole.id) else {})
        key = ("parts", group, by, _window_key(windows), threshold)
        stacked = cache.memo(ledger, key, lambda: _protected(
            _Stacked(*group), ledger, windows, (*by, PART), threshold, parents,
            dict(linked)))
        return stacked.filter(pl.col(PART) == m.id).drop(PART)
    if m.headline is None and not hiding(m.id):
        return _protected(m, ledger, windows, by, threshold, parents,
                          _tables(m, ledger, windows, threshold))
    return _linked_tables(m, ledger, windows, by, threshold, parents)[by]


def _linked_tables(m: Measure, ledger: Ledger, windows: Sequence[Window],
                   by: tuple[str, ...], threshold: int, parents: pl.DataFrame | None
                   ) -> dict[tuple[str, ...], pl.DataFrame]:
    """`_forced_tables`' tables of `m` (by `by` and the breakdowns it is suppressed with),
    each made once and kept with the ledger's intermediates: one collection per measure,
    whatever breakdowns are asked for, so that a rate's table by unit, made for its table by
    team, serves the measures hidden with it by unit. A lane asking for the tables by `by`
    while another lane makes them waits for them (`cache.memo` of the build); a table goes
    into the collection only once it is final, and is never taken out."""
    key = (m.id, _window_key(windows), threshold)
    done: dict[tuple[str, ...], pl.DataFrame] = cache.memo(ledger, ("linked", *key), dict)
    if by not in done:
        cache.memo(ledger, ("linked by", by, *key),
                   lambda: _forced_tables(m, ledger, windows, by, threshold, parents, done))
    if by not in done:  # made by a lane whose collection was forgotten meanwhile: again
        _forced_tables(m, ledger, windows, by, threshold, parents, done)
    return done


def _tables(m: Measure, ledger: Ledger, windows: Sequence[Window], threshold: int
            ) -> dict[tuple[str, ...], pl.DataFrame]:
    """The suppressed tables of `m` worked out so far (`_protected`'s `done`), by
    breakdowns, kept with the ledger's intermediates: the tables by unit its tables by team
    are taken from, and the headcount's tables by one breakdown made to link the headline
    shares to it (`_headline_cells`; those by several are `_wide_tables`)."""
    return cache.memo(ledger, ("suppressed", m.id, _window_key(windows), threshold), dict)


def _wide_tables(m: Measure, ledger: Ledger, windows: Sequence[Window], threshold: int
                 ) -> dict[tuple[str, ...], pl.DataFrame]:
    """`_tables` of `m` for the headline shares' tables by a unit and a characteristic: a
    collection of its own (its key is not among `TABLES`, so a frugal run forgets it with
    the family), which starts from the tables made so far; the same tables, as suppression
    of a table depends only on its breakdowns."""
    return cache.memo(ledger, ("suppressed wide", m.id, _window_key(windows), threshold),
                      lambda: dict(_tables(m, ledger, windows, threshold)))


def _forced_tables(m: Measure, ledger: Ledger, windows: Sequence[Window],
                   by: tuple[str, ...], threshold: int, parents: pl.DataFrame | None,
                   done: dict[tuple[str, ...], pl.DataFrame]) -> None:
    """A headline share, or a measure hidden with others, by `by` with its cells hidden
    where the headcount or those others tell them (`_forced_cells`), and so every table
    it is suppressed with, coarser first, so that the coarser tables agree with the same
    measure asked for by fewer breakdowns (else a unit's cells by role group would add up
    to the unit's figure hidden by unit). Tables by team are the linked table by unit's
    cells (`_teams`), as for any measure.

    A table by service hides what this linked table by unit hides (`_agreeing`; by unit is
    made first), and, as before, what the table by unit made without the headline's cells
    hides. With the latter alone, "(no service)" was shown beside services hidden by unit
    for the headcount: it goes with every service that lies in none, and its own headline
    cells come from the headcount by service, which has no cell for a category nobody in no
    service is in (0 disabled of 8 in no service was shown beside three services hidden by
    unit). The tables go in `done`, with those made before (by other breakdowns)."""
    variants = {v for v in (by, _as_units(by, "team"), _as_units(by, "service"))
                if len(set(v)) == len(v)}  # by unit and team: not by unit and unit
    subsets = {by} | {sub for v in variants for n in range(1, len(v) + 1)
                      for sub in itertools.combinations(v, n)}
    for sub in sorted(subsets, key=lambda s: (len(s), "team" in s, "service" in s, s)):
        if sub in done:  # by unit before by team or by service
            continue
        if "team" in sub and "unit" not in sub:  # from the linked table by unit
            _protected(m, ledger, windows, sub, threshold, parents, done)
            continue
        forced = _forced_cells(m, ledger, windows, sub, threshold, parents)
        table = _protected(m, ledger, windows, sub, threshold, parents, done, forced)
        if "service" in sub and "unit" not in sub:
            units = _as_units(sub, "service")
            plain = {k: v for k, v in list(done.items()) if k not in (sub, units)}
            table = _agreeing(table, "service", _protected(
                m, ledger, windows, units, threshold, parents, plain), ledger)
        done[sub] = table  # final only now: another lane may read the collection


def _members(group: tuple[str, tuple[str, ...]]) -> list[str]:
    total, parts = group
    return [total, *parts]


def _forced_cells(m: Measure, ledger: Ledger, windows: Sequence[Window],
                  by: tuple[str, ...], threshold: int, parents: pl.DataFrame | None
                  ) -> list[pl.DataFrame] | None:
    """The cells of `m` by `by` to hide whatever their people: a headline's
    (`_headline_cells`) and those the measures it is hidden with hide (`_partner_cells`).
    None when there are none to compare with."""
    found = (None if m.headline is None else _headline_cells(
        m.headline, ledger, windows, by, threshold, parents)) or []
    for other, before in hiding(m.id):
        found += _partner_cells(get(other), ledger, windows, by, threshold, parents,
                                before) or []
    return found or None


def _partner_cells(other: Measure, ledger: Ledger, windows: Sequence[Window],
                   by: tuple[str, ...], threshold: int, parents: pl.DataFrame | None,
                   before: bool = False) -> list[pl.DataFrame] | None:
    """The cells `other` hides by `by` (its own suppressed table as pages show it, made once
    and kept with its others, `_linked`: a plain measure's, a whole's such as the headcount,
    or that of a measure hidden with others in turn: M06a with M06b with M06c and M45),
    keyed as `_headline_cells`'s; with `before`, those it hides in the period before each
    window, keyed by the window. None when `other` cannot be broken down so."""
    if any(b not in other.breakdowns for b in by):
        return None
    earlier = [previous(w) for w in windows] if before else list(windows)
    asked = list(dict.fromkeys(earlier)) if before else earlier
    table = _linked(other, ledger, asked, by, threshold, parents)
    hidden = table.filter(pl.col("suppressed"))
    if before:  # the period before's cells as the window's
        shift = pl.DataFrame({"start": [w.start for w in earlier],
                              "end": [w.end for w in earlier],
                              "_start": [w.start for w in windows],
                              "_end": [w.end for w in windows]})
        hidden = hidden.join(shift.cast({"start": hidden.schema["start"],
                                         "end": hidden.schema["end"]}),
                             on=["start", "end"]).drop("start", "end").rename(
            {"_start": "start", "_end": "end"})
    return [hidden.select("start", "end", *(pl.col(k).cast(pl.String) for k in by))]


def _headline_cells(h: Headline, ledger: Ledger, windows: Sequence[Window],
                    by: tuple[str, ...], threshold: int, parents: pl.DataFrame | None
                    ) -> list[pl.DataFrame] | None:
    """The cells of a headline share to hide, as frames keyed by start, end and some of
    `by` (`suppress(forced=...)`): where the headcount by the
    same breakdowns and the characteristic, or any table it was suppressed with (by fewer of
    them, the characteristic kept or not), hides a cell of one of the headline's categories
    or the headcount of the cell. Where none is hidden, the hidden cells of a group are all
    outside the headline, two at least (a group shown in full beside its total hides two
    cells or none), so the share tells only their sum. A sum of categories (`Headline.summed`:
    the FTE on other direct contracts) is hidden where the hidden cells of its cell by the
    characteristic are some in its categories and some not, as it would split their sum
    (all in, its figure less those shown is their sum, which the total less all shown
    tells anyway; all out, it tells none of them: a reviewer found one fixed-term person's
    FTE told when apprentices and casual staff, hidden with it, were 6 people), or the
    base's cell is hidden. None when the headcount cannot be broken down so (nothing to
    compare)."""
    counts = get(h.base)
    full = (*by, *(o for o in h.over if o not in by), h.dim)
    if h.dim in by or any(b not in counts.breakdowns for b in full):
        return None
    done = _wide_tables(counts, ledger, windows, threshold)
    _protected(counts, ledger, windows, full, threshold, parents, done)
    kept = _tables(counts, ledger, windows, threshold)
    for keys, table in list(done.items()):  # those by one breakdown serve other families
        if len(keys) <= 1:
            kept.setdefault(keys, table)
    category = known_or_not(h.dim).is_in(list(h.values))
    marked = []
    for keys, cells in list(done.items()):
        if not set(keys) <= set(full):
            continue
        on = [k for k in keys if k in by]
        if h.summed and h.dim in keys:  # a sum: where it splits its cell's hidden categories
            cell = ["start", "end", *(k for k in keys if k != h.dim)]
            hidden = cells.filter(pl.col("suppressed")).group_by(cell).agg(
                category.any().alias("_in"), (~category).any().alias("_out")).filter(
                pl.col("_in") & pl.col("_out"))
        else:
            hit = pl.col("suppressed") & (category if h.dim in keys else pl.lit(True))
            hidden = cells.filter(hit)
        marked.append(hidden.select("start", "end", *(pl.col(k).cast(pl.String) for k in on)))
    return marked


PART = "_part"
"""The breakdown a group's parts are stacked along (`_Stacked`): the part's measure id."""


@dataclass(frozen=True)
class _Stacked:
    """A group's parts (`registry.parts_of`) as one measure broken down by `PART` too: by
    `PART`, each part's rows; without it, the whole's. Suppressed as one table
    (`_protected`), a hidden part has complements among the other parts of its cell (at least
    two hidden, of at least the threshold's people, as along any breakdown), the whole's
    cells hidden hide all their parts (a coarser cell), and each part's units protect each
    other as in the part's own table, all in one fixed point."""

    total: str
    parts: tuple[str, ...]
    id: str = "parts"
    tags: tuple[str, ...] = ()

    def many(self, ledger: Ledger, windows: Sequence[Window], by: Sequence[str] = (),
             residuals: bool = False) -> pl.DataFrame:
        if PART not in by:
            return get(self.total).many(ledger, windows, by, residuals)
        rest = [b for b in by if b != PART]
        frames = [get(mid).many(ledger, windows, rest, residuals)
                  .with_columns(pl.lit(mid).alias(PART)) for mid in self.parts]
        return pl.concat(frames, how="vertical_relaxed").select(
            "start", "end", *by, *(c for c in frames[0].columns
                                   if c not in ("start", "end", *by)))


def _window_key(windows: Sequence[Window]) -> tuple:
    return tuple((w.start, w.end) for w in windows)


def _protected(m: Measure | _Stacked, ledger: Ledger, windows: Sequence[Window],
               by: tuple[str, ...],
               threshold: int, parents: pl.DataFrame | None,
               done: dict[tuple[str, ...], pl.DataFrame],
               forced: list[pl.DataFrame] | None = None) -> pl.DataFrame:
    """The measure by `by`, suppressed knowing the tables by each `by` less one breakdown
    (themselves so suppressed, each worked out once: `done`), with residual cells along
    `unit`. Without them a team hidden by unit would be its cells by unit and role group
    added up, and a cell that is a team's only one, hidden as a complement, would still be
    the team's figure. `forced`: cells of this table to hide whatever their
    people (`_linked`); the table so made is not kept in `done`, the coarser ones are."""
    if forced is not None:  # tables by team come from the table by unit (`_forced_tables`)
        if "team" in by and "unit" not in by:
            raise ValueError("cells to hide are given for the table by unit, not by team")
        mine = {k: v for k, v in list(done.items()) if k != by}  # a copy at once
        return _suppressed(m, ledger, windows, by, threshold, parents, mine, forced)
    if by not in done:
        if "team" in by and "unit" not in by:  # the table by unit's own cells: see `_teams`
            units = _protected(m, ledger, windows, _as_units(by, "team"), threshold, parents,
                               done)
            done[by] = _teams(units, by, ledger, (lambda: m.many(ledger, windows, by))
                              if "reported" in m.tags else None)
            return done[by]
        done[by] = _suppressed(m, ledger, windows, by, threshold, parents, done, None)
    return done[by]


def _suppressed(m: Measure | _Stacked, ledger: Ledger, windows: Sequence[Window],
                by: tuple[str, ...],
                threshold: int, parents: pl.DataFrame | None,
                done: dict[tuple[str, ...], pl.DataFrame],
                forced: list[pl.DataFrame] | None) -> pl.DataFrame:
    subsets = [tuple(b for b in by if b != d) for d in by] if len(by) > 1 else []
    coarser = [_protected(m, ledger, windows, sub, threshold, parents, done)
               for sub in subsets]
    table = suppress(
        m.many(ledger, windows, by, residuals="unit" in by), threshold, by,
        parents if "unit" in by else None,
        [c.select("start", "end", *sub, "suppressed")
         for c, sub in zip(coarser, subsets, strict=True)], forced or ())
    if "service" in by and "unit" not in by:
        table = _agreeing(table, "service", _protected(
            m, ledger, windows, _as_units(by, "service"), threshold, parents, done),
            ledger)
    return table


def _as_units(by: tuple[str, ...], dim: str) -> tuple[str, ...]:
    return tuple("unit" if b == dim else b for b in by)


def _teams(units: pl.DataFrame, by: tuple[str, ...], ledger: Ledger,
           reported: Callable[[], pl.DataFrame] | None = None) -> pl.DataFrame:
    """The table by team, suppressed, as the cells of the same table by unit (with residual
    cells) that are a team's: a unit's row when no unit lies below it, else its residual
    cell, renamed to the unit (`dimensions.unit_cells`). Suppressed on its own, the flat
    table of teams chose other complements than the table by unit, which groups teams under
    their service, and a service's figure less the teams shown in either told a hidden
    team's. Taken from the table by unit, every figure and every hidden cell is the same in
    both: a team's records are that unit's own either way. A measure reported per unit (a
    survey; `reported` gives its table by team made on its own) has no residual cells: a
    reporting unit's row is its own report, so the team's, and the others are not teams."""
    unit = pl.col("unit").cast(pl.String)
    if reported is not None:
        keys = [("team" if b == "unit" else b) for b in ("start", "end", *_as_units(by, "team"))]
        own = units.with_columns(unit.alias("team")).join(
            reported().select(keys), on=keys, how="semi", nulls_equal=True)
    else:
        cells = cache.memo(ledger, ("unit cells", "team"),
                           lambda: unit_cells(ledger.unit, "team"))
        above = list(set(ledger.unit["parent"].drop_nulls().to_list()))
        own = units.filter(~unit.is_in(above) | unit.is_null()).with_columns(
            unit.alias("_cell"))  # residual cells end in RESIDUAL
        own = own.join(cells, on="_cell", how="left", nulls_equal=True).with_columns(
            pl.col("team").fill_null(pl.col("_cell")))  # not in the unit table: as it is
    return own.select([("team" if c == "unit" else c) for c in units.columns]).sort(
        "start", "end", *(b for b in by), nulls_last=False, maintain_order=True)


UNIT_LIKE = ("unit", "team", "service")
"""Breakdowns by unit: a table by team or by service is shown beside the table by unit."""


def _agreeing(table: pl.DataFrame, dim: str, units: pl.DataFrame, ledger: Ledger
              ) -> pl.DataFrame:
    """`table` (by `dim`, service; suppressed on its own) with every cell hidden too that goes
    with a cell hidden in `units`, the same table by unit with residual cells
    (`dimensions.unit_cells`: a service is its unit's row, with the services nested in it;
    no service goes with the services in none). Suppressed on its own, a flat table of
    services hides other cells than the table by unit, and "no service" less the units
    shown by unit told a hidden one's figure."""
    others = [c for c in units.columns if c in table.columns and c not in (
        "numerator", "denominator", "value", "suppressed", "people", dim)]
    cells = cache.memo(ledger, ("unit cells", dim), lambda: unit_cells(ledger.unit, dim))
    hidden = (units.filter(pl.col("suppressed"))
              .select(*others, pl.col("unit").cast(pl.String).alias("_cell"))
              .join(cells, on="_cell", nulls_equal=True).drop("_cell").unique()
              .with_columns(pl.lit(True).alias("_with_unit")))
    if hidden.is_empty():
        return table
    keys = [*others, dim]
    out = table.join(hidden.select(*(pl.col(k).cast(table.schema[k]) for k in keys),
                                   "_with_unit"),
                     on=keys, how="left", maintain_order="left", nulls_equal=True)
    hide = pl.col("suppressed") | pl.col("_with_unit").fill_null(False)
    return out.with_columns(
        hide.alias("suppressed"),
        *(pl.when(hide).then(None).otherwise(pl.col(c)).alias(c) for c in FIGURES)
    ).drop("_with_unit")


def _one(m: Measure, ledger: Ledger, windows: Sequence[Window], by: Sequence[str],
         threshold: int | None) -> pl.DataFrame:
    res = _shown(m, ledger, windows, by, threshold)
    return res.with_columns(
        pl.col("start").cast(pl.Date), pl.col("end").cast(pl.Date),
        *[pl.col(b).cast(pl.String) for b in by],
        pl.col("numerator").cast(pl.Float64), pl.col("denominator").cast(pl.Float64),
        pl.col("value").cast(pl.Float64), pl.col("people").cast(pl.Int64),
    )


def _empty(by: Sequence[str]) -> pl.DataFrame:
    schema = {"id": pl.String, "organisation": pl.String, "start": pl.Date, "end": pl.Date,
              **{b: pl.String for b in by}, "numerator": pl.Float64,
              "denominator": pl.Float64, "value": pl.Float64, "suppressed": pl.Boolean,
              "people": pl.Int64}
    return pl.DataFrame(schema=schema)
