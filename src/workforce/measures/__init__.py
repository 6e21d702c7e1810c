"""The measures engine: a registry of measures computed over the ledger."""

from workforce.measures.registry import Measure, all_measures, get, measure
from workforce.measures.windows import Window

__all__ = ["Measure", "Window", "all_measures", "get", "measure"]
