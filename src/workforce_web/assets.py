"""The stylesheet, fonts and scripts `npm run build` (`make assets`) writes into `static/`
(not committed): without them every page is served unstyled, with no error, so the server
says so when it starts (`workforce.cli.context.runserver`)."""

from __future__ import annotations

from pathlib import Path

STATIC = Path(__file__).resolve().parent / "static"
BUILT = ("css/app.css",)
"""Files the build writes that every page links to."""


def missing(static: Path | None = None) -> list[str]:
    """The built files not in `static` (default `STATIC`), relative to it."""
    return [name for name in BUILT if not ((static or STATIC) / name).is_file()]


def warning(static: Path | None = None) -> str | None:
    """What to tell whoever starts the server when the built files are missing, or None."""
    static = static or STATIC
    gone = missing(static)
    if not gone:
        return None
    return (f"Warning: the pages' styles are not built ({', '.join(gone)} missing under "
            f"{static}), so the site will look unstyled. Run `make assets` (or `npm run "
            "build`) in the project folder, then start the server again.")
