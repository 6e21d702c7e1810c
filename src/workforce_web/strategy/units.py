"""The organisation's units, for the strategy forms (lead unit, scope) and pages."""

from __future__ import annotations

from workforce_web.measures_cache import org_ledger


def unit_choices(organisation: str) -> list[tuple[str, str]]:
    """(code, name) of every unit, by name."""
    units = org_ledger(organisation).unit.sort("name")
    return [(r["code"], r["name"]) for r in units.iter_rows(named=True)]


def unit_names(organisation: str) -> dict[str, str]:
    return dict(unit_choices(organisation))
