"""Days as integers: the generator works on date ordinals and makes dates only at the end.

Working days are Monday to Friday (bank holidays are ignored: the demo only needs the
shape of absence, and DfE's own absence rate uses a fixed 253 days a year anyway).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

EPOCH = date(1970, 1, 1).toordinal()
YEAR = 365.25


def ordinal(d: date) -> int:
    return d.toordinal()


def to_date(day: int) -> date:
    return date.fromordinal(day)


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month - 1]


def add_months(day: int, months: int) -> int:
    """Same day of the month `months` later, clamped to the month's last day."""
    d = date.fromordinal(day)
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, days_in_month(year, month))).toordinal()


def add_years(day: int, years: int) -> int:
    return add_months(day, 12 * years)


def day_of(year: int, month: int, dom: int) -> int:
    return date(year, month, dom).toordinal()


def month_end(day: int) -> int:
    d = date.fromordinal(day)
    return date(d.year, d.month, days_in_month(d.year, d.month)).toordinal()


def month_start(day: int) -> int:
    d = date.fromordinal(day)
    return date(d.year, d.month, 1).toordinal()


def year_of(day: int) -> int:
    return date.fromordinal(day).year



@dataclass
class Clock:
    """The generator's time frame: burn-in start, history start (`first`), and today."""

    burn_in: int
    first: int
    today: int

    def __post_init__(self) -> None:
        lo = self.burn_in - 4000
        self._lo = lo
        span = self.today - lo + 4000
        # prefix[i]: working days in [lo, lo + i)
        prefix = [0] * (span + 1)
        count = 0
        for i in range(span):
            prefix[i] = count
            if (lo + i) % 7 not in (6, 0):  # ordinal 1 (1 Jan 1 AD) is a Monday: % 7 in 1..5
                count += 1
        prefix[span] = count
        self._prefix = prefix
        self._workdays = [lo + i for i in range(span) if (lo + i) % 7 not in (6, 0)]

    def tau(self, day: int) -> float:
        """Position of `day` in the history, from 0 at its start to 1 today (clamped)."""
        t = (day - self.first) / max(1, self.today - self.first)
        return 0.0 if t < 0 else 1.0 if t > 1 else t

    def is_workday(self, day: int) -> bool:
        return day % 7 not in (6, 0)

    def workdays(self, start: int, end: int) -> int:
        """Working days from `start` to `end` inclusive."""
        if end < start:
            return 0
        return self._prefix[end + 1 - self._lo] - self._prefix[start - self._lo]

    def next_workday(self, day: int) -> int:
        while day % 7 in (6, 0):
            day += 1
        return day

    def after_workdays(self, start: int, n: int) -> int:
        """Last day of a spell of `n` working days beginning on working day `start`."""
        i = self._prefix[start - self._lo]
        return self._workdays[min(i + n - 1, len(self._workdays) - 1)]

    def month_ends(self, start: int, end: int) -> list[int]:
        """Last days of the months ending within [start, end]."""
        out, d = [], month_end(start)
        while d <= end:
            out.append(d)
            d = month_end(d + 1)
        return out

    def years(self) -> list[int]:
        return list(range(year_of(self.first), year_of(self.today) + 1))
