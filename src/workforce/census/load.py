"""Import past CSWW returns into the ledger as yearly history.

Each file is recognised from its own content (header year, else the layout), checked against
its year's schema, and mapped to ledger rows for one organisation per LA number (`LEA`). A file
with any schema fault, or that cannot be read, loads nothing: its faults are reported and the
other files still load. Rows are keyed by LA, year and record so that re-importing a file
replaces its rows rather than adding to them.

How a return becomes history (see `rows.py` for the item mapping): a return describes one
census year, so each worker record becomes an assignment covering that year only, plus a
zero-FTE marker back to the worker's RoleStartDate so that starters and time in service come
out right. Several years' returns of the same LA fit together without double counting.

Pseudonymisation (for regional pooling): with a key, every SWE number is replaced by
HMAC-SHA256(key, normalised SWE number), the name and SWE number are not stored, and dates of
birth are kept to the month. A bare hash would not do: SWE numbers are short and sequential,
so anyone could hash every possible number and reverse it. With a key only its holder can link
a pseudonym to a person, and the same key always gives the same pseudonym, so one council's
returns line up across years and an alliance can pool them. Keep the key out of the data.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from workforce.census import rows
from workforce.census.read import CensusReadError, SchemaInvalid, iter_records
from workforce.census.validate import XSD, Finding, Report, sniff, validate
from workforce.census.xsd import libxml_schema
from workforce.ledger import conform

MIN_KEY_BYTES = 16
_SWE = re.compile(r"^([A-Za-z]{2})0*(\d+)$")


def normalise_swe(swe: str) -> str:
    """Upper case, no spaces, no leading zeros after the letters (SW000123 is SW123)."""
    if swe[:2].isupper() and swe[2:3] != "0" and swe[2:].isdigit():
        return swe  # already normal: the common case, kept cheap
    s = re.sub(r"\s", "", swe or "").upper()
    m = _SWE.match(s)
    return f"{m.group(1).upper()}{m.group(2)}" if m else s


def pseudonym(swe: str, key: bytes) -> str:
    """A stable keyed pseudonym for an SWE number: 'P' + 32 hex digits of HMAC-SHA256."""
    digest = hmac.new(key, normalise_swe(swe).encode(), hashlib.sha256).hexdigest()
    return "P" + digest[:32]


def read_key(path: str | Path) -> bytes:
    """The council's pseudonymisation key from a file (at least 16 bytes, e.g. 64 hex
    characters from `python -c "import secrets; print(secrets.token_hex(32))"`)."""
    key = Path(path).read_bytes().strip()
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"The key in {path} is too short: use at least {MIN_KEY_BYTES} "
                         "random bytes (for example 64 hex characters).")
    return key


@dataclass
class Loaded:
    """The result of importing one file: its rows, or the reasons it was refused."""

    file: str
    year: int | None = None
    lea: str = ""
    workers: int = 0
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    problems: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def load_return(path: str | Path, key: bytes | None = None, org: str | None = None) -> Loaded:
    """Read one return into ledger tables, all or nothing."""
    out = Loaded(str(path))
    try:
        info = sniff(path)
        out.year, out.lea = info.year, info.lea
        if info.year is None or not info.lea:
            what = "collection year" if info.year is None else "LA number (LEA)"
            out.problems.append(_problem(out.file, f"The file's {what} could not be found."))
            return out
        builder = rows.Builder(info.year, info.lea, org or info.lea,
                               (lambda s: pseudonym(s, key)) if key else None)
        with _bulk():
            for rec in iter_records(path, libxml_schema(info.year, info.la_element)):
                builder.add(rec)
        out.workers = builder.workers
        out.tables = {name: conform(name, frame) for name, frame in builder.tables().items()}
        out.notes = builder.notes
    except CensusReadError as exc:
        out.problems.append(_problem(out.file, str(exc)))
    except SchemaInvalid:  # list every schema fault; load nothing from this file
        report: Report = validate(path)
        out.problems = [f for f in report.findings if f.code == XSD] or report.errors
    if out.problems:
        out.tables = {}
    return out


@contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while rows pile up: they hold no cycles, and
    collecting over and over as a million rows accumulate costs about a fifth of the time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _problem(name: str, message: str) -> Finding:
    return Finding(name, "error", "READ", "file", "", "", "", message)


def load_returns(paths: Iterable[str | Path], key: bytes | None = None,
                 org: str | None = None) -> tuple[dict[str, pl.DataFrame], list[Loaded]]:
    """Import several files; the rows of the files that loaded, merged by table, and a
    result per file."""
    results = [load_return(p, key, org) for p in paths]
    merged: dict[str, list[pl.DataFrame]] = {}
    for r in sorted(results, key=lambda r: r.year or 0):  # later years describe people last
        for name, frame in r.tables.items():
            merged.setdefault(name, []).append(frame)
    tables = {name: rows.dedupe(name, pl.concat(frames, how="vertical_relaxed"))
              for name, frames in merged.items()}
    return tables, results
