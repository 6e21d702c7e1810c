"""Small pieces of plain English that messages and pages share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date


def listed(words: Sequence[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def day(d: date) -> str:
    """"6 December 2026"."""
    return f"{d.day} {d:%B %Y}"
