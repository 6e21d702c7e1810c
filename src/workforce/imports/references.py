"""References between tables: every `Column.ref` must point at a row that exists.

A referenced key may be stored already (the context ledger), be read earlier in the same
import (files are checked in table dependency order, so people before their assignments), or
be in the sheet itself (a unit's parent unit). Keys are scoped by organisation, except
references to the organisation table itself.

A file whose rows lean on another file of the same import can only be stored with it (a batch
is stored whole or not at all); `Reliance` records those rows so that, once every file is
checked, rows that rely on a failed file can be reported as the reason.

Units make a tree through `parent`: a unit that is its own parent, or a loop of parents
(A under B under A), is refused on the row that closes it, going by the units stored, read
earlier in the import and in the sheet, since a roll-up along a loop never reaches the top
and loses the staff in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from workforce.imports.errors import Problems, say
from workforce.imports.sheets import ROW
from workforce.imports.validate import Checked
from workforce.ledger.frames import Ledger
from workforce.ledger.tables import TABLES, parse_ref

STORED = ""
"""The provider of keys that are already in the context ledger."""

KEY_SCHEMA = {"organisation": pl.String, "key": pl.String, "provider": pl.String}
_UNIT = ("organisation", "code", "parent")


def referenced_columns() -> set[tuple[str, str]]:
    """Every (table, column) that some column refers to."""
    out = set()
    for t in TABLES.values():
        for col in t.columns:
            if col.ref:
                ref = parse_ref(col.ref)
                out.add((ref.table, ref.column))
    return out


@dataclass
class KeyPool:
    """The keys references may point at: stored ones, and ones read earlier in the import."""

    context: Ledger | None = None
    imported: dict[tuple[str, str], list[pl.DataFrame]] = field(default_factory=dict)
    units: list[pl.DataFrame] = field(default_factory=list)
    """Units (organisation, code, parent) of unit sheets read earlier that give parents."""

    def add(self, checked: Checked, provider: str) -> None:
        """Offer the keys of a checked sheet to later references.

        Keys of rows with problems are offered too: a reference to one is then reported as
        relying on a file with errors, which says more than "no such row".
        """
        for table, column in referenced_columns():
            if table == checked.table.name and column in checked.frame.columns:
                keys = _keys(checked.frame, table, column).with_columns(
                    provider=pl.lit(provider))
                self.imported.setdefault((table, column), []).append(keys)
        if checked.table.name == "unit" and "parent" in checked.present:
            self.units.append(checked.frame.select(*_UNIT))

    def parents(self) -> dict[tuple[str, str], tuple[str | None, bool]]:
        """(organisation, code) -> (parent code, whether it is the stored one), for the
        units stored and read so far, later sheets replacing earlier ones."""
        out: dict[tuple[str, str], tuple[str | None, bool]] = {}
        if self.context is not None:
            for org, code, parent in self.context["unit"].select(*_UNIT).iter_rows():
                out[(org, code)] = (parent, True)
        for frame in self.units:
            for org, code, parent in frame.iter_rows():
                out[(org, code)] = (parent, False)
        return out

    def known(self, table: str, column: str) -> pl.DataFrame:
        """(organisation, key, provider) for every known key, stored ones first."""
        frames = []
        if self.context is not None:
            stored = _keys(self.context[table], table, column)
            frames.append(stored.with_columns(provider=pl.lit(STORED)))
        frames += self.imported.get((table, column), [])
        if not frames:
            return pl.DataFrame(schema=KEY_SCHEMA)
        return pl.concat(frames).unique(["organisation", "key"], keep="first",
                                        maintain_order=True)


def _keys(frame: pl.DataFrame, table: str, column: str) -> pl.DataFrame:
    org = pl.lit(None, pl.String) if table == "organisation" else pl.col("organisation")
    return frame.select(org.alias("organisation"),
                        pl.col(column).cast(pl.String).alias("key")).drop_nulls("key")


@dataclass
class Reliance:
    """Rows of a sheet whose references were found only in another file of the import."""

    checked: Checked
    provider: str
    rows: pl.DataFrame  # row, column, value, provider


def check_references(checked: Checked, pool: KeyPool, provider: str) -> Reliance:
    """Report references to rows that exist nowhere; return the rows relying on other files."""
    t = checked.table
    relying = []
    for col in t.columns:
        if not col.ref or col.name not in checked.present:
            continue
        ref = parse_ref(col.ref)
        known = pool.known(ref.table, ref.column)
        if ref.table == t.name:
            own = _keys(checked.frame, ref.table, ref.column)
            known = pl.concat([known, own.with_columns(provider=pl.lit(provider))]).unique(
                ["organisation", "key"], keep="first", maintain_order=True)
        found = _lookup(checked.frame, col.name, ref.table, known)
        checked.problems.add_frame(_unknown(found, col.name, ref.table, ref.column, pool))
        relying.append(found.filter(pl.col("provider").is_not_null()
                                    & ~pl.col("provider").is_in([STORED, provider]))
                       .select(pl.col(ROW).alias("row"), pl.lit(col.name).alias("column"),
                               pl.col("key").alias("value"), "provider"))
    if t.name == "unit" and "parent" in checked.present:
        checked.problems.add_frame(_loops(checked, pool))
    rows = pl.concat(relying) if relying else pl.DataFrame(
        schema={"row": pl.Int64, "column": pl.String, "value": pl.String,
                "provider": pl.String})
    return Reliance(checked, provider, rows)


LOOP_HINT = ("Units make a tree: going from a unit to its parent, and on to the parent's "
             "parent, must end at a top unit whose parent is empty. Correct the parent of one "
             "unit in the loop.")


def _loops(checked: Checked, pool: KeyPool) -> pl.DataFrame:
    """Rows of a unit sheet whose unit is its own parent or in a loop of parents, with the
    loop named; units stored or read earlier count too (the sheet's rows replacing them)."""
    parents = pool.parents()
    rows = checked.frame.select(ROW, *_UNIT).drop_nulls(["organisation", "code"])
    for org, code, parent in rows.select(*_UNIT).iter_rows():
        parents[(org, code)] = (parent, False)
    loops = _cycles(parents)
    problems = []
    for row, org, code, parent in rows.iter_rows():
        if (org, code) not in loops or parent is None:
            continue
        cycle, at = loops[(org, code)]
        if len(cycle) == 1:
            message = f'"{parent}" is the unit\'s own code: a unit cannot be its own parent'
        else:
            shown = [cycle[(at + i) % len(cycle)] for i in range(min(len(cycle), LOOP_SHOWN))]
            path = " → ".join(f"{unit}{' (stored)' if parents[(org, unit)][1] else ''}"
                              for _, unit in shown)
            if len(cycle) > LOOP_SHOWN:
                path += f" → … ({len(cycle):,} units in all)"
            message = f'"{parent}" makes a loop of parents: {path} → {code}'
        problems.append({"row": row, "column": "parent", "value": parent,
                         "message": message, "hint": LOOP_HINT})
    return pl.DataFrame(problems, schema={"row": pl.Int64, "column": pl.String,
                                          "value": pl.String, "message": pl.String,
                                          "hint": pl.String})


LOOP_SHOWN = 8
"""Units of a loop named in a message; a longer loop is counted."""

Unit = tuple[str, str]


def _cycles(parents: dict[Unit, tuple[str | None, bool]]) -> dict[Unit, tuple[list[Unit], int]]:
    """Every unit on a loop of parents, with its loop (units in order, each followed by
    its parent) and its place in it. One walk over the units, each visited once."""
    done: set[Unit] = set()
    out: dict[Unit, tuple[list[Unit], int]] = {}
    for start in parents:
        path: list[Unit] = []
        at: dict[Unit, int] = {}
        unit: Unit | None = start
        while unit is not None and unit not in done and unit not in at:
            at[unit] = len(path)
            path.append(unit)
            parent = parents.get(unit, (None, False))[0]
            unit = None if parent is None else (unit[0], parent)
        if unit is not None and unit in at:
            cycle = path[at[unit]:]
            for i, member in enumerate(cycle):
                out[member] = (cycle, i)
        done.update(path)
    return out


def _lookup(frame: pl.DataFrame, column: str, table: str, known: pl.DataFrame) -> pl.DataFrame:
    scoped = table != "organisation"
    values = frame.select(ROW, "organisation", pl.col(column).alias("key")).drop_nulls(
        ["organisation", "key"] if scoped else ["key"])
    on = ["organisation", "key"] if scoped else ["key"]
    return values.join(known.select(*on, "provider"), on=on, how="left")


def _unknown(found: pl.DataFrame, column: str, table: str, key: str,
             pool: KeyPool) -> pl.DataFrame:
    missing = found.filter(pl.col("provider").is_null())
    if table == "organisation":
        codes = pool.known("organisation", "code")["key"].to_list()
        message = say(pl.col("key"), "does not match any organisation code")
        hint = (f"Known organisations: {', '.join(codes[:10])}." if codes else
                "No organisations are stored yet: import organisation.csv first, or with "
                "this file.")
    else:
        message = pl.concat_str([say(pl.col("key"), f"does not match any {table} ({key}) "
                                                    "of organisation "),
                                 pl.col("organisation")])
        hint = (f"Import the {table} rows first or in the same import as this file, or "
                "correct the value.")
    return missing.select(pl.col(ROW).alias("row"), pl.lit(column).alias("column"),
                          pl.col("key").alias("value"), message.alias("message"),
                          pl.lit(hint).alias("hint"))


def report_reliance(reliances: list[Reliance], failed: set[str]) -> set[str]:
    """Report rows relying on files in `failed`; return the providers that newly fail."""
    newly = set()
    for reliance in reliances:
        rows = reliance.rows.filter(pl.col("provider").is_in(list(failed)))
        if not rows.height:
            continue
        problems: Problems = reliance.checked.problems
        names = {p: Path(p).name for p in rows["provider"].unique().to_list()}
        message = say(pl.col("value"), "is only in ") + pl.col("provider").replace_strict(
            names, return_dtype=pl.String) + pl.lit(", which has errors and will not be stored")
        problems.add_frame(rows.with_columns(
            message=message,
            hint=pl.lit("Fix that file; this one can then be imported with it.")))
        reliance.rows = reliance.rows.filter(~pl.col("provider").is_in(list(failed)))
        newly.add(reliance.provider)
    return newly
