"""One import of the action-plan workbook (`workbook_read`): what the workbook's references
are checked against (`Known`), and the problems and warnings found as its sheets are read
(`Reader`), each naming its sheet, row, column and value.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from workforce.imports.errors import ImportProblem
from workforce.strategy import workbook as wb
from workforce.strategy.plan import Target, TrackedMeasure
from workforce.strategy.targets import MeasureInfo, registry_info
from workforce.strategy.workbook_cells import Found


@dataclass(frozen=True)
class Known:
    """What references in the workbook are checked against; None means "do not check".
    `measured`: a target with its baseline measured from the data when only its date is
    given (the web's, from the ledger), so that its milestones are checked against it; None:
    such a baseline is not known here and its milestones' range is not checked.
    `themes`: the themes stored for the strategy of a title, as their titles by their refs
    (`Theme.ref`), so that a theme renamed on the Themes sheet may still be named by its
    stored title on the other sheets, and a title taken by a stored theme the sheet does not
    rename is refused; none known: every theme is the sheet's. `exported_from`: see below."""

    units: Collection[str] | None = None
    usernames: Collection[str] | None = None
    tracked: Mapping[str, TrackedMeasure] = field(default_factory=dict)
    measure: Callable[[str], MeasureInfo | None] = registry_info
    measured: Callable[[Target], Target] | None = None
    themes: Callable[[str], Mapping[str, str]] = lambda _title: {}
    exported_from: Callable[[int], str | None] = lambda _change: None
    """The title now of the stored strategy an export recording a last change was of (the
    strategy whose history holds that change), None when none is: a workbook holding the
    values exported then (`workbook_read.Read.base`) is of that strategy, renamed or not
    since, and its themes are that strategy's."""


class Reader:
    """One import: the rows read so far and the problems found."""

    def __init__(self, file: str, known: Known) -> None:
        self.file, self.known = file, known
        self.problems: list[ImportProblem] = []
        self.warnings: list[ImportProblem] = []
        self.today = date.today()  # progress updates report what has happened by then
        self.renamed: dict[str, str] = {}  # a renamed theme's stored title: its new title
        self.stored: Mapping[str, str] = {}  # the stored themes' titles by ref (`Known`)

    def _problem(self, sheet: str, row: int | None, header: str | None, value: Any,
                 message: str, hint: str) -> ImportProblem:
        shown = None if value in (None, "", ()) else str(value)
        return ImportProblem(self.file, sheet, row, header, shown, message, hint)

    def bad(self, sheet: str, row: int | None, header: str | None, value: Any,
            message: str, hint: str = "") -> None:
        """A problem at the cell of `header` on `row` of `sheet`: the import stops."""
        self.problems.append(self._problem(sheet, row, header, value, message, hint))

    def warn(self, sheet: str, row: int, header: str, value: Any, message: str,
             hint: str = "") -> None:
        """A warning at a cell, as `bad` names it: what it stores as given."""
        self.warnings.append(self._problem(sheet, row, header, value, message, hint))

    def theme(self, title: str) -> str:
        """The theme another sheet names `title`: a theme renamed on the Themes sheet by
        its stored title is its new title."""
        return self.renamed.get(title, title)

    def has_problem(self, sheet: str, row: int) -> bool:
        """Whether a problem was found on `row` of `sheet`."""
        return any(p.sheet == sheet and p.row == row for p in self.problems)

    def unique(self, sheet: wb.Sheet, found: Found, fld: str) -> None:
        """A problem on each row of `sheet` whose `fld` an earlier row already has."""
        seen: dict[str, int] = {}
        header = sheet.col(fld).header
        for row, values in found.rows:
            key = values.get(fld)
            if key and key in seen:
                self.bad(sheet.name, row, header, key, f"This is already used on row {seen[key]}",
                         f"Give each row its own {header.lower()}.")
            if key:
                seen.setdefault(key, row)
