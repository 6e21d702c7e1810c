"""The workforce ledger: table declarations, code lists and the `Ledger` bundle of frames."""

from workforce.ledger.frames import Ledger, conform
from workforce.ledger.tables import TABLES, Column, Table, table

__all__ = ["Ledger", "conform", "TABLES", "Column", "Table", "table"]
