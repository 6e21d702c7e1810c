"""Reading text cells as typed values, a whole column at a time.

Each kind (str, code, int, float, date, bool) gives three expressions over the raw text: the
typed value (null when empty or unreadable), a flag for cells that hold something unreadable,
and the message for those cells. Nothing is guessed: "1,234" is refused rather than read as
1234 or 1.234, and "01/04/24" is refused rather than given a century.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from workforce.imports.errors import say
from workforce.ledger.tables import Column

TRUE_WORDS = ("true", "yes", "y", "1")
FALSE_WORDS = ("false", "no", "n", "0")
FIRST_YEAR, LAST_YEAR = 1900, 2100

MIDNIGHT = r"(?:0?0:00(?::00(?:\.0+)?)?)"
"""A time of midnight after a date, as spreadsheets add it (00:00, 0:00, 00:00:00): the date
is read and the time ignored, after an ISO date or a dd/mm/yyyy one alike."""
_ISO = rf"^(\d{{4}}-\d{{1,2}}-\d{{1,2}})(?:[T ]{MIDNIGHT})?$"
_UK = rf"^(\d{{1,2}}/\d{{1,2}}/\d{{4}})(?: {MIDNIGHT})?$"
_TIMED = r"^(?:\d{4}-\d{1,2}-\d{1,2}[T ]|\d{1,2}/\d{1,2}/\d{4} )\d{1,2}:\d{2}"
_SHORT_YEAR = r"^\d{1,2}/\d{1,2}/\d{2}$"
_SERIAL = r"^\d{4,5}(?:\.0+)?$"
EXCEL_EPOCH = date(1899, 12, 30)
"""Day 0 of Excel's date serial numbers (29586 is 31/12/1980)."""
SERIALS = (2101, 73050)
"""Whole numbers read as Excel date serials in messages: from 1905 (so that a year such as
1980 is not taken for one) to 31/12/2099."""
_COMMA_NUMBER = "has a comma: write numbers without thousands separators, with a full stop " \
                "for decimals (1234.5)"


@dataclass(frozen=True)
class Parsed:
    """A column read as its kind: value, which cells were unreadable, and why."""

    value: pl.Expr
    bad: pl.Expr
    message: pl.Expr


def parse(col: Column, raw: pl.Expr) -> Parsed:
    """Read the text column `raw` as `col`'s kind."""
    value, message = _READERS[col.kind](col, raw)
    return Parsed(value, raw.is_not_null() & value.is_null(), message)


def _text(col: Column, raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    return raw, pl.lit(None, pl.String)


def _code(col: Column, raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    codes = col.codes or {}
    lookup = {label.lower(): code for code, label in codes.items()}
    lookup.update({code.lower(): code for code in codes})
    key = raw.str.to_lowercase()
    if all(code.isdigit() for code in codes):
        key = key.str.replace(r"\.0+$", "")  # 5.0 from a number-formatted cell is code 5
    value = key.replace_strict(lookup, default=None, return_dtype=pl.String)
    return value, say(raw, f"is not one of the {col.name} codes")


def _number(raw: pl.Expr) -> pl.Expr:
    number = raw.cast(pl.Float64, strict=False)
    return pl.when(number.is_finite()).then(number)


def _comma(raw: pl.Expr) -> pl.Expr:
    return raw.str.contains(",") & _number(raw.str.replace_all(",", "")).is_not_null()


def _int(col: Column, raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    number = _number(raw)
    whole = pl.when((number.round(0) == number) & (number.abs() < 1e15)).then(
        number.cast(pl.Int64))
    value = pl.coalesce(raw.str.to_integer(strict=False), whole)
    message = (pl.when(_comma(raw)).then(say(raw, _COMMA_NUMBER))
               .otherwise(say(raw, "is not a whole number")))
    return value, message


def _float(col: Column, raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    signs = "[£$€]" if col.percent else "[£$€%]"
    message = (pl.when(_comma(raw)).then(say(raw, _COMMA_NUMBER))
               .when(raw.str.contains(signs)).then(
                   say(raw, "is not a number: leave out £ and % signs"))
               .otherwise(say(raw, "is not a number")))
    if col.percent:  # 64.4% is 64.4 in a column of percentages (Excel saves it so as CSV)
        raw = raw.str.strip_suffix("%").str.strip_chars_end()
    return _number(raw), message


def _date(col: Column, raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    iso = raw.str.extract(_ISO, 1).str.to_date("%Y-%m-%d", strict=False)
    uk = raw.str.extract(_UK, 1).str.to_date("%d/%m/%Y", strict=False)
    found = pl.coalesce(iso, uk)
    plausible = found.dt.year().is_between(FIRST_YEAR, LAST_YEAR)
    shaped = raw.str.contains(_ISO) | raw.str.contains(_UK)
    serial = raw.str.extract(r"^(\d+)", 1).cast(pl.Int64, strict=False)
    message = (
        pl.when(raw.str.contains(_SHORT_YEAR)).then(
            say(raw, "has a two-digit year: write the year in full (31/03/2024)"))
        .when(found.is_not_null()).then(
            say(raw, f"is not between {FIRST_YEAR} and {LAST_YEAR}: check the year"))
        .when(shaped).then(say(raw, "is not a real date"))
        .when(raw.str.contains(_TIMED)).then(
            say(raw, "has a time of day: the column holds dates only, so remove the time "
                     "(in Excel, format the column as a date such as dd/mm/yyyy)"))
        .when(raw.str.contains(_SERIAL) & serial.is_between(*SERIALS)).then(
            say(raw, "is not a date: it looks like an Excel date serial number (for ")
            + (pl.lit(EXCEL_EPOCH) + pl.duration(days=serial)).dt.strftime("%d/%m/%Y")
            + pl.lit("): format the column as a date in Excel (such as dd/mm/yyyy) before "
                     "saving"))
        .otherwise(say(raw, "is not a date")))
    return pl.when(plausible).then(found), message


def _bool(col: Column, raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    lookup = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}
    value = raw.str.to_lowercase().replace_strict(lookup, default=None,
                                                  return_dtype=pl.Boolean)
    return value, say(raw, "is not true or false")


_READERS = {"str": _text, "code": _code, "int": _int, "float": _float, "date": _date,
            "bool": _bool}
