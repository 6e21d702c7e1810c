"""Where the product keeps its files: `var/` (SQLite database, secret key, loaded DfE files)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path


def home() -> Path:
    """The folder whose `var/` is used: WORKFORCE_HOME when set; else the checkout the
    package is installed from in editable mode (the folder holding pyproject.toml, as
    `make run` installs it), so every command and the server share one database whatever the
    current directory; else (a regular install) the current directory."""
    if os.environ.get("WORKFORCE_HOME"):
        return Path(os.environ["WORKFORCE_HOME"]).resolve()
    return _checkout() or Path.cwd()


@cache
def _checkout() -> Path | None:
    """The checkout this package is installed from in editable mode, if it is (looked for
    once: `home` is asked on every page that reads benchmarks)."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "src" / "workforce").is_dir():
        return checkout
    return None
