"""A report as plain data: sections of tables and charts whose every number carries where it
came from, so the PDF, the workbook and the HTML show the same figures and a test can trace
each one back to the measures engine.

A `Cell` is one figure as shown (`text`, rounded as people read it) and as computed (`value`,
unrounded; the workbook stores it rounded as the text shows it). When it comes from the
engine its `source` names the measure, the window, the breakdown and which part of the
result (value, numerator or denominator) it is. Suppressed figures have `value` None and `text` "c".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

DASH = "–"  # nothing to compute (no denominator, no figure yet): never shown as 0
RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "blue": "Complete",
             "grey": "Not rated", "none": "No target"}


@dataclass(frozen=True)
class Source:
    """Where an engine figure comes from: `engine.run(ledger, [measure], [Window(start, end)],
    ["unit", by])`, the row whose `unit` is `unit` and `by` column is `key`, column `part`
    (no `unit` breakdown when the report covers the whole organisation)."""

    measure: str
    start: date
    end: date
    by: str = ""
    key: str | None = None
    part: str = "value"
    unit: str = ""


@dataclass(frozen=True)
class Cell:
    """One table cell. `value` is a number (or None); `text` is what a reader sees; `rag` is
    set for status cells (shown with its word as well as its colour)."""

    text: str
    value: float | None = None
    unit: str = ""
    source: Source | None = None
    suppressed: bool = False
    rag: str = ""

    @property
    def is_number(self) -> bool:
        return self.value is not None and not self.rag


def text(value: Any) -> Cell:
    """A cell holding words (or a date), no number."""
    if value is None:
        return Cell(DASH)
    if isinstance(value, date):
        return Cell(f"{value.day} {value:%b %Y}")
    return Cell(str(value))


def count(value: int | float | None) -> Cell:
    """A plain count that does not come from the engine (actions, targets)."""
    if value is None:
        return Cell(DASH)
    return Cell(f"{value:,.0f}", float(value), "count")


def rag(status: str, words: str = "") -> Cell:
    """A RAG cell: its word always, the colour only as an addition."""
    return Cell(words or RAG_WORDS.get(status, status.title()), rag=status or "none")


@dataclass
class Table:
    """A table with a caption; the first column names each row."""

    key: str
    caption: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)  # relative column widths, optional

    def add(self, *cells: Cell | str) -> None:
        self.rows.append([c if isinstance(c, Cell) else Cell(c) for c in cells])

    def cells(self) -> list[Cell]:
        return [c for row in self.rows for c in row]


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite spec (from `workforce.charts`), its text alternative, and the key of the
    table beside it that holds every number it draws."""

    key: str
    title: str
    spec: dict
    description: str
    table: str = ""


@dataclass
class Section:
    """One section of the report: what it is about, its key points, the commentary written for
    it, then its charts and tables."""

    key: str
    title: str
    lead: str = ""
    points: list[str] = field(default_factory=list)
    commentary: str = ""
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    annex: bool = False


@dataclass(frozen=True)
class Definition:
    """A measure used in the report, as the registry declares it, with the period it was
    computed over."""

    id: str
    title: str
    definition: str
    formula: str
    unit: str
    better: str
    period: str
    source: str


@dataclass
class Report:
    """The whole report."""

    organisation: str
    organisation_name: str
    scope: str
    period: str
    period_label: str
    start: date
    end: date
    produced: date
    threshold: int
    suppression: str
    audience: str = "Workforce committee and board"
    strategy: str = ""
    summary: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)
    about: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Workforce report: {self.period_label}"

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    def charts(self) -> list[Chart]:
        return [c for s in self.sections for c in s.charts]

    def sources(self) -> list[tuple[Cell, Source]]:
        """Every engine figure in the report with its source."""
        return [(c, c.source) for t in self.tables() for c in t.cells() if c.source]
