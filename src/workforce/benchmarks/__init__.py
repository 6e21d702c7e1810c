"""Benchmarks: DfE's published children's social work workforce indicators (England, regions,
local authorities, 2017 onward), DfE's statistical-neighbour groups, and simple targets.

    from workforce import benchmarks
    b = benchmarks.load()                      # shipped release, or a newer one loaded
    benchmarks.comparators(b, "turnover_rate_fte", "333")   # own, England, region, SN median
    benchmarks.place(b, "turnover_rate_fte", 2025, 12.4, "333", "down")  # quartile and rank

Published markers (`x z u low c`) are kept as statuses, never read as 0, and every value
carries the release it came from. Regional and national figures are DfE's, never recomputed.
"""

from workforce.benchmarks.compare import (
    Authority,
    authority,
    comparators,
    local,
    national,
    neighbour_median,
    neighbour_values,
    neighbours_of,
    regional,
)
from workforce.benchmarks.indicators import INDICATORS, Indicator, indicator_for
from workforce.benchmarks.position import Placement, place
from workforce.benchmarks.source import ENGLAND, MARKERS
from workforce.benchmarks.store import Benchmarks, data_dir, install, load, uninstall
from workforce.benchmarks.targets import RAG_LABELS, RAG_RULES, Travel, rag, travel
from workforce.benchmarks.validate import Checked, Problem, check_indicators

__all__ = [
    "ENGLAND", "INDICATORS", "MARKERS", "RAG_LABELS", "RAG_RULES", "Authority", "Benchmarks",
    "Checked", "Indicator", "Placement", "Problem", "Travel", "authority", "check_indicators",
    "comparators", "data_dir", "indicator_for", "install", "load", "local", "national",
    "neighbour_median", "neighbour_values", "neighbours_of", "place", "rag", "regional",
    "travel", "uninstall",
]
