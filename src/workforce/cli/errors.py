"""How a command stops on an error: the message in red on stderr, then exit code 2."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

console = Console(stderr=True, soft_wrap=True)  # a message is one line, however long


def fail(message: str) -> typer.Exit:
    """Print `message` as an error; the caller raises the returned exit (code 2), so that the
    command's flow stays visible: `raise fail("...")`."""
    console.print(f"[red]{message}", highlight=False)
    return typer.Exit(2)


@contextmanager
def not_stored(label: str, *errors: type[Exception]) -> Iterator[None]:
    """Stop on `errors` raised while storing as "LABEL: not imported — why" (a store is one
    transaction, so nothing of it was stored)."""
    try:
        yield
    except errors as exc:
        raise fail(f"{label}: not imported — {exc}") from None
