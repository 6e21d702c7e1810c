"""What a file really is: spreadsheet kind, text encoding and column separator.

Files arrive renamed, re-saved and mangled, so the kind comes from the bytes, not the name:
an .xlsx renamed .csv is still read as a workbook (with a warning), and a PNG renamed .csv is
refused with a message that says what it is.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SEPARATORS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}

_MAGIC = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an old-style Excel 97-2003 (.xls) workbook, a password-protected "
                          "workbook or another Office document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"{\\rtf", "a Rich Text (RTF) document"),
)


class NotASpreadsheet(Exception):
    """The file is something other than CSV text or an Excel workbook; `what` says what."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class NotUtf8(Exception):
    """Bytes that are not UTF-8 at `offset`."""

    def __init__(self, offset: int, byte: int) -> None:
        super().__init__(offset)
        self.offset = offset
        self.byte = byte


def file_kind(data: bytes) -> str:
    """Return "xlsx" or "csv" for what the bytes hold, or raise `NotASpreadsheet`."""
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    head = data[:4096]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise NotASpreadsheet(what)
    if head.startswith(UTF16_BOMS):
        return "csv"
    if b"\x00" in head:
        raise NotASpreadsheet("binary data, not text")
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        raise NotASpreadsheet("a web page (HTML)")
    if lowered.startswith(b"<?xml"):
        raise NotASpreadsheet("an XML document")
    return "csv"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    except Exception:  # noqa: BLE001 - zipfile raises many kinds on damaged archives
        raise NotASpreadsheet("a damaged ZIP archive or workbook") from None
    if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
        if "xl/workbook.bin" in names:
            raise NotASpreadsheet("an Excel binary (.xlsb) workbook")
        return "xlsx"
    if b"opendocument.spreadsheet" in mimetype:
        raise NotASpreadsheet("an OpenDocument (.ods) spreadsheet")
    if any(name.startswith("word/") for name in names):
        raise NotASpreadsheet("a Word document")
    raise NotASpreadsheet("a ZIP archive, not an Excel workbook")


@dataclass(frozen=True)
class Text:
    """Decoded CSV text, and a warning if the encoding needed one."""

    text: str
    warning: str | None = None


def decode(data: bytes) -> Text:
    """Decode CSV bytes as UTF-8 (a byte-order mark is dropped), or raise `NotUtf8`.

    Excel's "Unicode text" saves UTF-16 with a byte-order mark: that is read too, with a
    warning, since it is unambiguous.
    """
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    elif data.startswith(UTF16_BOMS):
        try:
            return Text(data.decode("utf-16"), "the file is UTF-16 text; it was read, but "
                        "CSV UTF-8 is the expected format")
        except UnicodeDecodeError:
            pass
    try:
        return Text(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise NotUtf8(exc.start, data[exc.start]) from None


def describe_byte(byte: int) -> str:
    """How a non-UTF-8 byte reads in Windows-1252, the usual culprit: `0xE9 ("é")`."""
    try:
        char = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return f"0x{byte:02X}"
    return f'0x{byte:02X} ("{char}" in Windows-1252)'


def guess_separator(text: str) -> str:
    """The separator that splits the header line into the most fields; commas win ties."""
    best, best_count = ",", 0
    for sep in SEPARATORS:
        count = len(first_record(text, sep))
        if count > best_count:
            best, best_count = sep, count
    return best


def first_record(text: str, separator: str) -> list[str]:
    """The fields of the first line of `text` (the header, unless a heading spans lines)."""
    line = re.split(r"[\r\n]", text, maxsplit=1)[0]
    try:
        return next(csv.reader([line], delimiter=separator), [])
    except csv.Error:
        return line.split(separator)


def where_in_text(text: str, separator: str) -> tuple[int, int]:
    """Spreadsheet (row, field index) of the end of `text`: where decoding stopped."""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error:
        records = [line.split(separator) for line in text.splitlines()]
    if not records or text.endswith(("\n", "\r")):
        return len(records) + 1, 0
    return len(records), max(len(records[-1]) - 1, 0)


def not_a_workbook(data: bytes) -> str:
    """Why bytes that openpyxl could not open are not a workbook, in words (for after "could
    not be opened as an Excel workbook"): what they look like instead, else damaged."""
    try:
        kind = file_kind(data)
    except NotASpreadsheet as exc:
        return f": it looks like {exc.what}"
    if kind == "csv":
        return ": it looks like text (CSV), not a workbook"
    return (": it is damaged, or holds something a workbook may not (such as a document type "
            "declaration)")
