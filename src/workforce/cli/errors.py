"""How a command stops on an error: the message in red on stderr, then exit code 2."""

from __future__ import annotations

import typer
from rich.console import Console

console = Console(stderr=True)


def fail(message: str) -> typer.Exit:
    """Print `message` as an error; the caller raises the returned exit (code 2), so that the
    command's flow stays visible: `raise fail("...")`."""
    console.print(f"[red]{message}", highlight=False)
    return typer.Exit(2)
