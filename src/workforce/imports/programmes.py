"""Impossible overlaps of programme places: a person on one programme twice at once.

Two places of one person on the same programme (two ASYEs, two social work degree
apprenticeships) that share a day are counted twice by the measures on them (apprentices
in progress, aspiring managers, the starts counted while both run). Places on different
programmes may overlap (an aspiring managers programme beside an apprenticeship).

A place with no `end_date` whose outcome is in progress or paused is still going on, without
end: that is how the measures take it (an apprentice in progress is counted on every later
date), so a later place on the same programme beside it would be counted twice from its
start, even one starting after the day of the import. A place with no `end_date` whose
outcome ends it (completed, withdrawn, failed: `codes.PROGRAMME_ONGOING` lists the others)
has ended, on a day not known: it is not counted in progress (M28a), so it stops no later
place; it is taken to last its start day, so a place it starts within is still refused. Its
rows are a warning, since the day it ended is needed (`warn_ended_without_end`): a
completion is counted on its end_date, and the aspiring managers count takes such a place
to its start day only. (An absence without an end is taken to last to
the day of the import instead: leave may rightly be booked beside an ongoing sickness.)
Stored places count, and those of files read earlier in the import, except those the file
replaces (the same staff_id, kind and start_date: what the store updates). A file without
an `end_date` column keeps the stored end of the rows it updates (`spans`, whose sweep
finds the overlaps).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from workforce.imports.sheets import ROW
from workforce.imports.spans import Spans, overlapping, sides, where
from workforce.imports.validate import Checked
from workforce.ledger.codes import PROGRAMME_ONGOING
from workforce.ledger.tables import PLACE_ENDED_UNDATED

PLACE = ("organisation", "staff_id", "kind")
KEY = (*PLACE, "start_date")
PROGRAMMES = Spans(PLACE, KEY, (*KEY, "end_date", "outcome"))
OPEN = date(9999, 12, 31)
"""The last day of a place going on with no end_date, for the sweep: it runs on."""
ENDED = PLACE_ENDED_UNDATED
ROWS_NAMED = 5

HINT = ("A person is on a programme once at a time: overlapping places on one programme "
        "would be counted twice (apprentices in progress, aspiring managers, starts). A place "
        "in progress or paused with no end_date is still going on. If the earlier place has "
        "ended, give it the end_date it ended, before the later one starts; if that day is "
        "not known, give it the outcome it ended with (completed, withdrawn or failed) and "
        "it no longer stops the later one. Otherwise correct the dates. A stored place is "
        "corrected by importing it again (the same staff_id, kind and start_date).")

PROBLEM = {"row": pl.Int64, "column": pl.String, "value": pl.String, "message": pl.String,
           "hint": pl.String}


def check_programme_overlaps(checked: Checked, known: pl.DataFrame) -> None:
    """Report programme places of the sheet that share a day with another place of the
    person on the same programme (`kind`).

    `known` holds the places already known (stored, or read earlier in the import, with
    `spans.FROM` saying where). Each overlap is reported once, on the sheet's later row of
    the two (its only row when the other is known), naming the other place.
    """
    new = PROGRAMMES.sheet_rows(checked, known)
    if not new.height:
        return
    warn_ended_without_end(checked, new)
    spans = pl.concat([new, PROGRAMMES.beside(known, new)]).with_columns(
        _last=pl.when(ENDED).then(pl.col("start_date"))
        .otherwise(pl.col("end_date").fill_null(OPEN)))
    pairs = overlapping(spans, PLACE)
    if pairs.height:
        checked.problems.add_frame(pl.DataFrame(
            [_problem(rec) for rec in pairs.iter_rows(named=True)], schema=PROBLEM))


def warn_ended_without_end(checked: Checked, new: pl.DataFrame) -> None:
    """Warn (on the sheet) about places of `new` (the sheet's rows, a stored end kept) whose
    outcome ends them but have no end_date, by outcome, naming their rows."""
    ended = new.filter(ENDED).sort(ROW)
    for (outcome,), rows in ended.group_by("outcome", maintain_order=True):
        shown = ", ".join(str(r) for r in rows[ROW].head(ROWS_NAMED))
        rest = rows.height - min(rows.height, ROWS_NAMED)
        checked.raw.warn(
            f"outcome is {outcome} but there is no end_date on row"
            f"{'s' if rows.height > 1 else ''}"
            f" {shown}{f' and {rest:,} more' if rest else ''}. The place has ended, so it does "
            "not stop a later place on the programme, but the day it ended is needed: "
            "completions are counted on their end_date (ASYEs and apprenticeships "
            "completed), and the aspiring managers count takes the place to its start day "
            "only. Add the end_date and import the file again.")


def known_programmes(stored: pl.DataFrame, sheets: list[Checked]) -> pl.DataFrame:
    """The places known once each checked sheet's valid rows replace stored ones (by
    staff_id, kind and start_date), each with `spans.FROM`."""
    return PROGRAMMES.known(stored, sheets)


def _problem(rec: dict) -> dict:
    """The problem on the sheet's later row of the pair, naming the other place."""
    this, other = sides(rec)
    first = max(rec["start_date"], rec["start_date_o"])
    last = min(rec["_last"], rec["_last_o"])
    if last == OPEN:
        days = f"from {first.isoformat()} on"
    else:
        days = f"on {first.isoformat()}" if first == last else \
            f"from {first.isoformat()} to {last.isoformat()}"
    kind = rec["kind"]
    message = (f'this {kind} place of staff_id "{rec["staff_id"]}" {_said(rec, this)} '
               f"overlaps the {kind} place {where(rec, other)} {_said(rec, other)}: the "
               f"person would be on the programme twice {days}")
    return {"row": rec[f"{ROW}{this}"], "column": "start_date",
            "value": rec[f"start_date{this}"].isoformat(), "message": message, "hint": HINT}


def _said(rec: dict, side: str) -> str:
    """When a place is: "from 2025-09-01 to 2026-08-31", "from 2025-09-01 with no end_date
    (still going on)", "from 2025-09-01, withdrawn with no end_date,"."""
    start, end = rec[f"start_date{side}"], rec[f"end_date{side}"]
    if end is None and rec[f"outcome{side}"] not in PROGRAMME_ONGOING:
        return f"from {start.isoformat()}, {rec[f'outcome{side}']} with no end_date,"
    if end is None:
        return f"from {start.isoformat()} with no end_date (still going on)"
    return f"on {start.isoformat()}" if end == start else \
        f"from {start.isoformat()} to {end.isoformat()}"
