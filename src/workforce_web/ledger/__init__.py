"""Storage of the ledger: Django models built from the core's table declarations."""
