"""Write a CSWW return: build it from a ledger for a year, and stream it out as XML.

`build` applies DfE's inclusion rules (`select.py`), the LA-level module (`lalevel.py`) and,
from 2025, the pay items and incentive flags (`payitems.py`). `write_xml` streams any
iterable of worker records to a file one record at a time, so a return of any size is written
in constant memory (the benchmark uses it for files of a million workers).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

import polars as pl

from workforce.census import lalevel, payitems, select
from workforce.census.layouts import LATEST, Item, Layout, layout
from workforce.ledger import Ledger
from workforce.ledger.orgs import known_organisations, resolve_org

SOFTWARE = "Workforce"


@dataclass(frozen=True)
class CensusReturn:
    """A return ready to write: its layout, LA number, LA-level values and worker records."""

    layout: Layout
    lea: str
    la: Mapping[str, object]
    workers: pl.DataFrame

    def worker_dicts(self) -> Iterable[dict[str, object]]:
        return self.workers.iter_rows(named=True)


def build(ledger: Ledger, year: int = LATEST, org: str | None = None,
          flags: Mapping[str, str] | None = None) -> CensusReturn:
    """The return of organisation `org` (the only one, when None) for collection `year`."""
    lay = layout(year)
    code, lea = _organisation(ledger, org)
    one = ledger.for_organisation(code)
    la: dict[str, object] = dict(lalevel.la_level(one, year))
    if lay.has("RecruitmentBonus"):
        la.update(payitems.incentive_flags(one, year, flags))
    return CensusReturn(lay, lea, la, select.workers(one, year))


def _organisation(ledger: Ledger, org: str | None) -> tuple[str, str]:
    orgs = ledger.organisation
    if org is not None:  # its code, DfE LA number or ONS E-code, any case
        orgs = orgs.filter(pl.col("code") == resolve_org(orgs, org))
    if orgs.height != 1:
        raise ValueError("Several organisations in the data; choose one with --org (known: "
                         f"{known_organisations(orgs)})")
    row = orgs.row(0, named=True)
    lea = row["old_la_code"] or row["code"]
    if not (isinstance(lea, str) and len(lea) == 3 and lea.isdigit()):
        raise ValueError(f"Organisation {row['code']} has no 3-digit DfE LA number "
                         "(old_la_code), which the return's LEA item needs")
    return row["code"], lea


def export(ledger: Ledger, path: str | Path, year: int = LATEST, org: str | None = None,
           flags: Mapping[str, str] | None = None) -> CensusReturn:
    """Build the return and write it to `path`; returns what was written."""
    ret = build(ledger, year, org, flags)
    with open(path, "wb") as out:
        write_xml(out, ret.layout, ret.lea, ret.la, ret.worker_dicts())
    return ret


def write_xml(out: IO[bytes], lay: Layout, lea: str, la: Mapping[str, object],
              workers: Iterable[Mapping[str, object]], when: datetime | None = None) -> int:
    """Stream a return to `out`; returns the number of worker records written."""
    stamp = (when or datetime.now()).replace(microsecond=0).isoformat()
    head = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n<Header>\n<CollectionDetails>\n'
        f"<Collection>CSWW</Collection>\n<Year>{lay.year}</Year>\n"
        f"<ReferenceDate>{lay.reference_date.isoformat()}</ReferenceDate>\n"
        "</CollectionDetails>\n<Source>\n<SourceLevel>L</SourceLevel>\n"
        f"<LEA>{lea}</LEA>\n<SoftwareCode>{SOFTWARE}</SoftwareCode>\n"
        f"<DateTime>{stamp}</DateTime>\n</Source>\n</Header>\n")
    out.write(head.encode())
    out.write(_record(lay.la_element, lay.la_items, la).encode())
    n = 0
    buf: list[str] = []
    for worker in workers:
        buf.append(_record("CSWWWorker", lay.worker_items, worker))
        n += 1
        if len(buf) >= 1000:
            out.write("".join(buf).encode())
            buf.clear()
    out.write(("".join(buf) + "</Message>\n").encode())
    return n


def _record(tag: str, items: tuple[Item, ...], values: Mapping[str, object]) -> str:
    parts = [f"<{tag}>\n"]
    for item in items:
        text = format_value(item.kind, values.get(item.name))
        if text is not None:
            parts.append(f"<{item.name}>{text}</{item.name}>\n")
        elif item.always:
            parts.append(f"<{item.name}/>\n")
    parts.append(f"</{tag}>\n")
    return "".join(parts)


def format_value(kind: str, value: object) -> str | None:
    """The text of one item as the schema wants it; None (item left out) when no value."""
    if value is None or value == "":
        return None
    if kind == "fte":
        return f"{float(value):.6f}".rstrip("0").rstrip(".") or "0"  # type: ignore[arg-type]
    if kind == "dec2":
        return f"{float(value):.2f}"  # type: ignore[arg-type]
    if kind == "dec1":
        return f"{float(value):.1f}"  # type: ignore[arg-type]
    if kind == "int":
        return str(int(value))  # type: ignore[call-overload]
    if kind == "date":
        return value.isoformat() if isinstance(value, date) else str(value)
    return escape(str(value))
