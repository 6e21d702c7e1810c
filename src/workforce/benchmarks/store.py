"""Where benchmark data comes from: the shipped DfE release, or a newer one a person loaded.

`load()` returns the data in use. A file installed with `install()` (the `workforce benchmarks
load FILE` command) lives in the data folder (`var/benchmarks/` under WORKFORCE_HOME, or
WORKFORCE_BENCHMARKS_DIR) and takes precedence over the shipped copy. Every value carries the
release it came from (its vintage), because DfE revises earlier years in each release.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import polars as pl

from workforce.benchmarks.indicators import CSWW_COLUMNS
from workforce.benchmarks.source import read_cla, read_indicators, read_neighbours
from workforce.benchmarks.validate import Checked, Problem, check_indicators
from workforce.paths import home

SHIPPED = Path(__file__).resolve().parent / "data"
INSTALLED_FILE = "csww_indicators.csv"
RELEASE_FILE = "release.json"


@dataclass(frozen=True)
class Benchmarks:
    """Published DfE figures in use, with where they came from."""

    indicators: pl.DataFrame  # the long frame of `source.py` (CSWW and CLA indicators)
    neighbours: pl.DataFrame  # (la_code, la_name, position, neighbour, closeness)
    release: dict  # type: ignore[type-arg]
    source: str  # "shipped" or the path of the installed file
    stamp: tuple = ()  # the installed file's mtime and size and its note's hash, when read

    @property
    def vintage(self) -> str:
        return str(self.release.get("release", ""))

    @property
    def key(self) -> str:
        """Names this content for caches: the release, the loaded file's SHA-256 and load time,
        and the files' modification times and sizes. `source` alone is the same path after
        every `workforce benchmarks load`, so it cannot tell one loaded file from the next."""
        parts = (self.source, self.vintage, self.release.get("sha256", ""),
                 self.release.get("loaded_at", ""), *self.stamp)
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]

    @property
    def latest_year(self) -> int:
        csww = self.indicators.filter(pl.col("indicator").is_in(CSWW_COLUMNS))
        return int(csww["year"].max())  # type: ignore[arg-type]


def data_dir() -> Path:
    """The folder a newer DfE file is installed into."""
    env = os.environ.get("WORKFORCE_BENCHMARKS_DIR")
    if env:
        return Path(env)
    return home() / "var" / "benchmarks"


def load(folder: Path | None = None) -> Benchmarks:
    """The benchmarks in use: the installed file in `folder` (default `data_dir()`) if there
    is one, else the shipped release. Cached until the installed file or its release note
    changes; `Benchmarks.key` names the content for other caches."""
    folder = Path(folder) if folder is not None else data_dir()
    return _load(str(folder), _stamp(folder))


def _stamp(folder: Path) -> tuple[int | str, ...]:
    """(mtime_ns, size) of the installed file and a hash of its release note; () when none
    is installed. The note (rewritten by every load) carries the file's SHA-256 and the time
    it was loaded, so a second load is seen even when the clock has not ticked."""
    try:
        st = (folder / INSTALLED_FILE).stat()
    except FileNotFoundError:
        return ()
    try:
        note = hashlib.sha256((folder / RELEASE_FILE).read_bytes()).hexdigest()[:16]
    except FileNotFoundError:
        note = ""
    return (st.st_mtime_ns, st.st_size, note)


@lru_cache(maxsize=4)
def _load(folder: str, stamp: tuple[int | str, ...]) -> Benchmarks:
    shipped = json.loads((SHIPPED / RELEASE_FILE).read_text())
    files = shipped["files"]
    installed = Path(folder) / INSTALLED_FILE
    if stamp and installed.exists():
        release = json.loads((Path(folder) / RELEASE_FILE).read_text())
        path, source = installed, str(installed)
    else:
        release, path, source = shipped, SHIPPED / files["indicators"], "shipped"
    csww = read_indicators(path, list(CSWW_COLUMNS), release["release"])
    cla = read_cla(SHIPPED / files["cla_social_workers"], shipped["cla_release"])
    neighbours = read_neighbours(SHIPPED / files["neighbours"])
    return Benchmarks(pl.concat([csww, cla]), neighbours, release, source, stamp)


def install(path: Path, folder: Path | None = None, release: str | None = None,
            force: bool = False) -> Checked:
    """Check a newer DfE indicators file and, if it passes, make it the one in use. A file
    whose latest year is older than the data in use is refused unless `force`. Returns the
    check; nothing is written when it has problems."""
    folder = Path(folder) if folder is not None else data_dir()
    checked = check_indicators(Path(path))
    if not checked.ok:
        return checked
    current = load(folder).latest_year
    if checked.years and max(checked.years) < current and not force:
        problem = Problem(f"its latest year ({max(checked.years)}) is older than the data in use "
                          f"({current}); use --force to load it anyway")
        return Checked((problem,), checked.indicators, checked.years, checked.ignored)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, folder / INSTALLED_FILE)
    meta = {"release": release or f"Children's social work workforce, reporting year "
                                  f"{max(checked.years)} (loaded)",
            "publisher": "Department for Education", "original_file": Path(path).name,
            "sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest(),
            "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "years": list(checked.years), "licence": "Open Government Licence v3.0"}
    (folder / RELEASE_FILE).write_text(json.dumps(meta, indent=2))
    return checked


def uninstall(folder: Path | None = None) -> bool:
    """Go back to the shipped release; True if an installed file was removed."""
    folder = Path(folder) if folder is not None else data_dir()
    found = (folder / INSTALLED_FILE).exists()
    for name in (INSTALLED_FILE, RELEASE_FILE):
        (folder / name).unlink(missing_ok=True)
    return found
