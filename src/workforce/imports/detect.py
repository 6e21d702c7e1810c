"""Which ledger table a file or worksheet holds.

First by name (`assignment.csv`, `Assignments.xlsx`, a sheet called "People"), accepting the
table's name, its plural and its title; then, when the name says nothing, by the header:
the table whose required columns are all present and which matches the most columns.
"""

from __future__ import annotations

from workforce.imports.sheets import RawSheet, Source, normalise_name
from workforce.ledger.tables import TABLES
from workforce.wording import listed

_EXTRA_NAMES = {"people": "person", "organizations": "organisation",
                "organization": "organisation", "programs": "programme",
                "program": "programme", "surveys": "survey_result"}


def _names() -> dict[str, str]:
    names = dict(_EXTRA_NAMES)
    for name, t in TABLES.items():
        title = normalise_name(t.title.split("(")[0])
        for alias in (name, f"{name}s", f"{name}es", title):
            names.setdefault(alias, name)
    return names


NAMES = _names()
"""Every accepted spelling of a table name, normalised, to the table name."""


def table_for_name(name: str) -> str | None:
    """The table a file stem or sheet name stands for, or None."""
    return NAMES.get(normalise_name(name))


def table_for_header(header: list[str]) -> tuple[str | None, list[str]]:
    """The table a header fits best, and the tables that tied (when it is ambiguous).

    A table fits when all its required columns are present; among those, the one matching
    the most columns (then with the fewest columns unmatched) wins.
    """
    names = {normalise_name(h) for h in header if h}
    scored = []
    for t in TABLES.values():
        required = {c.name for c in t.columns if c.required}
        if required <= names:
            matched = len(names & set(t.names))
            scored.append(((matched, -len(set(t.names) - names)), t.name))
    if not scored:
        return None, []
    scored.sort(reverse=True)
    best = [name for score, name in scored if score == scored[0][0]]
    return (best[0], []) if len(best) == 1 else (None, best)


def describe_tables() -> str:
    """The table names, for messages."""
    return ", ".join(TABLES)



def assign_tables(source: Source, table: str | None = None) -> list[tuple[RawSheet, str]]:
    """Pair each sheet of `source` with the table it holds; report sheets that fit none.

    `table`, if given, is the table a CSV file or single-sheet workbook holds, or the sheet
    to take from a workbook of several.
    """
    if table is not None and table not in TABLES:
        source.fail(f'"{table}" is not a ledger table', f"The tables are: {describe_tables()}.")
        return []
    if not source.sheets:
        if not source.problems and source.hidden:
            source.fail(f"there are no rows to import: the sheet{_s(source.hidden)} "
                        f"{_quoted(source.hidden)} {'is' if len(source.hidden) == 1 else 'are'} "
                        "hidden, and only visible sheets are imported (every other sheet is "
                        "empty or a notes sheet)",
                        "Unhide the sheet that holds the rows (right-click a sheet tab > "
                        "Unhide) and import the workbook again.")
        elif not source.problems:
            source.fail("there are no rows to import (every sheet is empty or a notes sheet)",
                        "Put the rows in a sheet named after their table, under a header row.")
        return []
    single = len(source.sheets) == 1
    chosen: dict[str, RawSheet] = {}
    for sheet in source.sheets:
        name = _table_of(source, sheet, table, single)
        if name is None:
            continue
        if name in chosen:
            source.fail(f'the sheets "{chosen[name].sheet}" and "{sheet.sheet}" both hold the '
                        f"{name} table", "Put all its rows in one sheet.")
        elif not sheet.frame.height and not sheet.problems:
            _no_rows(source, sheet, single)
        else:
            chosen[name] = sheet
    if table is not None and not chosen and not source.problems:
        source.fail(f"no sheet holds the {table} table",
                    f"Name the sheet {table}, or import a workbook with a single sheet.")
    _warn_hidden(source, chosen)
    return [(sheet, name) for name, sheet in chosen.items()]


def _warn_hidden(source: Source, chosen: dict[str, RawSheet]) -> None:
    """Say which hidden sheets were left out: an import takes what the person can see, so a
    forgotten hidden sheet (an old copy of a table, another table) never changes data
    unseen; one named after a table read from a visible sheet says which sheet was used."""
    for title in source.hidden:
        name = table_for_name(title)
        if name in chosen:
            what = (f"so it was not imported: the {name} rows come from the visible sheet "
                    f'"{chosen[name].sheet}" only')
        elif name is not None:
            what = f"so its {name} rows were not imported"
        else:
            what = "so it was not imported"
        source.warn(f'the sheet "{title}" is hidden, {what}. Only visible sheets are '
                    "imported: if its rows are wanted, unhide it (right-click a sheet tab > "
                    "Unhide) and import the workbook again")


def _s(items: list[str]) -> str:
    return "" if len(items) == 1 else "s"


def _quoted(items: list[str]) -> str:
    return listed([f'"{item}"' for item in items])


def _table_of(source: Source, sheet: RawSheet, table: str | None,
              single: bool) -> str | None:
    by_name = table_for_name(sheet.sheet) if sheet.sheet is not None else None
    if table is not None:
        return table if single or by_name == table else None
    if by_name is None and single:
        by_name = table_for_name(source.path.stem)
    if by_name is not None:
        return by_name
    by_header, ties = table_for_header(sheet.header)
    if by_header is not None:
        sheet.warn(f"the name does not say which table this is; it was read as the "
                   f"{by_header} table, going by its columns")
        return by_header
    what = source.name if sheet.sheet is None else f'the sheet "{sheet.sheet}"'
    fits = f" Its columns fit {' and '.join(ties)} equally well." if ties else ""
    source.fail(f"cannot tell which table {what} holds: the name is not a table name and the "
                "columns do not match one table",
                "Rename the file after the table it holds, for example person.csv, or in an "
                "Excel workbook name each sheet after the table it holds (for example a sheet "
                f"called person).{fits} The tables are: {describe_tables()}.")
    return None


def _no_rows(source: Source, sheet: RawSheet, single: bool) -> None:
    if single:
        source.fail("the file has a header row but no rows of data",
                    "Add rows under the header, or check that you chose the right file.")
    else:
        sheet.warn("the sheet has a header but no rows; it was skipped")
        source.warnings.extend(sheet.warnings)
