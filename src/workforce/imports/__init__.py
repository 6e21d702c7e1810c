"""Import and export of ledger tables as CSV and Excel files, with checks people can act on.

Reading (the contract with the CLI and the database store)::

    results = read_files(paths, context=ledger_in_db, progress=callback)
    if any(result.errors for result in results):
        show(...)                         # nothing from the batch is stored
    else:                                 # every file, in one transaction
        store_batch([(name, result.given_tables()) for ...], store)

- One `ImportResult` per file, in the order given: `path`, `tables` (table name -> polars
  frame with exactly the declared columns and types; `given_tables()` keeps only the
  columns the file has, which is what to store, so columns a file leaves out keep their
  stored values), `errors` (`ImportProblem`s, at most
  `MAX_PROBLEMS` plus a summary line; `hidden_errors` counts the rest) and `warnings`
  (strings: things that were fixed or ignored, worth showing but not blocking).
- Imports are all-or-nothing per batch (the files of one call): store them, in one
  transaction (`api.store_batch`), only when no file has `errors`; a file may rely on rows of
  another. Re-importing is idempotent: rows are identified by organisation + the table's
  `key`, so the store should replace rows with the same key.
- `context` is the ledger already stored. References (`Column.ref`) must resolve in it or in
  another file of the same call; files are checked in table dependency order whatever order
  they are given in. A row that relies on another file of the call which has errors is
  itself an error, naming that file. Two files of a call giving one key different values
  are both refused.
- `progress(rows_done, rows_total)` is called now and then; the core never prints.
- Bad input never raises: unreadable, mis-encoded, binary or empty files are problems too.

Which table a file holds comes from its name (`assignment.csv`, `Assignments.xlsx`), from
sheet names in a workbook (one sheet per table; "Notes" and "README" sheets are ignored,
and hidden sheets are not read, with a warning naming them), from
`read_file(..., table=...)`, or failing those from its header.

Writing: `write_template` / `write_all_templates` (blank files with notes on every column),
`write_csv_folder` and `write_xlsx` (a ledger as files that import back unchanged).
"""

from workforce.imports.api import read_file, read_files
from workforce.imports.errors import MAX_PROBLEMS, ImportProblem, ImportResult
from workforce.imports.export import ledger_from, write_csv_folder, write_xlsx
from workforce.imports.templates import write_all_templates, write_template

__all__ = [
    "MAX_PROBLEMS",
    "ImportProblem",
    "ImportResult",
    "ledger_from",
    "read_file",
    "read_files",
    "write_all_templates",
    "write_csv_folder",
    "write_template",
    "write_xlsx",
]
