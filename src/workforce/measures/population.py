"""Who is in post, who started and who left: the populations most measures stand on.

DfE's rules (domain.md 1.2, 2.2): "in post" is a snapshot at a date; FTE is summed over a
person's assignments (not de-duplicated), headcount counts each person once, in their more
senior role; agency workers are counted separately and never as in post. A starter or leaver
is someone who joins or leaves the *population* (for DfE: directly employed child and family
social workers), so a move between teams, a promotion or an FTE change is neither, while a
social worker who moves to a non-social-work role leaves the social-worker population (DfE's
ReasonLeave 7). A leaver who returns is a leaver and, later, a starter again.

Someone whose last day is the date itself is a leaver on that date and **not in post** on it:
DfE records a worker whose RoleEndDate is 30 September as a leaver with FTE 0, and counting
them in both the leavers and the end-of-year stock would understate turnover. Only the end of
employment in the population does this: an assignment that ends on the date while another
carries on (a move, an FTE change) still counts. Starting on the date counts as in post.

The series forms (`stock`, `starting`, `leaving`, `overlapping`) take the windows frame from
`windows.frame` and return one row per (window, assignment) with `_w`, `w_start`, `w_end`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from workforce.ledger import Ledger
from workforce.ledger.codes import DIRECT_CONTRACTS
from workforce.measures.cache import memo

SOCIAL_WORKER = "social_worker"
FAR = date(9999, 12, 31)


def population(ledger: Ledger, group: str | None = SOCIAL_WORKER,
               direct: bool | None = True) -> pl.DataFrame:
    """Assignments in a population: `group` a staff group (None: all staff); `direct` True for
    directly employed only, False for agency only, None for both."""

    def build() -> pl.DataFrame:
        a = ledger.assignment.filter(pl.col("fte").is_not_null())  # DfE drops missing FTE
        if group is not None:
            a = a.filter(pl.col("staff_group") == group)
        if direct is True:
            a = a.filter(pl.col("contract").is_in(DIRECT_CONTRACTS))
        elif direct is False:
            a = a.filter(pl.col("contract") == "agency")
        return a

    return memo(ledger, ("population", group, direct), build)


def active_at(assignments: pl.DataFrame, at: date) -> pl.DataFrame:
    """Assignments running on `at` (start <= at <= end, or no end)."""
    return assignments.filter(
        (pl.col("start_date") <= at) & (pl.col("end_date").is_null() | (pl.col("end_date") >= at))
    )


def in_post(ledger: Ledger, at: date, group: str | None = SOCIAL_WORKER,
            direct: bool | None = True) -> pl.DataFrame:
    """Assignments of the population in post on `at` (FTE is summed over these); people
    whose last day is `at` are leavers, not in post (see the module docstring)."""
    wins = pl.DataFrame({"_w": [0], "w_start": [at], "w_end": [at]},
                        schema={"_w": pl.Int32, "w_start": pl.Date, "w_end": pl.Date})
    return stock(population(ledger, group, direct), wins).drop("_w", "w_start", "w_end")


def spells(assignments: pl.DataFrame) -> pl.DataFrame:
    """Merge each person's touching or overlapping assignments into continuous spells:
    (staff_id, spell, spell_start, spell_end) with spell_end null while ongoing. Memoised
    on the frame (frames are immutable), so per-window loops over one population are cheap."""
    return memo(assignments, ("spells",), lambda: _spells(assignments))


def _spells(assignments: pl.DataFrame) -> pl.DataFrame:
    a = (assignments.select("staff_id", "start_date",
                            pl.col("end_date").fill_null(FAR).alias("end"))
         .sort("staff_id", "start_date").with_columns(pl.col("staff_id").rle_id().alias("_run")))
    a = a.with_columns(previous_end("end", "_run").alias("_prev_end"))
    new_spell = pl.col("_prev_end").is_null() | (
        pl.col("start_date") > pl.col("_prev_end") + pl.duration(days=1))
    counted = new_spell.cast(pl.Int32).cum_sum()  # spells so far, numbered from 1 per person
    a = a.with_columns((counted - pl.when(_first_of("_run")).then(counted).forward_fill() + 1)
                       .alias("spell"))
    out = a.group_by("staff_id", "spell").agg(
        pl.col("start_date").min().alias("spell_start"), pl.col("end").max().alias("spell_end"))
    return out.with_columns(
        pl.when(pl.col("spell_end") == FAR).then(None).otherwise(pl.col("spell_end"))
        .alias("spell_end"))


def running_max(dates: str, run: str) -> pl.Expr:
    """The running maximum of the date column `dates` within each run of equal values of the
    sorted integer column `run`: one cumulative maximum over keys that put every run above
    the ones before it (a window function over many small groups is far slower)."""
    offset = 1 << 22  # more days than there are between 1970 and 9999 either way
    base = pl.col(run).cast(pl.Int64) * (2 * offset)
    key = base + pl.col(dates).cast(pl.Int64) + offset
    return (key.cum_max() - base - offset).cast(pl.Int32).cast(pl.Date)


def previous_end(dates: str, run: str) -> pl.Expr:
    """The latest of `dates` on the rows before this one in its run (null on its first)."""
    return pl.when(_first_of(run)).then(None).otherwise(running_max(dates, run).shift(1))


def _first_of(run: str) -> pl.Expr:
    return (pl.col(run) != pl.col(run).shift(1)).fill_null(True)


def last_of(run: str) -> pl.Expr:
    """True on the last row of each run of equal values of the sorted column `run`."""
    return (pl.col(run) != pl.col(run).shift(-1)).fill_null(True)


# --- series forms ---------------------------------------------------------------------------

def stock(assignments: pl.DataFrame, wins: pl.DataFrame, at: str = "w_end") -> pl.DataFrame:
    """(window, assignment) pairs where the assignment is in post on the window's `at` column
    (w_end for the stock at the end, w_start for the start, or any date column of `wins`):
    it runs on that date and the person does not leave the population on it."""
    last = (spells(assignments).filter(pl.col("spell_end").is_not_null())
            .select("staff_id", pl.col("spell_end").alias("end_date"),
                    pl.lit(True).alias("_last")))
    a = assignments.join(last, on=["staff_id", "end_date"], how="left").with_columns(
        pl.col("_last").fill_null(False))
    out = on_dates(a, wins, at)
    leaves_today = pl.col("_last") & (pl.col("end_date") == pl.col(at))
    return out.filter(~leaves_today).drop("_last")


def on_dates(spans: pl.DataFrame, wins: pl.DataFrame, at: str = "w_end",
             start: str = "start_date", end: str = "end_date") -> pl.DataFrame:
    """(window, span) pairs where the span [start, end] (end empty: ongoing) includes the
    window's `at` date. Each span is matched to the run of sorted dates it covers by binary
    search and exploded, which costs in proportion to the output (an inequality join is
    several times slower on a long series)."""
    dates = wins.get_column(at).unique().sort()
    pos = wins.with_columns(dates.search_sorted(wins[at]).cast(pl.Int32).alias("_pos"))
    ends = spans[end].fill_null(FAR)
    # explode row numbers only, then gather the spans' columns once (exploding every column
    # would copy each string column once more at full size)
    f = pl.DataFrame({
        "_lo": dates.search_sorted(spans[start], side="left").cast(pl.Int32),
        "_hi": dates.search_sorted(ends, side="right").cast(pl.Int32),
        "_known": spans[start].is_not_null()}).with_row_index("_i")
    f = (f.filter((pl.col("_hi") > pl.col("_lo")) & pl.col("_known"))  # no start: no date
         .select("_i", pl.int_ranges("_lo", "_hi", dtype=pl.Int32).alias("_pos"))
         .explode("_pos").join(pos, on="_pos").drop("_pos"))
    return pl.concat([spans[f["_i"]], f.drop("_i")], how="horizontal")


def overlapping(spans: pl.DataFrame, wins: pl.DataFrame, start: str = "start_date",
                end: str = "end_date") -> pl.DataFrame:
    """(window, span) pairs where the span [start, end] (end empty: ongoing) runs on any day
    of the window. When the windows, sorted by start, also end in order (any series does),
    the windows a span overlaps are a run found by binary search, so the cost is that of the
    pairs; otherwise an inequality join."""
    w = wins.sort("w_start", "w_end")
    ends = spans[end].fill_null(FAR)
    if not w["w_end"].is_sorted():
        return spans.with_columns(ends.alias("_overlap_end")).join_where(
            wins, pl.col(start) <= pl.col("w_end"), pl.col("_overlap_end") >= pl.col("w_start")
        ).drop("_overlap_end")
    first = w["w_end"].search_sorted(spans[start], side="left")  # ends on or after the start
    first = first.set(spans[start].is_null(), w.height)  # no start: in no window
    after = w["w_start"].search_sorted(ends, side="right")  # starts on or before the end
    return _pairs(spans, w, first, after)


def dated_in(records: pl.DataFrame, wins: pl.DataFrame, col: str) -> pl.DataFrame:
    """(window, record) pairs whose date `col` falls inside the window (null dates in none).
    Each window takes its run of the records sorted by `col` (binary search), so the cost is
    that of the pairs, for any windows (overlapping ones too)."""
    recs = records.filter(pl.col(col).is_not_null()).sort(col)
    dates = recs[col]
    first = dates.search_sorted(wins["w_start"], side="left")
    after = dates.search_sorted(wins["w_end"], side="right")
    pairs = _runs(first, after)
    return pl.concat([recs[pairs["_k"]], wins[pairs["_i"]]], how="horizontal")


def looked_up(frame: pl.DataFrame, on: str, table: pl.DataFrame, right_on: str, by: str,
              value: str, **asof: Any) -> pl.Series:
    """`table`'s `value` for each row of `frame`, in `frame`'s order: an as-of join of
    `frame[on]` to `table[right_on]` (which `table` is sorted by) within equal `by`, with the
    join's other options (strategy, tolerance) in `asof`. Only the keys are put in date order,
    not every column (worth it for wide frames; a narrow one is as quick to sort whole)."""
    order = frame[on].arg_sort()
    found = frame.select(by, on)[order].join_asof(
        table, left_on=on, right_on=right_on, by=by, check_sortedness=False, **asof)
    return found[value].gather(order.arg_sort())


def _runs(first: pl.Series, after: pl.Series) -> pl.DataFrame:
    """(_i, _k) for every row `_i` and every position `_k` in its run [first, after)."""
    runs = pl.DataFrame({"_from": first.cast(pl.Int64), "_to": after.cast(pl.Int64)})
    return (runs.with_row_index("_i").filter(pl.col("_to") > pl.col("_from"))
            .select("_i", pl.int_ranges("_from", "_to").alias("_k")).explode("_k"))


def _pairs(rows: pl.DataFrame, wins: pl.DataFrame, first: pl.Series, after: pl.Series
           ) -> pl.DataFrame:
    """`rows` paired with the windows (sorted) in each row's run [first, after)."""
    pairs = _runs(first, after)
    return pl.concat([rows[pairs["_i"]], wins[pairs["_k"]]], how="horizontal")


def _edges(assignments: pl.DataFrame, edge: str) -> pl.DataFrame:
    """Assignments that start (edge="start") or end (edge="end") a spell, with `event_date`."""
    s = spells(assignments)
    if edge == "start":
        s = s.select("staff_id", pl.col("spell_start").alias("start_date"))
        return assignments.join(s, on=["staff_id", "start_date"]).with_columns(
            pl.col("start_date").alias("event_date"))
    s = s.filter(pl.col("spell_end").is_not_null()).select(
        "staff_id", pl.col("spell_end").alias("end_date"))
    return assignments.join(s, on=["staff_id", "end_date"]).with_columns(
        pl.col("end_date").alias("event_date"))


def starting(assignments: pl.DataFrame, wins: pl.DataFrame) -> pl.DataFrame:
    """(window, assignment) pairs for assignments that begin a spell inside the window."""
    return dated_in(_edges(assignments, "start"), wins, "event_date")


def leaving(assignments: pl.DataFrame, wins: pl.DataFrame) -> pl.DataFrame:
    """(window, assignment) pairs for assignments that end a spell inside the window."""
    return dated_in(_edges(assignments, "end"), wins, "event_date")


def overlaps(assignments: pl.DataFrame, key: str = "staff_id") -> pl.DataFrame:
    """`assignments` with `_overlap`: True when the person (or whatever `key` names, such as
    the post) holds another of these assignments on some day of this one. Only such rows can
    need de-duplicating, which keeps headcounts of long series cheap (most people hold one
    assignment at a time)."""
    a = assignments.sort(key, "start_date").with_columns(
        pl.col(key).rle_id().alias("_run"), pl.col("end_date").fill_null(FAR)
        .alias("_end"))
    after = pl.when(last_of("_run")).then(None).otherwise(pl.col("start_date").shift(-1))
    flag = ((pl.col("start_date") <= previous_end("_end", "_run")).fill_null(False)
            | (after <= pl.col("_end")).fill_null(False))
    return a.with_columns(flag.alias("_overlap")).drop("_run", "_end")


def concurrent(ledger: Ledger, key: str = "staff_id", direct: bool | None = None
               ) -> pl.Series:
    """Ids of the assignments (of all staff groups; directly employed, agency or both, as
    `direct` says) that share a day with another assignment of the same person, or of the
    same post with `key="post_id"` (assignments without one are left out): only their
    records can repeat a person in a cell or add up on a post."""
    def build() -> pl.Series:
        a = population(ledger, None, direct).filter(pl.col(key).is_not_null())
        return overlaps(a.select("assignment_id", key, "start_date", "end_date"), key=key
                        ).filter("_overlap")["assignment_id"].unique()

    return memo(ledger, ("concurrent_assignments", key, direct), build)


def separate(records: pl.DataFrame, ids: pl.Series) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(others, listed): `records` of assignments not in `ids`, and those of assignments in
    `ids` or of none (a record with no assignment id cannot be told apart from another of
    the person's, so it takes the long way too). With `ids` from `concurrent`, the first
    hold each person (or post) once per window already, and only the second need
    de-duplicating or adding up."""
    listed = records.select(pl.col("assignment_id").is_in(ids.implode()).fill_null(True)
                            ).to_series()
    return records.filter(~listed), records.filter(listed)


def role_rank() -> pl.Expr:
    """Seniority for de-duplication: CSWW OrgRole 1 (senior manager) first; no role last."""
    return pl.col("org_role").cast(pl.Int32, strict=False).fill_null(99)


def _pick(records: pl.DataFrame, keys: list[str], order: list[pl.Expr],
          descending: list[bool]) -> pl.DataFrame:
    """One row per (keys..., staff_id): the first assignment in `order`. The order is worked
    out once per assignment (not per window row), which keeps long series fast."""
    cols = [c for c in ("assignment_id", "org_role", "fte", "end_date") if c in records.columns]
    ranked = (records.select(cols).unique("assignment_id")
              .sort(order, descending=descending, nulls_last=True)
              .select("assignment_id", pl.int_range(pl.len()).alias("_prio")))
    out = records.join(ranked, on="assignment_id", how="left")
    first = pl.col("_prio") == pl.col("_prio").min().over([*keys, "staff_id"])
    return out.filter(first).drop("_prio")


def primary(records: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """One row per (keys..., staff_id): the more senior role, then the larger FTE, then the
    lower assignment number, so a person with two posts is counted once (DfE)."""
    return _pick(records, keys, [role_rank(), pl.col("fte"), pl.col("assignment_id")],
                 [False, True, False])


def latest(records: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """One row per (keys..., staff_id): the assignment that ends last (ongoing first), then
    the more senior one. Gives a person's context in a window, leavers included."""
    return _pick(records, keys, [pl.col("end_date").fill_null(FAR), role_rank(), pl.col("fte"),
                                 pl.col("assignment_id")], [True, False, True, False])


def service_spans(ledger: Ledger) -> pl.DataFrame:
    """(assignment_id, _spell_start, _spell_end) for every directly employed assignment: the
    continuous direct employment (any staff group) it belongs to."""

    def build() -> pl.DataFrame:
        a = population(ledger, None, True).select("assignment_id", "staff_id", "start_date")
        s = spells(population(ledger, None, True))
        hit = a.join(s, on="staff_id").filter(
            (pl.col("start_date") >= pl.col("spell_start"))
            & (pl.col("start_date") <= pl.col("spell_end").fill_null(FAR)))
        return hit.select("assignment_id", pl.col("spell_start").alias("_spell_start"),
                          pl.col("spell_end").alias("_spell_end"))

    return memo(ledger, ("service_spans",), build)


def service_start(ledger: Ledger, rows: pl.DataFrame) -> pl.DataFrame:
    """For rows (_row, staff_id, _at_s): the start of the person's continuous direct
    employment (any staff group) at `_at_s`, and `_service_to` (the earlier of `_at_s` and
    the spell's end, so a leaver's service stops when they left)."""
    s = memo(ledger, ("spells", None, True), lambda: spells(population(ledger, None, True)))
    s = s.sort("spell_start")
    out = rows.sort("_at_s").join_asof(s, left_on="_at_s", right_on="spell_start",
                                       by="staff_id", strategy="backward",
                                       check_sortedness=False)
    return out.select(
        "_row", pl.col("spell_start").alias("_service_start"),
        pl.min_horizontal("_at_s", pl.col("spell_end").fill_null(FAR)).alias("_service_to"))

