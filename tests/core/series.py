"""A check shared by the measure families' tests: a series is each window on its own."""

from collections.abc import Sequence

from workforce.ledger import Ledger
from workforce.measures import get
from workforce.measures.windows import Window


def assert_series_is_each_window(ledger: Ledger, mid: str, windows: Sequence[Window],
                                 by: Sequence[str] = ()) -> None:
    """`Measure.many` gives, window after window, the rows the measure gives for each window
    alone (for overlapping, one-day and empty windows, the cases a vectorised series gets
    wrong)."""
    many = get(mid).many(ledger, windows, by).to_dicts()
    alone = [{"start": w.start, "end": w.end, **r}
             for w in windows for r in get(mid)(ledger, w, by).to_dicts()]
    assert many == alone, (mid, by)
