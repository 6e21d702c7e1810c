"""Small-number suppression, applied when results are shown or exported.

Rule (stated on every page and export that uses it): a cell that describes fewer than
`threshold` people (default 5), other than none, is shown as "c"; a rate is suppressed
with the count it is built on. The arithmetic never sees suppression.
"""

from __future__ import annotations

import polars as pl

DEFAULT_THRESHOLD = 5
MARKER = "c"


def rule_text(threshold: int = DEFAULT_THRESHOLD) -> str:
    return (
        f"Figures about 1 to {threshold - 1} people are suppressed (shown as '{MARKER}') to "
        "protect individuals; a rate is suppressed with the count it is built on."
    )


def suppress(result: pl.DataFrame, threshold: int = DEFAULT_THRESHOLD) -> pl.DataFrame:
    """Add a boolean `suppressed` column and null out numerator, denominator and value where
    the cell describes between 1 and threshold-1 people."""
    hide = (
        pl.col("people").is_not_null() & (pl.col("people") > 0) & (pl.col("people") < threshold)
    )
    return result.with_columns(
        hide.fill_null(False).alias("suppressed"),
        *[pl.when(hide).then(None).otherwise(pl.col(c)).alias(c)
          for c in ("numerator", "denominator", "value")],
    )
