"""The strategy forms list units as the dashboards do: units of the same name told apart."""

from __future__ import annotations

import polars as pl

from workforce.ledger import Ledger
from workforce_web.strategy import units


def test_units_of_the_same_name_are_told_apart_in_the_forms_choices(monkeypatch):
    table = pl.DataFrame({
        "organisation": ["X"] * 5, "code": ["DIR", "FDA", "CIC", "FDA-01", "CIC-01"],
        "name": ["Children's services", "Front door", "Children in care", "MASH", "MASH"],
        "kind": ["directorate", "service", "service", "team", "team"],
        "parent": [None, "DIR", "DIR", "FDA", "CIC"]})
    monkeypatch.setattr(units, "org_ledger", lambda org: Ledger({"unit": table}))
    choices = dict(units.unit_choices("X"))
    assert choices["FDA-01"] == "MASH (Front door)"
    assert choices["CIC-01"] == "MASH (Children in care)"
    assert len(set(choices.values())) == 5
