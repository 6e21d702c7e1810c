"""Plain-English notes on each column, from the table declarations.

One source for the words people see about a column: template header comments, the template's
Notes sheet, the CSV template's `.notes.md` and the hints in error messages.
"""

from __future__ import annotations

from workforce.ledger.tables import Column, Table, parse_ref

KIND_NAMES = {
    "str": "text",
    "code": "code from a list",
    "int": "whole number",
    "float": "number",
    "date": "date (yyyy-mm-dd or dd/mm/yyyy)",
    "bool": "true or false (also yes/no, y/n, 1/0)",
}

SHORT_LIST = 8
"""Code lists up to this long are shown with their labels in messages."""


def number(value: float) -> str:
    """A bound as people write it: 1 rather than 1.0."""
    return f"{value:g}"


def value_range(col: Column) -> str:
    """ "from 0 to 1", "0 or more", "" """
    if col.min is not None and col.max is not None:
        return f"from {number(col.min)} to {number(col.max)}"
    if col.min is not None:
        return f"{number(col.min)} or more"
    if col.max is not None:
        return f"{number(col.max)} or less"
    return ""


def not_after_today(col: Column) -> str:
    """ "not after the day of import" for a date of something that has happened, else "". """
    if col.past is None:
        return ""
    if col.past.only is None:
        return "not after the day of import"
    name, codes = col.past.only
    return f"not after the day of import when {name} is {' or '.join(codes)}"


def other_rules(col: Column) -> list[str]:
    """The rules beyond range and day of import, as sentences: a date that follows another
    (`since`), days within the span, a percentage, a longest text."""
    rules = []
    if col.since is not None:
        years = f", nor less than {col.since.years} years after it" if col.since.years else ""
        rules.append(f"Not before {col.since.column}{years}.")
    if col.days_in_span:
        rules.append("At most the calendar days from the start to the end of the span, both "
                     "included (to today while it has no end).")
    if col.percent:
        rules.append("A cell formatted as a percentage (64.4%) is read as 64.4.")
    if col.kind == "str" and col.max_length:
        rules.append(f"At most {col.max_length:,} characters.")
    return rules


def conditions(col: Column) -> str:
    """Every rule on a column's values in one line, for the Notes sheet and notes file:
    "0 or more; at most the calendar days from the start to the end of the span, ..."."""
    rules = [rule[0].lower() + rule[1:].rstrip(".") for rule in other_rules(col)]
    return "; ".join(part for part in (value_range(col), not_after_today(col), *rules) if part)


def expectation(col: Column) -> str:
    """What a cell of this column should hold, for hints: "a number from 0 to 1"."""
    if col.kind == "code":
        return f"one of: {allowed_codes(col)}"
    words = {"str": "text", "int": "a whole number", "float": "a number",
             "date": "a date as yyyy-mm-dd (2024-03-31) or dd/mm/yyyy (31/03/2024)",
             "bool": "true or false (yes/no, y/n and 1/0 also work)"}[col.kind]
    bounds = value_range(col)
    return f"{words} {bounds}" if bounds else words


def hint(col: Column) -> str:
    """The column's meaning and what to enter: the usual hint under an error."""
    return f"{col.name}: {col.doc} Enter {expectation(col)}."


def allowed_codes(col: Column, limit: int = 20) -> str:
    """The allowed codes; with labels when the list is short, abbreviated when it is long."""
    codes = col.codes or {}
    if len(codes) <= SHORT_LIST:
        return ", ".join(f"{code} ({label})" for code, label in codes.items())
    shown = list(codes)[:limit]
    more = f" and {len(codes) - limit} more" if len(codes) > limit else ""
    return ", ".join(shown) + more + " (labels are in the template's Notes)"


def codes_with_labels(col: Column, separator: str = "\n") -> str:
    """Every allowed code with its label, one per line: "permanent = Permanent employee"."""
    return separator.join(f"{code} = {label}" for code, label in (col.codes or {}).items())


def reference(col: Column) -> str:
    """ "person.staff_id" for a column that refers to another table, else "". """
    if not col.ref:
        return ""
    ref = parse_ref(col.ref)
    return f"{ref.table}.{ref.column}"


def column_note(col: Column) -> dict[str, str]:
    """Everything about a column, as the Notes sheet and the notes file list it."""
    return {
        "column": col.name,
        "required": "yes" if col.required else "no",
        "type": KIND_NAMES[col.kind],
        "meaning": col.doc,
        "range": conditions(col),
        "allowed values": codes_with_labels(col),
        "refers to": reference(col),
    }


def header_comment(col: Column) -> str:
    """The comment on a template's header cell."""
    lines = [col.doc, f"{'Required' if col.required else 'Optional'}; {KIND_NAMES[col.kind]}."]
    if span := value_range(col):
        lines.append(f"Range: {span}.")
    if past := not_after_today(col):
        lines.append(f"{past.capitalize()}.")
    lines += other_rules(col)
    if col.ref:
        lines.append(f"Must match {reference(col)}.")
    if col.codes:
        lines.append("Allowed: " + codes_with_labels(col, "; "))
    return "\n".join(lines)


def notes_markdown(t: Table) -> str:
    """The notes for a CSV template, as Markdown."""
    lines = [f"# {t.name}: {t.title}", "", t.doc, "",
             f"One row per {t.name}; the natural key is "
             f"{', '.join(('organisation', *t.key) if t.name != 'organisation' else t.key)}. "
             "Save as CSV UTF-8. Dates as yyyy-mm-dd or dd/mm/yyyy.", "",
             "| column | required | type | meaning | range | refers to |",
             "|---|---|---|---|---|---|"]
    for col in t.columns:
        n = column_note(col)
        lines.append(f"| {n['column']} | {n['required']} | {n['type']} | {n['meaning']} "
                     f"| {n['range']} | {n['refers to']} |")
    for col in t.columns:
        if col.codes:
            lines += ["", f"## Allowed values for {col.name}", ""]
            lines += [f"- `{code}`: {label}" for code, label in col.codes.items()]
    return "\n".join(lines) + "\n"
