"""Checking one sheet against its table: header, cells, ranges, spans and duplicate keys.

Everything is driven by the declarations in `workforce.ledger.tables`; there is no code for
any particular table. Checks run on whole columns in polars and report failing cells as
frames (see `errors`). References between tables and overlapping FTE need the rest of the
import and the stored ledger, so they live in `references` and `overlaps`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

import polars as pl

from workforce.imports.errors import Problems, quoted, say
from workforce.imports.notes import hint, number
from workforce.imports.parse import parse
from workforce.imports.sheets import ROW, RawSheet, column_letter, normalise_name, position
from workforce.ledger.frames import conform
from workforce.ledger.tables import Column, Table
from workforce.wording import listed

FORMULA_LIKE = r"^(?:[=+@]|-[^0-9.])"
"""Text a spreadsheet would run as a formula (negative numbers are fine)."""

EXCEL_ERRORS = ["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                "#SPILL!", "#CALC!", "#GETTING_DATA"]


@dataclass
class Checked:
    """A sheet checked against its table: typed rows (bad cells null) and its problems."""

    raw: RawSheet
    table: Table
    frame: pl.DataFrame
    problems: Problems
    present: tuple[str, ...] = ()

    def valid(self) -> pl.DataFrame:
        """The rows with no problem, in the declared schema, with `_row` kept first."""
        rows = self.frame.join(self.problems.bad_rows().to_frame(ROW), on=ROW, how="anti")
        return pl.concat([rows.select(ROW), conform(self.table.name, rows)], how="horizontal")


def natural_key(t: Table) -> list[str]:
    """The columns that identify a row: the organisation, then the table's key."""
    return list(t.key) if t.name == "organisation" else ["organisation", *t.key]


def identifiers(t: Table) -> set[str]:
    """The text columns that hold identifiers: the natural key and references to other rows.
    An invisible character in one makes a different key of what looks the same."""
    return {c.name for c in t.columns
            if c.kind == "str" and (c.name in natural_key(t) or c.ref)}


def _cell(raw: RawSheet, col: Column, i: int) -> pl.Expr:
    """The raw text of column position `i`; in a column of percentages, a workbook's
    percentage-formatted number as Excel shows it (64.4 for 0.644 shown 64.4%)."""
    cells = pl.col(position(i))
    shown = raw.percent.get(i) if col.percent else None
    if not shown:
        return cells
    return pl.col(ROW).replace_strict(list(shown), list(shown.values()), default=cells,
                                      return_dtype=pl.String)


def check_sheet(raw: RawSheet, t: Table, today: date | None = None) -> Checked:
    """Check every row of `raw` against table `t`, without looking at other tables.

    `today` (default: the real today) is the day of the import: dates of things that have
    happened (`Column.past`) must not be after it.
    """
    problems = Problems()
    problems.extend(raw.problems)
    columns = _match_header(raw, t, problems)
    if columns is None:
        empty = pl.DataFrame(schema={ROW: pl.Int64, **t.schema})
        return Checked(raw, t, empty, problems)
    cols = [t.column(name) for name in columns]
    keys = identifiers(t)
    checks = [check for col in cols for check in _cell_checks(col, col.name in keys)]
    checks += _span_check(t, columns) + _duplicate_check(t, columns)
    checks += _past_checks(cols, columns, today or date.today())
    checks += _since_checks(cols, columns) + _days_checks(t, cols, columns,
                                                          today or date.today())
    # Eager steps: for the usual small file, planning a lazy query costs more than it saves.
    work = (raw.frame
            .select(ROW, *(_cell(raw, t.column(name), i).alias(name)
                           for name, i in columns.items()))
            .with_columns(_formula_like(pl.col(c.name)).alias(f"={c.name}") for c in cols)
            .with_columns(parse(c, _clean(c)).value.alias(f"~{c.name}") for c in cols)
            .with_columns(*(check.extra for check in checks if check.extra is not None),
                          *(check.mask.alias(f"!{i}") for i, check in enumerate(checks))))
    hits = work.select(pl.col(f"!{i}").any() for i in range(len(checks))).row(0)
    # A cell the reader already reported (a formula with no value) is not reported again.
    reported = raw.problems.frame().select("row", "column").drop_nulls()
    for i, hit in enumerate(hits):
        if hit:
            found = work.filter(pl.col(f"!{i}")).select(**checks[i].select)
            problems.add_frame(found.join(reported, on=["row", "column"], how="anti"))
    frame = work.select(ROW, *(_bounded(c).alias(c.name) for c in cols))
    return Checked(raw, t, frame, problems, tuple(columns))


@dataclass(frozen=True)
class _Check:
    """Rows where `mask` is true are problems, described by `select`; `extra` is a column
    the check needs computed on every row first."""

    mask: pl.Expr
    select: dict[str, pl.Expr]
    extra: pl.Expr | None = None


def _match_header(raw: RawSheet, t: Table, problems: Problems) -> dict[str, int] | None:
    """Map each table column in the header to its position; None if required ones are missing.
    """
    columns: dict[str, int] = {}
    unknown = []
    for i, heading in enumerate(raw.header):
        name = normalise_name(heading)
        if not name:
            if raw.frame.height and raw.frame[position(i)].null_count() < raw.frame.height:
                raw.warn(f"column {column_letter(i)} has no heading; its values were ignored")
        elif name not in t.names:
            unknown.append(heading)
        elif name in columns:
            problems.add(1, name, heading, f"the column {name} appears twice (columns "
                         f"{column_letter(columns[name])} and {column_letter(i)})",
                         "Delete or rename one of them.")
        else:
            columns[name] = i
    if unknown:
        raw.warn(f"columns not in the {t.name} table were ignored: {', '.join(unknown)}")
    missing = [c.name for c in t.columns if c.required and c.name not in columns]
    if missing:
        problems.add(1, None, None, f"the header (row 1) has no {listed(missing)} "
                     f"column{'s' if len(missing) > 1 else ''}, which the {t.name} table "
                     "requires", f"Add {'them' if len(missing) > 1 else 'it'} to row 1. "
                     f"The {t.name} columns are: {', '.join(t.names)}.")
        return None
    return columns


def _clean(col: Column) -> pl.Expr:
    """The cell text, without cells that are formula-like or Excel errors."""
    raw = pl.col(col.name)
    return pl.when(pl.col(f"={col.name}") | raw.is_in(EXCEL_ERRORS)).then(None).otherwise(raw)


def _formula_like(raw: pl.Expr) -> pl.Expr:
    return raw.str.contains(FORMULA_LIKE)


def _bounded(col: Column) -> pl.Expr:
    """The typed value, null where it is out of range (a problem has been reported)."""
    value = pl.col(f"~{col.name}")
    if col.min is not None:
        value = pl.when(value < col.min).then(None).otherwise(value)
    if col.max is not None:
        value = pl.when(value > col.max).then(None).otherwise(value)
    return value


def _problem(col: Column | str, message: pl.Expr, hint_text: str,
             value: pl.Expr | None = None) -> dict[str, pl.Expr]:
    name = col if isinstance(col, str) else col.name
    return {"row": pl.col(ROW), "column": pl.lit(name),
            "value": pl.col(name) if value is None else value,
            "message": message, "hint": pl.lit(hint_text)}


def _cell_checks(col: Column, identifier: bool = False) -> list[_Check]:
    raw, value = pl.col(col.name), pl.col(f"~{col.name}")
    unreadable = raw.is_not_null() & ~pl.col(f"={col.name}") & ~raw.is_in(EXCEL_ERRORS) \
        & value.is_null()
    checks = [
        _Check(pl.col(f"={col.name}"), _problem(
            col, say(raw, "starts with a character that makes a spreadsheet run it as a "
                          "formula"),
            "Remove the leading =, +, - or @. If it is a formula, paste its value instead "
            "(Paste Special > Values).")),
        _Check(raw.is_in(EXCEL_ERRORS), _problem(
            col, say(raw, "is an Excel error value"),
            "Fix the formula that produced it, or clear the cell.")),
        _Check(unreadable, _problem(col, parse(col, raw).message, hint(col))),
    ]
    if col.required:
        checks.append(_Check(raw.is_null(), _problem(
            col, pl.lit(f"{col.name} is required but the cell is empty"), hint(col))))
    if col.min is not None:
        checks.append(_Check(value < col.min, _problem(
            col, say(raw, f"is below the minimum {number(col.min)}"), hint(col))))
    if col.max is not None:
        checks.append(_Check(value > col.max, _problem(
            col, say(raw, f"is above the maximum {number(col.max)}"), hint(col))))
    if col.kind == "str" and col.max_length is not None:
        most = col.max_length
        length = raw.str.len_chars()
        checks.append(_Check(length > most, _problem(
            col, pl.concat_str([say(raw, "is "), _thousands(length),
                                pl.lit(f" characters long; {col.name} holds at most {most:,}")]),
            f"Shorten it to {most:,} characters or fewer. A cell this long often holds "
            f"several values run together or pasted text: check it holds only the "
            f"{col.name}.")))
    if identifier:
        checks.append(_Check(raw.str.contains(INVISIBLE), _problem(
            col, pl.concat_str([say(raw, "holds an invisible character: "),
                                raw.map_elements(_invisible, return_dtype=pl.String)]),
            f"An invisible character makes a {col.name} that looks the same as another "
            "but is not, so one record would become two. Type the value again, or use Find "
            "and Replace to remove the character (it usually comes in when a value is copied "
            "from a web page, an email or another system).")))
    return checks


INVISIBLE = r"[\p{Cf}\p{Co}\x{115F}\x{1160}\x{3164}\x{FFA0}]"
"""Characters that show as nothing: zero-width spaces and joiners, direction marks, a
byte-order mark, soft hyphens, private-use characters and the Hangul fillers."""
_FILLERS = "\u115f\u1160\u3164\uffa0"


def _invisible(text: str) -> str:
    """Which invisible character a value holds and where: 'zero width space (U+200B) after
    "S9001"'."""
    for i, ch in enumerate(text):
        if unicodedata.category(ch) in ("Cf", "Co") or ch in _FILLERS:
            name = unicodedata.name(ch, "").lower() or "a character that does not show"
            where = f'after "{text[max(i - 20, 0):i]}"' if i else "at the start"
            return f"{name} (U+{ord(ch):04X}) {where}"
    return "a character that does not show"


def _thousands(count: pl.Expr) -> pl.Expr:
    """A whole number with thousands separators, as text: 3037 -> "3,037"."""
    digits = count.cast(pl.String)
    return (pl.when(count >= 1_000_000).then(pl.concat_str([
                (count // 1_000_000).cast(pl.String), pl.lit(","),
                digits.str.slice(-6, 3), pl.lit(","), digits.str.slice(-3)]))
            .when(count >= 1000).then(pl.concat_str([
                (count // 1000).cast(pl.String), pl.lit(","), digits.str.slice(-3)]))
            .otherwise(digits))


def _span_check(t: Table, columns: dict[str, int]) -> list[_Check]:
    if t.span is None or not set(t.span) <= set(columns):
        return []
    start, end = t.span
    before = pl.col(f"~{end}") < pl.col(f"~{start}")
    message = pl.concat_str([say(pl.col(end), f"is before the {start} "),
                             quoted(pl.col(start))])
    return [_Check(before, _problem(
        end, message, f"{end} is the last day (inclusive), so it cannot be before {start}. "
                      "Leave it empty while ongoing."))]


def _since_checks(cols: list[Column], columns: dict[str, int]) -> list[_Check]:
    """A date before the date it follows (`Column.since`: a qualification before the birth
    date), or before the anniversary it must wait for (the 18th birthday), is an error."""
    checks = []
    for col in cols:
        rule = col.since
        if rule is None or rule.column not in columns:
            continue
        day, base = pl.col(f"~{col.name}"), pl.col(f"~{rule.column}")
        checks.append(_Check(day < base, _problem(
            col, pl.concat_str([say(pl.col(col.name), f"is before the {rule.column} "),
                                quoted(pl.col(rule.column))]),
            f"{col.name} cannot be before {rule.column}: check the year of both.")))
        if rule.years:
            later = base.dt.offset_by(f"{rule.years}y")
            checks.append(_Check((day >= base) & (day < later), _problem(
                col, pl.concat_str([
                    say(pl.col(col.name), f"is before the {_ordinal(rule.years)} anniversary "
                                          f"of the {rule.column} "),
                    quoted(pl.col(rule.column))]),
                f"{col.name} cannot be less than {rule.years} years after {rule.column}: "
                f"{rule.why}. Check the year of both.")))
    return checks


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _days_checks(t: Table, cols: list[Column], columns: dict[str, int], today: date
                 ) -> list[_Check]:
    """Days counted within a row's span (`Column.days_in_span`: working days lost in an
    absence) cannot be more than the span's calendar days, start to end inclusive; an
    ongoing span (its end left empty, or a file with no end column) has had its days up to
    `today` only (an end date that cannot be read is reported as such, not checked)."""
    if t.span is None or t.span[0] not in columns:
        return []
    start, end = t.span
    given = end in columns
    checks = []
    for col in cols:
        if not col.days_in_span:
            continue
        ongoing = pl.col(end).is_null() if given else pl.lit(True)
        until = pl.when(ongoing).then(pl.lit(today)).otherwise(
            pl.col(f"~{end}") if given else None)
        days = (until - pl.col(f"~{start}")).dt.total_days() + 1
        to_today = (f" to today ({today.isoformat()}), as it has no {end}" if given else
                    f" to today ({today.isoformat()}), as the file has no {end} column")
        message = pl.concat_str([
            say(pl.col(col.name), "is more than the "), days.cast(pl.String),
            pl.lit(f" calendar days from {start} "), quoted(pl.col(start)),
            pl.when(ongoing).then(pl.lit(to_today)).otherwise(
                pl.concat_str([pl.lit(f" to {end} "), quoted(pl.col(end))]) if given
                else None)])
        checks.append(_Check(((pl.col(f"~{col.name}") > days) & (days > 0)).fill_null(False),
                             _problem(
            col, message,
            f"{col.name} counts days within the {t.name} (FTE basis), so it cannot be more "
            f"than the days from {start} to {end}, both included, or to today while it has "
            f"no {end}. Check the dates and the figure: hours belong divided by the hours "
            "of a working day, and each row of a long spell split into several rows has "
            "only its own days.")))
    return checks


def _past_checks(cols: list[Column], columns: dict[str, int], today: date) -> list[_Check]:
    """A date of something that has happened (`Column.past`) after `today` is an error; with
    `only`, just on rows holding one of its codes (when the file has that column)."""
    checks = []
    for col in cols:
        rule = col.past
        if rule is None or (rule.only is not None and rule.only[0] not in columns):
            continue
        mask = pl.col(f"~{col.name}") > pl.lit(today)
        if rule.only is not None:
            name, codes = rule.only
            mask &= pl.col(f"~{name}").is_in(list(codes))
        checks.append(_Check(mask, _problem(
            col, say(pl.col(col.name), "is after today"),
            f"The date is after today ({today.isoformat()}): {rule.why}. Check the year.")))
    return checks


def _duplicate_check(t: Table, columns: dict[str, int]) -> list[_Check]:
    key = natural_key(t)
    if not set(key) <= set(columns):
        return []
    typed = [pl.col(f"~{name}") for name in key]
    first = pl.col(ROW).min().over(typed).alias("_first")
    repeated = pl.all_horizontal(c.is_not_null() for c in typed) & (pl.col(ROW) > first)
    shown = pl.concat_str([pl.col(name) for name in t.key], separator=", ")
    message = pl.concat_str([say(shown, "is already on row "), pl.col("_first").cast(pl.String)])
    return [_Check(repeated, _problem(
        ", ".join(t.key), message,
        f"Each {t.name} needs its own {' + '.join(t.key)} within an organisation: remove the "
        "repeated row or correct it.", value=shown), extra=first)]
