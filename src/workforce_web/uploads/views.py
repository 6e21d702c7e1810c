"""The upload page: validate the files with the core importer and store them as one batch,
all or nothing: only when every file is clean, and then all in one transaction; show every
problem with file, sheet, row and column, and which clean files were not stored because they
came with a file that failed. A batch refused as it is stored (by the store's checks against
what is stored, or by the database itself) is shown as a file with problems is, at the row
the refusal names, with every file's warnings. Only CSV files (.csv) and Excel workbooks
(.xlsx) are taken, each holding what its name says (`_wrong_kind`). The page also hands out
the blank import templates (`?template=<table>&format=xlsx|csv`). A refused request for the
page, a template or an upload (a role that may not import, a template that does not exist)
is recorded as `upload_refused`, naming the template or the files asked for: not
"import_refused", which is an editor's upload the importer did not store."""

from __future__ import annotations

import io
import re
import tempfile
from itertools import groupby
from pathlib import Path

from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from workforce.imports import read_files, write_template
from workforce.imports.errors import ImportProblem
from workforce.imports.refusals import refused_file, refused_problem
from workforce.ledger import TABLES, org_column
from workforce.wording import listed
from workforce_web import warm
from workforce_web.accounts.access import audit, refusals_audited, require
from workforce_web.accounts.models import EDITOR_ROLES
from workforce_web.bridge import (
    DatabaseBusy,
    ImportRefused,
    ledger_held,
    ledger_versions,
    store_batch,
)
from workforce_web.measures_cache import org_ledger

MAX_FILES = 25
MAX_FILE_MB = 100
"""Largest file an upload may hold (some 500,000 rows of CSV); larger files are refused before
they are read, so that one upload cannot take the server's memory. The command line
(`workforce import`) has no such limit."""
MAX_UPLOAD_MB = 250
TEMPLATE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}

def _asked(request, **_) -> str:
    """What a refused request asked for: the files it uploaded, or the template."""
    if request.method == "POST":
        names = [Path(f.name).name for f in request.FILES.getlist("files")]
        return f"files: {', '.join(names) or 'none'}"
    if "template" in request.GET:
        return (f"template={request.GET.get('template', '')} "
                f"format={request.GET.get('format', 'xlsx')}")
    return ""


@refusals_audited("upload", _asked)
def upload(request):
    m = require(request, *EDITOR_ROLES)
    if request.method == "GET" and "template" in request.GET:
        return _template(request.GET.get("template", ""), request.GET.get("format", "xlsx"))
    outcomes = []
    error: str | list[str] = ""
    if request.method == "POST":
        files = request.FILES.getlist("files")
        if not files:
            error = "Choose at least one CSV or Excel file to upload."
        elif len(files) > MAX_FILES:
            error = f"Upload at most {MAX_FILES} files at a time."
        elif wrong := _wrong_kind(files):
            error = wrong
        elif big := [f.name for f in files if f.size > MAX_FILE_MB << 20]:
            error = (f"{', '.join(big)} {'is' if len(big) == 1 else 'are'} larger than "
                     f"{MAX_FILE_MB} MB: nothing was imported. Split the data into smaller "
                     "files, or ask your administrator to load it with the workforce import "
                     "command.")
        elif sum(f.size for f in files) > MAX_UPLOAD_MB << 20:
            error = (f"The files come to more than {MAX_UPLOAD_MB} MB together: nothing was "
                     "imported. Upload them a few at a time.")
        elif repeated := _repeated_names(files):
            error = (f"More than one file is named {', '.join(repeated)}: nothing was imported. "
                     "Rename the files so each has its own name, or upload them one at a "
                     "time.")
        else:
            outcomes, busy = _import(request, m.organisation, files)
            if busy:
                error = _busy_message(busy)
    errors = [error] if isinstance(error, str) and error else list(error)
    return render(request, "workforce/upload.html", {
        "outcomes": outcomes,
        "errors": errors + [refused_words(o) for o in outcomes if not o["stored"]],
        "summary": summary_links(errors, outcomes),
        "tables": [{"name": t.name, "doc": as_html(t.doc)} for t in TABLES.values()],
    })


def summary_links(errors: list[str], outcomes: list[dict]) -> list[dict]:
    """The error summary's lines, each linked to what it is about (the GOV.UK error summary
    pattern): an error of the upload itself to the file field, a file not imported to its
    table of problems, or to its heading when it has none (files held back by another, rows
    of another organisation). Gives each such outcome the `id` of its heading."""
    links = [{"text": e, "href": "#files"} for e in errors]
    for i, outcome in enumerate(outcomes, 1):
        if outcome["stored"]:
            continue
        outcome["id"] = f"file-{i}"
        target = f"file-{i}-problems" if outcome.get("errors") else outcome["id"]
        links.append({"text": refused_words(outcome), "href": f"#{target}"})
    return links


def refused_words(outcome: dict) -> str:
    """The error summary's line for a file, or files, not imported (linked to the file field,
    and shown at it): what to do before uploading again. Its problems are listed below."""
    count = outcome.get("count", 1)
    were, it = ("was", "it") if count == 1 else ("were", "them")
    if outcome.get("held"):
        return (f"{outcome['name']} {were} not imported either: upload {it} again with the "
                "files that had problems, once those are fixed")
    problems = outcome["total"]
    todo = [f"fix the {'problem' if problems == 1 else f'{problems:,} problems'} listed below"
            ] if problems else []
    if outcome["wrong_org"]:
        todo.append("remove the rows that belong to another organisation")
    return f"{outcome['name']} {were} not imported: {' and '.join(todo)}, then upload {it} again"


def _template(table: str, fmt: str) -> FileResponse:
    """The blank import template of `table` as written for the `workforce template` command,
    written into a temporary folder and handed back as a download."""
    if table not in TABLES or fmt not in TEMPLATE_TYPES:
        raise Http404("No such template.")
    with tempfile.TemporaryDirectory() as tmp:
        # A .csv template is its header row; the notes written beside it are in the workbook.
        body = write_template(table, Path(tmp) / f"{table}.{fmt}").read_bytes()
    return FileResponse(io.BytesIO(body), as_attachment=True, filename=f"{table}.{fmt}",
                        content_type=TEMPLATE_TYPES[fmt])


def as_html(text: str) -> SafeString:
    """`text` for a page: escaped, with `code` in backticks (the core's markdown) as <code>."""
    return mark_safe(re.sub(r"`([^`]+)`", r'<code>\1</code>', str(escape(text))))  # noqa: S308


_SUBJECTLESS = ("is ", "could ")


def problem_text(problem: ImportProblem) -> str:
    """A problem as sentences for the page: the message (the importer writes it to follow
    "file: ", so it may start in lower case or with its verb), the other rows it applies to,
    then what to do, told to a web user. Plain text: messages quote cell values, which may
    hold backticks of their own."""
    message = problem.message.strip()
    if message.startswith(_SUBJECTLESS):
        message = ("The file " if problem.sheet is None else f'The sheet "{problem.sheet}" '
                   ) + message
    message = message[:1].upper() + message[1:]
    if problem.also_count:
        rows = ", ".join(str(r) for r in problem.also)
        rest = problem.also_count - len(problem.also)
        more = f" and {rest:,} more" if rest else ""
        message += f" (also row{'s' if problem.also_count > 1 else ''} {rows}{more})"
    if not message.endswith((".", "!", "?")):
        message += "."
    hint = problem.hint.strip()
    return f"{message} {hint}" if hint else message


KINDS = {".csv": "a CSV file (.csv)", ".xlsx": "an Excel workbook (.xlsx)"}
ZIP = b"PK\x03\x04"  # an .xlsx workbook is a ZIP archive; a CSV file is text


def _wrong_kind(files) -> list[str]:
    """What is wrong with each file that is not a CSV file or an Excel workbook by its name,
    or whose content is not what its name says (a CSV file renamed .xlsx, a workbook
    renamed .csv); nothing is imported from an upload with any. The command line (`workforce
    import`) reads any file by its content, saying when the name disagrees."""
    out = []
    for f in files:
        name = Path(f.name).name
        suffix = Path(name).suffix.lower()
        if suffix not in KINDS:
            out.append(f"{name} is not a CSV file (.csv) or an Excel workbook (.xlsx): nothing "
                       "was imported. Save it from your spreadsheet as CSV UTF-8 (.csv) or as "
                       "an Excel Workbook (.xlsx), and upload the files again.")
            continue
        f.seek(0)
        zipped = f.read(len(ZIP)) == ZIP
        f.seek(0)
        if suffix == ".xlsx" and not zipped:
            out.append(f"{name} is not an Excel workbook, although its name ends .xlsx: "
                       "nothing was imported. If it is a CSV file, rename it to end .csv; "
                       "otherwise open it in Excel, save it as an Excel Workbook (.xlsx), "
                       "and upload the files again.")
        elif suffix == ".csv" and zipped:
            out.append(f"{name} is not a CSV file, although its name ends .csv (it is a "
                       "workbook or another archive): nothing was imported. If it is an Excel "
                       "workbook, rename it to end .xlsx; otherwise save it from your "
                       "spreadsheet as CSV UTF-8 (.csv), and upload the files again.")
    return out


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
    return (f"The database is busy with another change, so {listed(names)} "
            f"{'was' if len(names) == 1 else 'were'} not imported: nothing from "
            f"{'it' if len(names) == 1 else 'them'} was stored. Try again in a minute.")


def _import(request, organisation: str, files) -> tuple[list[dict], list[str]]:
    """The outcome of each file, and the files not stored because the database stayed
    locked by another writer. The files are one batch: stored all in one transaction when
    every one is clean, otherwise none of them (a clean file is shown as not stored because
    of the ones that failed: it may rely on them). They are checked against the stored
    ledger, then again, under the organisation's ledger lock, when another import stored
    rows since (`bridge.ledger_held`): an upload of the organisation's that comes while
    another import is being stored waits for it, then is checked against what it stored
    and stored or refused; nothing is stored meanwhile, so it is stored as if one after the
    other. Files with problems are shown with them whether or not the database is busy:
    when it stays busy (SQLite's write lock, which an upload takes to wait for another
    import, held by another writer past its timeout), with the problems they had against
    what was stored when they were checked."""
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
        checked = ledger_versions()
        results = read_files(paths, context=org_ledger(organisation))
        names = [res.path.name for res in results]
        reports = None
        failed = _failures(results, organisation)
        try:
            with ledger_held([organisation], checked) as changed:
                if changed:  # stored since: check the files against what is stored now
                    results = read_files(paths, context=org_ledger(organisation))
                    failed = _failures(results, organisation)
                if not failed:
                    reports = store_batch([(res.path.name, res.given_tables())
                                           for res in results])
        except DatabaseBusy:  # rolled back: nothing from the batch was stored
            if not failed:
                return [], names
            # the lock is needed to store, not to say what is wrong: the problems the files
            # had against what was stored when they were checked
        except ImportRefused as exc:  # refused by the store's checks or the database: none
            name = refused_file(exc)
            if name not in names:  # not known which file: the batch as a whole was refused
                for each in names:
                    audit(request, "import_refused", each)
                problem = refused_problem(exc, listed(names), None)
                return [_failed(None, [problem], [], listed(names), len(names),
                                [w for res in results for w in res.warnings])], []
            res = results[names.index(name)]
            failed = {name: _failed(res, [refused_problem(exc, name, res)], [])}
    if reports is not None:
        transaction.on_commit(lambda: warm.start(organisation))
        outcomes = []
        for res, report in zip(results, reports, strict=True):
            audit(request, "import", res.path.name)
            outcomes.append({"name": res.path.name, "stored": True, "report": report,
                             "warnings": res.warnings})
        return outcomes, []
    for name in names:  # the page showed their rows' values back: who uploaded what is kept
        audit(request, "import_refused", name)
    held = [name for name in names if name not in failed]
    outcomes = [failed[name] for name in names if name in failed]
    if held:
        outcomes.append({"name": listed(held), "stored": False, "held": True,
                         "count": len(held), "failed": listed(list(failed)),
                         "failed_count": len(failed),
                         "warnings": [w for res in results if res.path.name in held
                                      for w in res.warnings]})
    return outcomes, []


def _failures(results, organisation: str) -> dict[str, dict]:  # noqa: ANN001 - ImportResults
    """The outcome of each file that failed its checks or gives rows of another
    organisation than `organisation`, by name."""
    failed: dict[str, dict] = {}
    for res in results:
        wrong_org = [t for t, fr in res.tables.items() if fr.height and set(
            fr[org_column(t)].to_list()) - {organisation}]
        if res.errors or wrong_org:
            failed[res.path.name] = _failed(res, res.errors, wrong_org)
    return failed


def _failed(res, errors: list[ImportProblem], wrong_org: list[str], name: str = "",
            count: int = 1, warnings: list[str] | None = None) -> dict:
    """The outcome of a file that failed (its problems) or was refused when stored (or of the
    `count` files `name` names, refused together, with all their `warnings`): its warnings
    are shown below its problems, so that everything can be fixed before the next upload."""
    shown = _shown(errors[:200])
    return {"name": name or res.path.name, "count": count, "stored": False,
            "errors": shown, "groups": _by_sheet(shown), "total": len(errors),
            "sheets": any(e.sheet for e in errors[:200]),  # a CSV file has none to show
            "more": max(0, len(errors) - 200),
            "warnings": res.warnings if warnings is None else warnings,
            "wrong_org": wrong_org}


def _by_sheet(shown: list[dict]) -> list[dict]:
    """The problems in runs of one sheet (`sheet` "" for the file as a whole), in their
    order: a workbook's table names each run's sheet once, above its rows, rather than in a
    column of its own, so that it has the four columns a CSV file's has and fits a phone."""
    return [{"sheet": sheet, "errors": list(run)}
            for sheet, run in groupby(shown, key=lambda e: e["sheet"])]


def _shown(problems: list[ImportProblem]) -> list[dict]:
    return [{"sheet": breakable(p.sheet or ""), "row": p.row,
             "column": breakable(p.column or ""), "value": p.shown_value,
             "text": problem_text(p)} for p in problems]


def breakable(name: str) -> SafeString:
    """A sheet or column name for a narrow table cell: escaped, and free to break after
    each underscore (working_days_lost is wider than a phone's column; a word is not
    broken)."""
    return mark_safe(str(escape(name)).replace("_", "_<wbr>"))  # noqa: S308
