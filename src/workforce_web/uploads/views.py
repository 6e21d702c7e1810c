"""The upload page: validate each file with the core importer; store it only if it is clean
(one transaction per file), and show every problem with file, sheet, row and column."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.shortcuts import render

from workforce.imports import read_files
from workforce.imports.errors import ImportProblem
from workforce.ledger import TABLES
from workforce_web.accounts.access import audit, require
from workforce_web.accounts.models import EDITOR_ROLES
from workforce_web.bridge import DatabaseBusy, ImportRefused, store_tables
from workforce_web.measures_cache import org_ledger

MAX_FILES = 25


def upload(request):
    m = require(request, *EDITOR_ROLES)
    outcomes = []
    error = ""
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if not files:
            error = "Choose at least one CSV or Excel file to upload."
        elif len(files) > MAX_FILES:
            error = f"Upload at most {MAX_FILES} files at a time."
        elif repeated := _repeated_names(files):
            error = (f"More than one file is named {', '.join(repeated)}: nothing was imported. "
                     "Rename the files so each has its own name, or upload them one at a "
                     "time.")
        else:
            outcomes, busy = _import(request, m.organisation, files)
            if busy:
                error = _busy_message(busy)
    return render(request, "workforce/upload.html", {
        "outcomes": outcomes, "error": error, "tables": TABLES.values(),
    })


def _repeated_names(files) -> list[str]:
    """File names given to more than one file of the upload (ignoring case, as Windows and
    macOS do): their problems could not be told apart, so such an upload is refused."""
    seen: dict[str, str] = {}
    repeated: dict[str, str] = {}
    for f in files:
        name = Path(f.name).name
        key = name.casefold()
        if key in seen:
            repeated.setdefault(key, seen[key])
        seen.setdefault(key, name)
    return list(repeated.values())


def _busy_message(names: list[str]) -> str:
    which = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return (f"The database is busy with another change, so {which} "
            f"{'was' if len(names) == 1 else 'were'} not imported: nothing from "
            f"{'it' if len(names) == 1 else 'them'} was stored. Try again in a minute.")


def _import(request, organisation: str, files) -> tuple[list[dict], list[str]]:
    """The outcome of each file, and the clean files not stored because the database stayed
    locked by another writer (after the first such file, no later one is tried: each try
    waits the whole busy timeout)."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, f in enumerate(files):
            # A folder per file: no file can overwrite another in the temporary folder.
            path = Path(tmp) / str(i) / Path(f.name).name
            path.parent.mkdir()
            with path.open("wb") as out:
                for chunk in f.chunks():
                    out.write(chunk)
            paths.append(path)
        results = read_files(paths, context=org_ledger(organisation))
    outcomes: list[dict] = []
    busy: list[str] = []
    for res in results:
        wrong_org = [t for t, fr in res.tables.items() if fr.height and set(
            fr["code" if t == "organisation" else "organisation"].to_list()) - {organisation}]
        if res.errors or wrong_org:
            outcomes.append({"name": res.path.name, "stored": False, "errors": res.errors[:200],
                             "more": max(0, len(res.errors) - 200), "warnings": res.warnings,
                             "wrong_org": wrong_org})
            continue
        if busy:
            busy.append(res.path.name)
            continue
        try:
            report = store_tables(res.given_tables())
        except DatabaseBusy:  # rolled back: nothing from this file was stored
            busy.append(res.path.name)
            continue
        except ImportRefused as exc:  # valid alone, not over the stored values: none stored
            problem = ImportProblem(res.path.name, None, None, None, None, str(exc))
            outcomes.append({"name": res.path.name, "stored": False, "errors": [problem],
                             "more": 0, "warnings": res.warnings, "wrong_org": []})
            continue
        audit(request, "import", res.path.name)
        outcomes.append({"name": res.path.name, "stored": True, "report": report,
                         "warnings": res.warnings})
    return outcomes, busy
