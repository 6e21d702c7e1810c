"""The complement rule written out plainly, pass after pass, as `suppression`'s docstring
states it: a slow reference that `complements.hide` (made on arrays, with tallies kept up to
date) must agree with, cell for cell."""

from __future__ import annotations

import math

import polars as pl

TOP = object()


def hide(out: pl.DataFrame, by: list[str], parents: pl.DataFrame | None,
         threshold: int) -> pl.Series:
    rows = out.to_dicts()
    dims = sorted(by)
    nested = parents is not None and "unit" in by
    parent_of = dict(parents.select("unit", "parent").iter_rows()) if nested else {}
    above = {p for p in parent_of.values() if p is not None}
    context = [c for c in ("id", "organisation", "start", "end") if c in out.columns]

    def text(value):
        return (1, "") if value is None else (0, str(value))

    def order(i):
        figure = rows[i]["numerator"]
        if figure is None:
            return (2, 0.0, *(text(rows[i][d]) for d in dims), i)
        size = float(f"{abs(figure):.10g}") if figure else 0.0
        return (int(size == 0), size if not math.isnan(size) else math.inf,
                *(text(rows[i][d]) for d in dims), i)

    groups: dict[str, dict[tuple, list[int]]] = {d: {} for d in dims}
    for i, row in enumerate(rows):
        for dim in dims:
            key = tuple(row[c] for c in context) + tuple(row[b] for b in by if b != dim)
            if nested and dim == "unit":
                unit = None if row["unit"] is None else str(row["unit"])
                parent = parent_of.get(unit)
                groups[dim].setdefault(key + (TOP if parent is None else parent,), []).append(i)
                if unit in above:  # a unit's own figure is in its children's group
                    groups[dim].setdefault(key + (unit,), []).append(i)
            else:
                groups[dim].setdefault(key, []).append(i)
    hidden = [bool(r["suppressed"]) for r in rows]
    pinned = [bool(r["_pinned"]) for r in rows]
    known = [r["numerator"] is not None for r in rows]
    people = [r["people"] for r in rows]
    empty = [r["people"] == 0 and r["numerator"] == 0 and not r.get("denominator")
             for r in rows]  # no one, and figures 0 (a denominator 0 or not known)
    changed = True
    while changed:
        changed = False
        for dim in dims:
            picks = set()
            for members in groups[dim].values():
                counted = [r for r in members if hidden[r] and not pinned[r]]
                few = (len(counted) > 1 and sum(people[r] or 0 for r in counted) < threshold
                       and all(people[r] is not None for r in counted))
                if not ((len(counted) == 1 or few) and len(members) > 1):
                    continue
                # hidden cells about too few people take a cell that is not empty
                free = [r for r in members if not hidden[r] and not pinned[r] and known[r]
                        and (len(counted) == 1 or not empty[r])]
                if free:
                    picks.add(min(free, key=order))
            for r in picks:
                hidden[r] = changed = True
    return pl.Series("suppressed", hidden, pl.Boolean)
