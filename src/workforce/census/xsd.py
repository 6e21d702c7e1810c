"""The shipped schemas, and their findings in plain English.

Two validators read the same shipped XSDs. libxml2 (through lxml) checks the whole file while
it streams, in C, which is fast enough for a million workers; only when it finds a fault does
`xmlschema` list every fault with its place (record number and item), streamed in lazy mode.
A 2025 file whose LA-level element is `LALevelVacancies` (one upstream branch's name) is
checked against the 2025 schema with that one element name swapped.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import xmlschema
from lxml import etree

from workforce.census.layouts import layout

_PLACE = re.compile(r"^/Message/(CSWWWorker|LALevelVacancies|LALevel|Header)(?:\[(\d+)\])?(.*)$")


@lru_cache(maxsize=16)
def schema_text(year: int, la_element: str | None = None) -> str:
    """The shipped XSD of `year`, with the LA-level element renamed when `la_element` differs."""
    lay = layout(year)
    text = lay.schema_path.read_text(encoding="utf-8")
    if la_element and la_element != lay.la_element:
        text = text.replace(f'name="{lay.la_element}" type="vacancytype"',
                            f'name="{la_element}" type="vacancytype"')
    return text


@lru_cache(maxsize=16)
def libxml_schema(year: int, la_element: str | None = None) -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.fromstring(schema_text(year, la_element).encode(), parser))


@lru_cache(maxsize=16)
def python_schema(year: int, la_element: str | None = None) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(io.StringIO(schema_text(year, la_element)))


@dataclass(frozen=True)
class SchemaFault:
    """One XSD finding: the record (worker number, 0 for others), item and plain message."""

    record: str  # header, la or worker
    index: int
    field: str
    message: str
    value: str | None = None  # the text as the schema saw it, when the reader's differs


def schema_faults(path: str | Path, year: int, la_element: str | None) -> Iterator[SchemaFault]:
    """Every fault `xmlschema` finds, streamed (lazy mode keeps memory flat)."""
    resource = xmlschema.XMLResource(str(path), lazy=True, defuse="always")
    for err in python_schema(year, la_element).iter_errors(resource):
        yield _fault(err)


def _fault(err: xmlschema.XMLSchemaValidationError) -> SchemaFault:
    path = err.path or ""
    m = _PLACE.match(path)
    kind, index, rest = (m.group(1), int(m.group(2) or 0), m.group(3)) if m else ("", 0, "")
    record = {"CSWWWorker": "worker", "Header": "header", "": "file"}.get(kind, "la")
    if record == "worker" and not index:
        index = 1
    field = rest.rsplit("/", 1)[-1] if rest else ""
    reason = str(err.reason or err.message)
    name = type(err.validator).__name__
    if name == "XsdGroup" or "Unexpected child" in reason or "not complete" in reason:
        field, text = _group_message(reason, kind or "Message")
        return SchemaFault(record, index, field, text)
    message = _value_message(name, reason, field)
    raw = err.obj if isinstance(err.obj, str) else None
    if raw is None or raw == raw.strip():
        return SchemaFault(record, index, field, message)
    # The reader strips an item's text, the schema does not (codes and patterns are strings
    # whose spaces count): say so, or the message would show a value that looks right.
    return SchemaFault(record, index, field, _spaced(message, raw), _visible(raw))


def _spaced(message: str, raw: str) -> str:
    """`message` about a value with spaces (or line breaks) around it."""
    return (f"{message.rstrip('.')}: the value '{_visible(raw)}' has spaces around it, which "
            f"count in this item; write it as '{_visible(raw.strip())}', with no spaces.")


def _visible(text: str) -> str:
    """Line breaks and tabs written as \\n, \\t, so that a value shows on one line."""
    return text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def _group_message(reason: str, parent: str) -> tuple[str, str]:
    tags = re.findall(r"[Tt]ag '?([A-Za-z0-9_]+)'?", reason)
    unexpected = re.search(r"Unexpected child with tag '([^']+)'", reason)
    if unexpected:
        field = unexpected.group(1)
        want = [t for t in tags if t != field]
        if want:
            return field, (f"{field} was found where the schema expects {want[0]}: either "
                           f"{want[0]} is missing, or {field} is out of order, repeated or not "
                           "an item of this year's layout.")
        return field, (f"{field} is not expected here: it is out of order, repeated or not an "
                       "item of this year's layout.")
    missing = tags[-1] if tags else ""
    return missing, f"{missing or 'An item'} is missing from {parent}; the schema requires it."


def _value_message(validator: str, reason: str, field: str) -> str:
    if validator == "XsdEnumerationFacets":
        codes = re.findall(r"'([^']*)'", reason)
        return f"{field} must be one of the codes {', '.join(codes)}."
    if validator == "XsdPatternFacets":
        if field == "SWENo":
            return ("SWENo must be two letters followed by 1 to 10 digits, as on the Social "
                    "Work England register (for example SW12345).")
        return f"{field} is not in the expected format."
    if validator == "XsdFractionDigitsFacet":
        digits = re.findall(r"(\d+)", reason)
        return f"{field} has too many decimal places (at most {digits[-1] if digits else '?'})."
    if validator in ("XsdMaxInclusiveFacet", "XsdMinInclusiveFacet"):
        bound = re.findall(r"Decimal\('([^']+)'\)|(\d+)", reason)
        limit = next((a or b for a, b in bound), "")
        side = "at most" if "Max" in validator else "at least"
        return f"{field} must be {side} {limit}."
    if validator == "XsdAtomicBuiltin" and field.endswith(("Date", "DateTime")):
        return f"{field} must be a real date written YYYY-MM-DD ({reason})."
    if validator == "XsdAtomicBuiltin" and "decimal" in reason.lower():
        return f"{field} must be a number."
    if validator == "XsdMinLengthFacet":
        return f"{field} cannot be empty."
    return f"{field} is not a valid value: {reason}."
