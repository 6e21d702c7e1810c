"""Process-level helpers shared by the layers that read large inputs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many rows stream past (census records,
    database rows): they hold no cycles, and collecting over and over as they pile up costs
    time for nothing. The collector is back on afterwards if it was on before."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
