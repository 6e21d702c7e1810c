"""Blank import templates, one per table, with notes on every column.

An .xlsx template has a sheet named after the table (bold, frozen header; a comment on each
heading; dropdowns for code and true/false columns; date and text formats so that Excel
keeps ISO dates and leading zeros), a "Notes" sheet listing every column, and a hidden
"Lists" sheet that feeds the dropdowns. Both extra sheets are ignored on import, so a filled
template imports as it is.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from workforce.imports.notes import column_note, header_comment, notes_markdown
from workforce.imports.sheets import column_letter
from workforce.ledger.tables import TABLES, Column, Table, table
from workforce.spreadsheet import workbook

LAST_ROW = 1_048_575  # Excel's last row, 0-based
NOTE_HEADINGS = ["column", "required", "type", "meaning", "range", "allowed values",
                 "refers to"]


def write_template(table_name: str, path: str | Path) -> Path:
    """Write a blank template for `table_name` to `path` (ending .xlsx or .csv).

    A .csv template is the header row only, with a sidecar `<stem>.notes.md` beside it that
    holds the same notes as the workbook's Notes sheet. Raises ValueError for other suffixes
    and KeyError for unknown tables.
    """
    t = table(table_name)
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        _write_csv(t, path)
    elif suffix == ".xlsx":
        _write_xlsx(t, path)
    else:
        raise ValueError(f"A template is .xlsx or .csv, not {path.suffix or 'no suffix'}")
    return path


def write_all_templates(directory: str | Path, suffix: str = ".xlsx") -> list[Path]:
    """Write a template for every table into `directory` as `<table><suffix>`."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    return [write_template(name, folder / f"{name}{suffix}") for name in TABLES]


def _write_csv(t: Table, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(t.names)
    path.with_name(f"{path.stem}.notes.md").write_text(notes_markdown(t), encoding="utf-8")


def _write_xlsx(t: Table, path: Path) -> None:
    book = workbook(path)
    try:
        formats = _formats(book)
        sheet = book.add_worksheet(t.name)
        lists = _write_lists(book, t)
        notes = book.add_worksheet("Notes")
        sheet.activate()
        lists.hide()
        _write_header(sheet, t, formats)
        _write_notes(notes, t, formats)
    finally:
        book.close()


def _formats(book: Any) -> dict[str, Any]:
    return {
        "header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "text": book.add_format({"num_format": "@"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "title": book.add_format({"bold": True, "font_size": 14}),
    }


def _write_header(sheet: Any, t: Table, formats: dict[str, Any]) -> None:
    sheet.freeze_panes(1, 0)
    for i, col in enumerate(t.columns):
        cell_format = {"date": formats["date"], "str": formats["text"],
                       "code": formats["text"]}.get(col.kind)
        sheet.set_column(i, i, max(len(col.name) + 3, 14), cell_format)
        sheet.write_string(0, i, col.name, formats["header"])
        sheet.write_comment(0, i, header_comment(col), {"x_scale": 3, "y_scale": 3})
        _dropdown(sheet, t, i, col)


def _dropdown(sheet: Any, t: Table, index: int, col: Column) -> None:
    if col.kind == "bool":
        source: Any = ["true", "false"]
    elif col.codes:
        position = [c.name for c in t.columns if c.codes].index(col.name)
        letter = column_letter(position)
        source = f"=Lists!${letter}$2:${letter}${len(col.codes) + 1}"
    else:
        return
    sheet.data_validation(1, index, LAST_ROW, index, {
        "validate": "list", "source": source, "error_type": "warning",
        "error_title": f"Not a {col.name} code",
        "error_message": "Choose a value from the list; the Notes sheet explains each one.",
    })


def _write_lists(book: Any, t: Table) -> Any:
    lists = book.add_worksheet("Lists")
    for i, col in enumerate(c for c in t.columns if c.codes):
        lists.write_string(0, i, col.name)
        for r, code in enumerate(col.codes or {}, start=1):
            lists.write_string(r, i, code)
    return lists


def _write_notes(notes: Any, t: Table, formats: dict[str, Any]) -> None:
    notes.write_string(0, 0, f"{t.name}: {t.title}", formats["title"])
    notes.write_string(1, 0, f"{t.doc} Fill in the {t.name} sheet: one row per {t.name}, "
                             "from row 2. This sheet is ignored on import.")
    for i, heading in enumerate(NOTE_HEADINGS):
        notes.write_string(3, i, heading, formats["header"])
    widths = [22, 10, 24, 50, 14, 50, 20]
    for i, width in enumerate(widths):
        notes.set_column(i, i, width, formats["wrap"])
    for r, col in enumerate(t.columns, start=4):
        for i, value in enumerate(column_note(col).values()):
            notes.write_string(r, i, value)
    notes.freeze_panes(4, 0)
