"""Periods as the strategy names them: labels ('2025-Q3'), words ('July to September 2025'),
and whether a period has ended, so a quarterly review is only signed off once its quarter is
over.
"""

from __future__ import annotations

from datetime import date, timedelta

from workforce.measures.windows import Window, parse_period, quarter, quarter_label

FREQUENCY_WORDS = {"monthly": "monthly", "quarterly": "quarterly", "yearly": "yearly"}
FREQUENCY_EXAMPLES = {"monthly": "2025-09", "quarterly": "2025-Q3", "yearly": "2024-25"}


def label(text: str) -> str:
    """The period written the one way: '2025-q3 ' -> '2025-Q3' (ValueError when unreadable)."""
    t = text.strip()
    parse_period(t)
    return t.upper() if "-Q" in t.upper() else t


def words(text: str) -> str:
    """The period in words: '2025-Q3' -> 'July to September 2025', '2025-09' ->
    'September 2025', '2024-25' -> 'April 2024 to March 2025'. Unreadable text comes back
    as it is."""
    try:
        w = parse_period(text)
    except ValueError:
        return text
    return window_words(w)


def window_words(w: Window) -> str:
    start, end = w.start, w.end
    if (start.year, start.month) == (end.year, end.month):
        return f"{end:%B %Y}"
    if start.year == end.year:
        return f"{start:%B} to {end:%B %Y}"
    return f"{start:%B %Y} to {end:%B %Y}"


def frequency_words(frequency: str) -> str:
    """'quarterly' -> 'quarterly'; an unknown frequency comes back as it is."""
    return FREQUENCY_WORDS.get(frequency, frequency)


def frequency_example(frequency: str) -> str:
    """'quarterly' -> '2025-Q3 (July to September 2025)': how a period is written."""
    example = FREQUENCY_EXAMPLES.get(frequency)
    return f"{example} ({words(example)})" if example else ""


def has_ended(period: str, today: date) -> bool:
    """True once the whole period is over: the day after its last day has come."""
    return today > parse_period(period).end


def latest_ended_quarter(today: date) -> str:
    """The most recent quarter that is wholly over on `today` ('2026-Q3' on 5 December
    2026, and on 31 December 2026 too: that day is still part of Q4)."""
    current = quarter(today.year, (today.month - 1) // 3 + 1)
    return quarter_label(current.start - timedelta(days=1))
