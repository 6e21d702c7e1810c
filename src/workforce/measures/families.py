"""Imports every family module so that its measures register themselves."""

# ruff: noqa: F401
from workforce.measures import (
    absence,
    caseload,
    costs,
    dfe,
    events,
    exits,
    growth,
    profile,
    shared,
    stability,
    support,
    survey,
    training,
)
