"""Reading the action-plan workbook's sheets into rows of parsed values, with a problem for
every cell that cannot be read (where it is, what was wrong, what to do).

A plan is a few hundred rows at most, so cells are read one by one with openpyxl rather than
as frames.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

import openpyxl

from workforce.imports.errors import ImportProblem
from workforce.imports.xlsx_reader import too_large
from workforce.strategy.plan import Milestone, date_problem
from workforce.strategy.workbook import Col, Sheet, short_label

_DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass
class Found:
    """Rows read from one sheet: (row number, {field: value}), and the problems met."""

    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    present: bool = True


class Bad(ValueError):
    """A cell that cannot be read: the message and what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def open_book(data: bytes):  # noqa: ANN201 - an openpyxl workbook
    """The workbook in `data`, or Bad when it is not an Excel workbook or would unpack to far
    too much to read safely (`imports.xlsx_reader.too_large`)."""
    if why := too_large(data):
        raise Bad(f"was not read: it {why}",
                  "Start from the template and save it from Excel as an Excel Workbook "
                  "(.xlsx).")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any failure to open is a bad file
            raise Bad(f"could not be opened as an Excel workbook ({type(exc).__name__})",
                      "Save it from Excel as an Excel Workbook (.xlsx) and try again.") from None


def read_sheet(book: Any, sheet: Sheet, file: str, problems: list[ImportProblem]) -> Found:
    """Every non-empty row of `sheet` as parsed values keyed by field."""
    if sheet.name not in book.sheetnames:
        if sheet.required:
            problems.append(ImportProblem(file, sheet.name, None, None, None,
                                          "The sheet is missing",
                                          "Start from the template, which has every sheet."))
        return Found(present=False)
    rows = book[sheet.name].iter_rows()
    header = next(rows, ())
    where = _columns(header, sheet, file, problems)
    found = Found()
    for cells in rows:
        if all(c.value in (None, "") for c in cells):
            continue
        row = cells[0].row
        found.rows.append((row, _parse_row(cells, where, sheet, file, row, problems)))
    return found


def _columns(header: tuple, sheet: Sheet, file: str,
             problems: list[ImportProblem]) -> dict[str, int]:
    names = {str(c.value).strip().rstrip("*").strip().lower(): i
             for i, c in enumerate(header) if c.value}
    where = {}
    for col in sheet.importable():
        if col.header.lower() in names:
            where[col.field] = names[col.header.lower()]
        elif col.required:
            problems.append(ImportProblem(file, sheet.name, 1, col.header, None,
                                          "The column is missing from the header row",
                                          f"Add a column headed '{col.header}'."))
    return where


def _parse_row(cells: tuple, where: dict[str, int], sheet: Sheet, file: str, row: int,
               problems: list[ImportProblem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in sheet.importable():
        if col.field not in where:  # a missing column is one problem, not one per row
            out[col.field] = parse(replace(col, required=False), None)
            continue
        cell = cells[where[col.field]] if where[col.field] < len(cells) else None
        raw = cell.value if cell is not None else None
        try:
            out[col.field] = parse(col, raw, getattr(cell, "number_format", "") or "")
        except Bad as bad:
            problems.append(ImportProblem(file, sheet.name, row, col.header, _shown(raw),
                                          str(bad), bad.hint))
            out[col.field] = None
    return out


def _shown(raw: Any) -> str | None:
    if raw is None:
        return None
    return raw.date().isoformat() if isinstance(raw, datetime) else str(raw)


def parse(col: Col, raw: Any, number_format: str = "") -> Any:
    """A cell's value as the column's kind; Bad when it cannot be read."""
    empty = raw is None or (isinstance(raw, str) and not raw.strip())
    if empty:
        if col.required:
            raise Bad("The cell is empty", f"Fill in the {col.header.lower()}.")
        return None if col.kind in ("date", "number") else (() if col.kind in (
            "refs", "milestones") else "")
    return {"text": lambda: str(raw).strip(), "date": lambda: parse_date(raw),
            "number": lambda: parse_number(raw, number_format),
            "choice": lambda: parse_choice(col, raw), "refs": lambda: parse_refs(raw),
            "milestones": lambda: parse_milestones(raw)}[col.kind]()


def parse_date(raw: Any) -> date:
    """A date written 31/03/2026 or 2026-03-31 (or a date cell) that a plan may hold
    (`plan.date_problem`)."""
    day = _read_date(raw)
    problem = date_problem(day)
    if problem:
        raise Bad(problem, "Check the year.")
    return day


def _read_date(raw: Any) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw).strip()
    m = _DMY.match(text)
    try:
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        return date.fromisoformat(text[:10])
    except ValueError:
        raise Bad("This is not a date", "Write dates as 31/03/2026 or 2026-03-31.") from None


def parse_number(raw: Any, number_format: str = "") -> float:
    if isinstance(raw, bool):
        raise Bad("This is not a number", "Write a number such as 85 or 18.6.")
    if isinstance(raw, int | float):
        # A cell formatted as a percentage holds 0.85 for 85%; plans write percentages as 85.
        return float(raw) * (100 if "%" in number_format else 1)
    text = str(raw).strip().replace(",", "").rstrip("%").strip()
    try:
        return float(text)
    except ValueError:
        raise Bad("This is not a number", "Write a number such as 85 or 18.6.") from None


def parse_choice(col: Col, raw: Any) -> str:
    text = _norm(str(raw))
    for code, label in col.choices.items():
        if text in (_norm(code), _norm(label)):
            return code
    allowed = ", ".join(short_label(label) for label in col.choices.values())
    raise Bad("This is not one of the allowed values", f"Use one of: {allowed}.")


def _norm(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", short_label(text).lower())


def parse_refs(raw: Any) -> tuple[str, ...]:
    return tuple(p.strip() for p in re.split(r"[,;]", str(raw)) if p.strip())


def parse_milestones(raw: Any) -> tuple[Milestone, ...]:
    out = []
    for part in (p.strip() for p in str(raw).split(";") if p.strip()):
        when, sep, value = part.partition("=")
        if not sep:
            raise Bad(f"Cannot read the milestone {part!r}",
                      "Write milestones as date=value; date=value, e.g. 2026-03-31=20.")
        out.append(Milestone(parse_date(when.strip()), parse_number(value.strip())))
    return tuple(sorted(out, key=lambda m: m.on))
