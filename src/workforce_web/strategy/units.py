"""The organisation's units, for the strategy forms (lead unit, scope) and pages."""

from __future__ import annotations

from workforce_web.dashboards.filters import unit_options
from workforce_web.measures_cache import org_ledger


def unit_choices(organisation: str) -> list[tuple[str, str]]:
    """(code, name) of every unit, in the structure's order, units of the same name told
    apart by where they sit ("MASH (Front Door and Assessment, FDA-01)"), as the dashboards'
    unit list does."""
    return [(o["code"], o["name"]) for o in unit_options(org_ledger(organisation).unit, None)]


def unit_names(organisation: str) -> dict[str, str]:
    return dict(unit_choices(organisation))
