"""The workforce ledger: table declarations, code lists and the `Ledger` bundle of frames."""

from workforce.ledger.frames import Ledger, conform, org_column, organisations_in
from workforce.ledger.tables import TABLES, Column, Table, table

__all__ = ["Ledger", "conform", "org_column", "organisations_in", "TABLES", "Column", "Table",
           "table"]
