"""A batch refused as it was stored (by the store's checks against what is stored, or by the
database itself), as one `ImportProblem` the command line and the upload page show alike:
at the file, sheet, row and columns the refusal names where it names them.

The store (`workforce_web.bridge`, reached through `workforce.cli.context`) raises a
`ValueError` whose message follows "file: "; it may carry `batch_file` (the file being stored,
`api.store_batch`), `table` and `key` (the natural key of the row refused), `columns` (the
columns it names) and `hint` (what to do). The core reads them by name: it never imports the
web package."""

from __future__ import annotations

from workforce.imports.errors import ImportProblem, ImportResult


def refused_file(exc: Exception) -> str | None:
    """The label of the file being stored when `exc` was raised; None when the refusal is
    of no one file (the database refused the batch as its transaction ended)."""
    return getattr(exc, "batch_file", None)


def refused_problem(exc: Exception, label: str, result: ImportResult | None) -> ImportProblem:
    """The refusal `exc` as a problem of the file labelled `label` (whose `result` names the
    sheet and row of the refused row, when the refusal names one), or of the batch (`label`
    its files) when `result` is None."""
    table, key = getattr(exc, "table", None), getattr(exc, "key", None)
    sheet = row = None
    if result is not None and table and key:
        sheet, row = result.place(table, key)
    columns = list(getattr(exc, "columns", ()))
    value = ", ".join(str(key[c]) for c in columns if c in key) if key else ""
    return ImportProblem(label, sheet, row, ", ".join(columns) or None, value or None,
                         str(exc), getattr(exc, "hint", ""))
