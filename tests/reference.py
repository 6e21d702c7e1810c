"""Where the tests find DfE's reference files (`shared/reference/` beside the checkout).

The checkout may sit anywhere (CI clones it to a temporary folder), so the folder is looked
for in `WORKFORCE_REFERENCE`, then as `shared/reference` beside any parent of the checkout.
Files the product ships its own copy of fall back to that copy, which a test keeps identical
to the reference whenever the reference is present.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE_DATA = REPO / "src" / "workforce" / "benchmarks" / "data"


def reference_dir() -> Path | None:
    """The `shared/reference` folder, or None when it is not on this machine."""
    named = os.environ.get("WORKFORCE_REFERENCE")
    candidates = [Path(named)] if named else []
    candidates += [parent / "shared" / "reference" for parent in REPO.parents]
    return next((c for c in candidates if c.is_dir()), None)


def reference_file(name: str) -> Path | None:
    """A reference file by name; the product's shipped copy when the reference is absent."""
    folder = reference_dir()
    if folder is not None and (folder / name).exists():
        return folder / name
    shipped = PACKAGE_DATA / name
    return shipped if shipped.exists() else None
