"""Sickness absence measures (M17-M19) for the whole directly employed workforce.

Break down by `staff_group` for one group; DfE's social-worker figures are the `dfe`
measures working_days_lost_fte and absence_rate_fte, computed by the same functions. How days
lost are pro-rated to a window, and what a long-term spell is, is documented in `sickness`.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import formulas as f
from workforce.measures import indicators as ind
from workforce.measures.cells import parts
from workforce.measures.dimensions import ALL_PERSON_DIMENSIONS
from workforce.measures.registry import parts_of, series_measure
from workforce.measures.sickness import LONG_TERM_DAYS, average_fte, days_lost

Frame = pl.DataFrame
By = Sequence[str]
RATE = ("working days lost ÷ (FTE in post at window end × W) × 100, W = 253 (254 with a 29 "
        "February) a year")


def absence(id: str, title: str, formula: str, unit: str, source: str, **extra: object):
    """Declare an absence measure (family "absence")."""
    return series_measure(id=id, title=title, formula=formula, unit=unit, polarity="down",
                          kind="flow", source=source, breakdowns=ALL_PERSON_DIMENSIONS,
                          family="absence", **extra)


@absence("M17", "Sickness absence rate", RATE, "percent", "DfE CSWW methodology, whole "
         "workforce; S0, S2, S3, S4")
def sickness_rate(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Working days lost to sickness in the window as a percentage of the working days
    available: FTE in post at the window end × W, W = 253 working days a year (254 when the
    window contains 29 February), in proportion for shorter windows. DfE's formula, applied
    to all directly employed staff."""
    return ind.absence_rate(ledger, wins, by, None)


@absence("M18a", "Short-term sickness absence rate", f"short-term days lost ÷ (FTE in post × "
         f"W) × 100; spells under {LONG_TERM_DAYS} working days", "percent", "S4")
def short_term_rate(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """The part of the sickness absence rate (M17) lost to short-term spells: spells of
    sickness under 20 working days. Short-term plus long-term equals the total."""
    return ind.absence_rate(ledger, wins, by, None, long_term=False)


@absence("M18b", "Long-term sickness absence rate", f"long-term days lost ÷ (FTE in post × "
         f"W) × 100; spells of {LONG_TERM_DAYS}+ working days", "percent", "S4")
def long_term_rate(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """The part of the sickness absence rate (M17) lost to long-term spells: a run of
    sickness absences lasting 20 working days (four working weeks) or more."""
    return ind.absence_rate(ledger, wins, by, None, long_term=True)


parts_of("M17", ("M18a", "M18b"))  # short-term plus long-term is the total


@absence("M19", "Working days lost per FTE", "working days lost ÷ average FTE in post over "
         "the window", "days", "S3, S4 (local government style)")
def days_per_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Working days lost to sickness in the window per full-time equivalent employee, using
    the average FTE in post over the window (each assignment's FTE weighted by the share of
    the window it ran) rather than the FTE on the last day."""
    lost = parts(days_lost(ledger, wins, None), days_lost=pl.col("days_lost"))
    avg = parts(average_fte(ledger, wins, None), average_fte=pl.col("avg_fte"))
    return ind.rate(f.DAYS_PER_FTE, ledger, wins, by, lost, avg)
