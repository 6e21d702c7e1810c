"""Process-level helpers shared by the layers that read large inputs."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_THRESHOLD = 5
"""Small-number suppression: figures about fewer people than this (other than none) are
hidden (`measures.suppression`)."""


def configured_threshold() -> int:
    """The threshold the deployment asks for: the SUPPRESSION_THRESHOLD environment variable
    (a whole number), else `DEFAULT_THRESHOLD`. The web's settings, the report and the
    measures command all read it here."""
    raw = os.environ.get("SUPPRESSION_THRESHOLD", "").strip()
    if not raw:
        return DEFAULT_THRESHOLD
    try:
        value = int(raw)
    except ValueError:
        raise ValueError(f"SUPPRESSION_THRESHOLD must be a whole number, not {raw!r}.") from None
    if value < 0:
        raise ValueError(f"SUPPRESSION_THRESHOLD must be 0 or more, not {value}.")
    return value


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many rows stream past (census records,
    database rows) or a board report is built and printed (`reports.build`, `render`: the
    measures' rows, WeasyPrint's boxes): they hold few cycles, and collecting over and over
    as they pile up costs time for nothing. The collector is back on afterwards if it was on
    before. Also a decorator (`@paused_gc()`)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
