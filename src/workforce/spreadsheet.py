"""Spreadsheets and CSV files the product writes for people: text stays text.

Excel runs a cell whose text starts with "=" as a formula, and in a CSV file also one that
starts with "+", "-" or "@"; so a unit name, a strategy title or an item of an uploaded
return written as `=HYPERLINK(...)` would run on the reader's machine (CSV or formula
injection). Workbooks come from `workbook`, which writes every string as a string (no
formulas, no links made from text); CSV cells for people pass through `safe_text`, which puts
a `'` before such text unless it is a plain number (a negative change stays a number).
`BOM` starts a CSV download so that Excel reads it as UTF-8 ("Zoë", "£" intact).
"""

from __future__ import annotations

import re
from os import PathLike
from typing import IO, Any

import xlsxwriter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d[\d,]*(\.\d+)?|\.\d+)%?")
BOM = "\ufeff"


def safe_text(value: object) -> object:
    """`value`, with a `'` before text a spreadsheet would run as a formula; numbers, plain
    numeric text and anything else unchanged."""
    if (isinstance(value, str) and value.startswith(FORMULA_STARTS)
            and not _NUMBER.fullmatch(value)):
        return "'" + value
    return value


def safe_row(values: list[Any]) -> list[Any]:
    """`safe_text` of each value of a CSV row."""
    return [safe_text(v) for v in values]


def workbook(target: str | PathLike[str] | IO[bytes], options: dict[str, Any] | None = None
             ) -> xlsxwriter.Workbook:
    """An xlsxwriter workbook that writes strings as strings: `write` would otherwise turn
    text starting with "=" into a formula and text that looks like an address into a link."""
    return xlsxwriter.Workbook(target, {"strings_to_formulas": False,
                                        "strings_to_urls": False, **(options or {})})
