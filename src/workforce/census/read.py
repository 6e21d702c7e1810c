"""Read a CSWW return, streamed and safe against hostile XML.

The file is parsed with lxml's `iterparse` one record at a time (the header, the LA-level
module, each `CSWWWorker`), and each record is cleared as soon as it has been read, so memory
stays flat whatever the file size. The parser never loads a DTD, never resolves entities and
never touches the network; a file that declares a DTD at all is refused (a census return has
no use for one, and entity bombs and external entities both need one). Depth and element size
are limited. Every problem becomes a `CensusReadError` with a plain-English message: bad
input never ends in a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from lxml import etree

from workforce.census.layouts import LA_ELEMENTS

RECORD_TAGS = ("Header", *LA_ELEMENTS, "CSWWWorker")
MAX_DEPTH = 4  # below a record: Header/CollectionDetails/Year is the deepest legal item
MAX_TEXT = 4_000  # characters in one item; QualInst, the longest, is at most 300
MAX_ITEMS = 200  # child items in one record; a 2025 worker has at most 25 kinds


class CensusReadError(ValueError):
    """A file that cannot be read as a census return; the message says why, in plain English."""


@dataclass
class Record:
    """One record of a return: `kind` is header, la or worker; `index` counts workers from 1.

    `values` maps each item to its text (the first one, when an item repeats); `repeated`
    lists the items that appear more than once; `line` is the record's line in the file."""

    kind: str
    index: int
    line: int
    tag: str
    values: dict[str, str] = field(default_factory=dict)
    repeated: list[str] = field(default_factory=list)
    nested: list[str] = field(default_factory=list)


def _parser_args() -> dict[str, object]:
    return dict(resolve_entities=False, load_dtd=False, no_network=True, dtd_validation=False,
                huge_tree=False, remove_comments=True, remove_pis=True)


def iter_records(source: str | Path | IO[bytes], schema: etree.XMLSchema | None = None,
                 chunk: int | None = None) -> Iterator[Record]:
    """Yield the records of a return in file order. With `schema`, libxml2 also validates the
    file while streaming; its findings are raised as `SchemaInvalid` after the last record.
    With `chunk`, a file named by `source` is read that many bytes at a time (lxml reads 32 KB
    at once, which is far more than a reader that stops after the first records needs)."""
    name = str(source) if isinstance(source, str | Path) else "the file"
    kwargs = _parser_args()
    if schema is not None:
        kwargs["schema"] = schema
    workers = 0
    _refuse_declared_dtd(source)
    etree.clear_error_log()  # so that the log's first entry is this file's (`_first_error`)
    opened = None
    try:
        if chunk and isinstance(source, str | Path):
            opened = open(source, "rb")  # noqa: SIM115 (closed in `finally`)
            feed: object = _Chunked(opened, chunk)
        else:
            feed = source if not isinstance(source, Path) else str(source)
        it = etree.iterparse(feed, events=("end",), tag=RECORD_TAGS, **kwargs)
        root = None  # the top element, once a record has been found in it
        for _, el in it:
            if workers == 0:
                _refuse_dtd(el)
            parent = el.getparent()
            if parent is None:
                continue  # a record tag at the top: `_check_root` says it is not a return
            if parent is not root:
                if parent.getparent() is not None:
                    continue  # a record tag in the wrong place; the schema check reports it
                root = parent
            rec = _record(el, workers + 1)
            workers += rec.kind == "worker"
            yield rec
            el.clear()
            while el.getprevious() is not None:
                del parent[0]
        _check_root(it.root)
        if schema is not None:  # libxml2 then closes open elements at a premature end
            _refuse_truncated(source, name)
    except etree.XMLSyntaxError as exc:
        if schema is not None and exc.error_log and _is_schema_log(exc.error_log):
            raise SchemaInvalid(exc.error_log) from None
        found = _bare_error(source) if schema is not None else None
        raise CensusReadError(
            f"{name} is not well-formed XML: {found or _first_error(exc)}") from None
    except OSError as exc:
        raise CensusReadError(f"Cannot open {name}: {exc.strerror or exc}") from None
    finally:
        if opened is not None:
            opened.close()


def _bare_error(source: str | Path | IO[bytes]) -> str | None:
    """What is wrong with a file that failed to parse while the schema was checked, found by
    parsing it again without the schema: libxml2's schema check can swallow the parser's
    own message (an undefined entity far into a file then reads "no element found", with
    no line). None when the file cannot be read again (a stream) or parses cleanly."""
    if not isinstance(source, str | Path):
        return None
    try:
        for _, el in etree.iterparse(str(source), events=("end",), tag="CSWWWorker",
                                     **_parser_args()):
            el.clear()
            while el.getprevious() is not None:
                del el.getparent()[0]
    except etree.XMLSyntaxError as exc:
        return _first_error(exc)
    except OSError:
        return None
    return None


class _Chunked:
    """A file that gives at most `size` bytes a read, whatever its reader asks for."""

    def __init__(self, fh: IO[bytes], size: int) -> None:
        self.fh, self.size, self.name = fh, size, fh.name

    def read(self, n: int = -1) -> bytes:
        return self.fh.read(self.size if n < 0 else min(n, self.size))


class SchemaInvalid(Exception):
    """libxml2's streaming schema check failed; `log` holds its findings."""

    def __init__(self, log: object) -> None:
        super().__init__("The file does not match the schema")
        self.log = log


def _is_schema_log(log: object) -> bool:
    # The log can hold stale entries from earlier parses; the newest one raised.
    last = log.last_error  # type: ignore[attr-defined]
    return last is not None and last.domain_name == "SCHEMASV"


_UNDECLARED = re.compile(r"Entity '([^']*)' not defined")


def _first_error(exc: etree.XMLSyntaxError) -> str:
    """What went wrong first, with its line: libxml2's first logged error (the exception's
    own message can be a later consequence, such as "no element found" at line 1)."""
    first = next((e for e in exc.error_log if e.level >= etree.ErrorLevels.ERROR), None)
    msg = first.message if first is not None else str(exc.msg if hasattr(exc, "msg") else exc)
    where = f"line {first.line}, column {first.column}: " if first is not None else ""
    if "Excessive depth" in msg or "depth" in msg.lower():
        return "elements are nested too deeply (a census return is only four levels deep)"
    if "huge" in msg.lower() or "too long" in msg.lower():
        return "an item is far too large to be part of a census return"
    if undeclared := _UNDECLARED.search(msg):
        return (f"{where}&{undeclared.group(1)}; is not an XML entity (a census return uses "
                "none but &amp; &lt; &gt; &quot; &apos;): write the character itself")
    if "EntityRef" in msg:
        return f"{where}a bare '&' (write it as &amp;)"
    return f"{where}{msg}"


PROLOG_BYTES = 65_536  # a DOCTYPE must come before the first element, so near the top


def _peek(source: str | Path | IO[bytes], size: int, from_end: bool = False) -> bytes | None:
    """The first (or last) `size` bytes of a file or seekable stream, leaving a stream where
    it was; None when they cannot be had (the parser then reports what is wrong)."""
    try:
        if isinstance(source, str | Path):
            with open(source, "rb") as fh:
                return _read_at(fh, size, from_end)
        if hasattr(source, "seekable") and source.seekable():
            at = source.tell()
            try:
                return _read_at(source, size, from_end)
            finally:
                source.seek(at)
    except OSError:
        pass
    return None


def _read_at(fh: IO[bytes], size: int, from_end: bool) -> bytes:
    if from_end:
        fh.seek(0, 2)
        fh.seek(max(0, fh.tell() - size))
    return fh.read(size)


def _refuse_declared_dtd(source: str | Path | IO[bytes]) -> None:
    """Refuse a file whose prolog declares a DTD before the parser sees it, so the message is
    the same whatever libxml2 version would otherwise trip first (on entity amplification)."""
    head = _peek(source, PROLOG_BYTES)
    if head is None:
        return
    head = _markup(head, _wide_encoding(head))
    doctype = head.find(b"<!DOCTYPE")
    if doctype != -1 and doctype < _first_element(head):
        _refuse_dtd_message()


def _first_element(head: bytes) -> int:
    """Where the first element starts (past the declaration, comments and PIs)."""
    found = re.search(rb"<[^?!]", head)
    return found.start() if found else len(head)


TAIL_BYTES = 4_096
_AFTER_ROOT = re.compile(rb"</Message\s*>(\s|<!--.*?-->|<\?.*?\?>)*\Z", re.DOTALL)


def _refuse_truncated(source: str | Path | IO[bytes], name: str) -> None:
    """Refuse a file that stops before `</Message>` (a cut-off copy or download)."""
    tail = _peek(source, TAIL_BYTES, from_end=True)
    if tail is None:
        return
    wide = _wide_encoding(_peek(source, 4) or b"")
    if not _AFTER_ROOT.search(_markup(tail, wide, from_end=True)):
        raise CensusReadError(
            f"{name} is not well-formed XML: it ends before </Message>, so it is cut short "
            "(was it copied or downloaded in full?). Nothing was read from it.")


_WIDE = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\x00\x00\x00<", "utf-32-be"), (b"<\x00\x00\x00", "utf-32-le"),
         (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"),
         (b"\x00<", "utf-16-be"), (b"<\x00", "utf-16-le"))


def _wide_encoding(head: bytes) -> str | None:
    """The UTF-16 or UTF-32 encoding a file's first bytes show (its byte-order mark, or the
    XML declaration's '<' in it, as XML 1.0 appendix F), or None when markup is ASCII bytes
    (UTF-8, ASCII, Latin-1 ...)."""
    return next((enc for start, enc in _WIDE if head.startswith(start)), None)


def _markup(data: bytes, wide: str | None, from_end: bool = False) -> bytes:
    """Bytes of a file as UTF-8, so that its markup can be searched as ASCII: decoded first
    when the file is UTF-16 or UTF-32 (`wide`, from `_wide_encoding` of its first bytes;
    `data` from its start, or with `from_end` its end)."""
    if not wide:
        return data
    cut = len(data) % (4 if "32" in wide else 2)  # whole code units only
    data = data[cut:] if from_end else data[:len(data) - cut]
    return data.decode(wide, errors="replace").encode()


def _refuse_dtd_message() -> None:
    raise CensusReadError(
        "The file declares a DTD (<!DOCTYPE ...>). A census return never needs one, and "
        "DTDs are how entity bombs and external-entity attacks work, so it was not read.")


def _refuse_dtd(el: etree._Element) -> None:
    info = el.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        _refuse_dtd_message()


def _check_root(root: etree._Element | None) -> None:
    if root is None:
        raise CensusReadError("The file is empty.")
    _refuse_dtd(root)
    if root.tag != "Message":
        raise CensusReadError(
            f"The file's top element is <{root.tag}>, not <Message>: it is not a CSWW return.")


def _record(el: etree._Element, worker_no: int) -> Record:
    tag = el.tag
    kind = "header" if tag == "Header" else "worker" if tag == "CSWWWorker" else "la"
    rec = Record(kind, worker_no if kind == "worker" else 0, el.sourceline or 0, tag)
    if len(el) > MAX_ITEMS:
        raise CensusReadError(f"Line {rec.line}: <{tag}> has {len(el)} items; a census "
                              f"record has at most {MAX_ITEMS}.")
    if kind == "header":
        _flatten(el, rec, 0)
    elif not _leaves(el, rec):  # rare: items inside items, or repeated; one by one
        rec.values.clear()
        for child in el:
            _item(child, rec)
    return rec


def _leaves(el: etree._Element, rec: Record) -> bool:
    """The common case, kept lean: a record whose items are all plain text, each once. False
    when an item holds elements or repeats (the caller then checks item by item, noting the
    repeats; the first text of a repeated item counts)."""
    values = rec.values
    for child in el:
        if len(child):
            return False
        text = child.text
        if text:
            if len(text) > MAX_TEXT:
                _too_long(child, text)
            values[child.tag] = text.strip()
        else:
            values[child.tag] = ""
    return len(values) == len(el)  # else an item repeats: the caller goes item by item


def _too_long(child: etree._Element, text: str) -> None:
    raise CensusReadError(f"Line {child.sourceline}: <{child.tag}> holds {len(text):,} "
                          f"characters; no census item is longer than {MAX_TEXT:,}.")


def _flatten(el: etree._Element, rec: Record, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise CensusReadError(f"Line {el.sourceline}: elements are nested too deeply.")
    for child in el:
        if len(child):
            _flatten(child, rec, depth + 1)
        else:
            _item(child, rec)


def _item(child: etree._Element, rec: Record) -> None:
    name = child.tag
    if not isinstance(name, str):
        return
    if len(child):
        if _depth(child) > MAX_DEPTH:
            raise CensusReadError(f"Line {child.sourceline}: <{name}> holds elements nested "
                                  "too deeply for a census return.")
        rec.nested.append(name)
    text = (child.text or "").strip()
    if len(text) > MAX_TEXT:
        _too_long(child, text)
    if name in rec.values:
        rec.repeated.append(name)
    else:
        rec.values[name] = text


def _depth(el: etree._Element) -> int:
    top = len(list(el.iterancestors()))
    return max(len(list(d.iterancestors())) - top for d in el.iter())


__all__ = ["CensusReadError", "Record", "SchemaInvalid", "iter_records"]
