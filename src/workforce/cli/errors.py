"""How a command stops on an error: the message in red on stderr, then exit code 2.

A file or folder a command cannot read or write (a folder that does not exist, a folder
given for a file, no permission, a full disk) is said in one line by `cannot`: a command
wraps what it writes in `file_errors(path)` ("Cannot write PATH: why.") and may wrap what it
reads in `file_errors(path, "read")`; the `workforce` group (`workforce.cli.Commands`) turns
any other such error that reaches it into the same kind of line, never a traceback."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from xlsxwriter.exceptions import FileCreateError

console = Console(stderr=True, soft_wrap=True)  # a message is one line, however long
PATH_ERRORS = (OSError, FileCreateError)
"""What writing or reading a path raises: OSError, or xlsxwriter's FileCreateError (which
holds the OSError) when it cannot create a workbook."""


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


@contextmanager
def file_errors(path: Path | None, verb: str = "write", lead: str = "") -> Iterator[None]:
    """Stop on a file error while writing `path` (or reading it, with `verb` "read") as
    "Cannot write PATH: why." (`cannot`), exit code 2; after a `lead` ("Not exported: ")
    as "Not exported: cannot write PATH: why."."""
    try:
        yield
    except PATH_ERRORS as exc:
        message = cannot(verb, exc, path)
        if message is None:
            raise
        raise fail(f"{lead}{message[0].lower()}{message[1:]}" if lead else message) from None


def check_writable(path: Path) -> None:
    """Raise the error writing `path` would raise when what is there already says it cannot
    be written (its folder does not exist or is a file, or it is a folder), so that a command
    stops before working out what to write (in `file_errors(path)`, which says so)."""
    for code, bad in ((errno.EISDIR, path.is_dir()),
                      (errno.ENOENT, not path.parent.exists()),
                      (errno.ENOTDIR, not path.parent.is_dir())):
        if bad:
            raise OSError(code, os.strerror(code), str(path))


def cannot(verb: str, exc: BaseException, path: Path | str | None = None) -> str | None:
    """One line for a file error: "Cannot VERB PATH: why." PATH is the file the error names
    (else `path`); None when the error names no path (a broken pipe, say), which is not a
    file or folder the user gave."""
    error = exc.args[0] if isinstance(exc, FileCreateError) and exc.args else exc
    if not isinstance(error, OSError):
        return None if path is None else f"Cannot {verb} {path}: {error}."
    named = error.filename if error.filename is not None else path
    if named is None:
        return None
    where = Path(named)
    return f"Cannot {verb} {where}: {_why(where, error, verb)}."


def _why(path: Path, error: OSError, verb: str) -> str:
    """Why `path` cannot be used, in words, looking at what is there."""
    code = error.errno
    if code == errno.ENOENT:
        missing = _missing_folder(path)
        if missing is not None:
            return f"the folder {missing} does not exist"
        return "it does not exist"
    if code == errno.ENOTDIR:
        blocking = next((p for p in (path, *path.parents) if p.is_file()), None)
        if blocking == path:
            return "it is a file, not a folder"
        if blocking is not None:
            return f"{blocking} is a file, not a folder"
    if code == errno.EISDIR:
        return ("it is a folder: give the name of a file in it" if verb == "write"
                else "it is a folder, not a file")
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.ENOSPC:
        return "the disk is full"
    if code == errno.EROFS:
        return "the disk is read-only"
    return error.strerror.lower() if error.strerror else str(error)


def _missing_folder(path: Path) -> Path | None:
    """The folder `path` would be in, when it does not exist."""
    parent = path.parent
    try:
        return None if parent.exists() or parent == path else parent
    except OSError:
        return None
