"""Windows: the periods measures are computed over.

A window is an inclusive date range [start, end]. Stock measures are taken as at `end`;
flow measures count events from `start` to `end`. `as_at(d)` is the 12 months ending d, so one
window serves both: the stock at d and the flow over the year to d.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl


@dataclass(frozen=True, order=True)
class Window:
    """An inclusive date range; `label` names it in tables and exports."""

    start: date
    end: date
    label: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"A window cannot end ({self.end}) before it starts ({self.start})")
        if not self.label:
            object.__setattr__(self, "label", f"{self.start.isoformat()} to {self.end.isoformat()}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def shift_years(self, years: int) -> Window:
        return Window(add_years(self.start, years), add_years(self.end, years))


def add_years(d: date, years: int) -> date:
    """Same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def add_months(d: date, months: int) -> date:
    """Same day `months` later, clamped to the month's last day."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, _month_end(year, month).day))


def last_day(d: date) -> date:
    """The last day of `d`'s month."""
    return _month_end(d.year, d.month)


def month_end(d: date) -> date:
    """`d` when it is the last day of its month, else the last day of the month before."""
    return d if d == last_day(d) else d.replace(day=1) - timedelta(days=1)


def _month_end(year: int, month: int) -> date:
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def as_at(d: date) -> Window:
    """Stock at `d`; flow over the 12 months ending `d` (`months_back`)."""
    return Window(months_back(d, 12), d, f"as at {d.isoformat()}")


PERIOD_MONTHS = {"year": 12, "quarter": 3, "month": 1}


def period_to(period: str, d: date, label: str = "") -> Window:
    """The `period` ("year", "quarter" or "month") to `d`, from `months_back` (the month to
    30 September is September, to 7 December from 8 November). The strategy's targets, the
    board report's lines and the dashboards' headlines of a measure with a period
    (`Measure.period`) all use it, so that one date gives one figure."""
    return Window(months_back(d, PERIOD_MONTHS[period]), d, label or d.isoformat())


def month(year: int, month_: int) -> Window:
    return Window(date(year, month_, 1), _month_end(year, month_), f"{year}-{month_:02d}")


def quarter(year: int, q: int) -> Window:
    """Calendar quarter q (1-4) of `year`."""
    start = date(year, 3 * (q - 1) + 1, 1)
    return Window(start, _month_end(year, 3 * q), f"{year}-Q{q}")


def quarter_label(d: date) -> str:
    """The label of the calendar quarter holding `d`: '2025-Q3'."""
    return f"{d.year}-Q{(d.month - 1) // 3 + 1}"


def financial_year(start_year: int) -> Window:
    """1 April `start_year` to 31 March the next year, labelled e.g. 2024-25."""
    return Window(date(start_year, 4, 1), date(start_year + 1, 3, 31),
                  f"{start_year}-{str(start_year + 1)[2:]}")


def census_year(year: int) -> Window:
    """DfE census (reporting) year `year`: 1 October year-1 to 30 September year."""
    return Window(date(year - 1, 10, 1), date(year, 9, 30), f"census year {year}")


def is_leap_census_year(year: int) -> bool:
    """True when the census year ending 30 September `year` includes 29 February."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def series(kind: str, start: date, end: date) -> list[Window]:
    """Consecutive windows of `kind` (monthly, quarterly, financial-year, dfe-year) covering
    start..end; a window is included when its end falls inside [start, end]."""
    makers = {
        "monthly": (lambda y, i: month(y, i), 12),
        "quarterly": (lambda y, i: quarter(y, i), 4),
    }
    out: list[Window] = []
    if kind in makers:
        make, per_year = makers[kind]
        for y in range(start.year, end.year + 1):
            out += [w for i in range(1, per_year + 1) if start <= (w := make(y, i)).end <= end]
        return out
    if kind == "financial-year":
        return [w for y in range(start.year - 1, end.year + 1)
                if start <= (w := financial_year(y)).end <= end]
    if kind == "dfe-year":
        return [w for y in range(start.year, end.year + 2) if start <= (w := census_year(y)).end
                <= end]
    raise ValueError(f"Unknown series {kind!r}: use monthly, quarterly, financial-year or dfe-year")


def frame(windows: Sequence[Window]) -> pl.DataFrame:
    """The windows as a frame of (_w, w_start, w_end): `_w` is the position in `windows`.
    Measures join their records to this frame to compute a whole series in one pass."""
    return pl.DataFrame(
        {"_w": list(range(len(windows))), "w_start": [w.start for w in windows],
         "w_end": [w.end for w in windows]},
        schema={"_w": pl.Int32, "w_start": pl.Date, "w_end": pl.Date},
    )


def months_back(d: date, months: int) -> date:
    """The first day of the `months` ending `d`: to a month's last day, whole months (the 12
    months to 28 February 2025 start on 1 March 2024, the month to 30 November on 1
    November); else the day after the same day `months` earlier (the month to 7 December
    starts on 8 November; the 12 months to 28 February 2024 on 1 March 2023). Every window
    "to a date" (`as_at`, `period_to`, the look-backs of supervision and appraisal) starts
    here, so that one date gives one window. (The same day a year earlier plus a day put 29
    February 2024 in the 12 months to 28 February 2025, and the same day before the day
    after put 28 February 2023 in those to 28 February 2024.)"""
    after = d + timedelta(days=1)
    if after.day == 1:
        return add_months(after, -months)
    return add_months(d, -months) + timedelta(days=1)


def parse_period(text: str) -> Window:
    """Parse '2025-Q3', '2025-09', '2024-25' (financial year) or 'census-2025'."""
    t = text.strip()
    try:
        if t.startswith("census-"):
            return census_year(int(t[7:]))
        if "-Q" in t.upper():
            y, q = t.upper().split("-Q")
            return quarter(int(y), int(q))
        y, rest = t.split("-")
        if len(rest) == 2 and int(rest) == (int(y) + 1) % 100 and int(rest) > 12:
            return financial_year(int(y))
        return month(int(y), int(rest))
    except (ValueError, IndexError):
        raise ValueError(
            f"Cannot read the period {text!r}: use 2025-Q3, 2025-09, 2024-25 or census-2025"
        ) from None
