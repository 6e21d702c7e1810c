"""`workforce users ...`: who may sign in to the web app, in which role, and for managers
which units. Every change is written to the audit log, with the operating-system user who
made it.

A password is never printed (it would stay in the terminal's scrollback, CI logs and shell
recordings): it is typed at a prompt, twice and not shown, read from standard input
(`--password-stdin`, for scripts), or made at random and written to a new file only the
person running the command can read (`--generate-password FILE`)."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from workforce.cli import context
from workforce.cli.errors import fail

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode="markdown",
                  help="Users of the web app: list, add, change, unlock.")
out = Console(soft_wrap=True)
ORG = typer.Option(None, "--org", help="Organisation code, LA number or E-code (default: the "
                                        "only one).")
UNITS = typer.Option(None, "--unit", help="A unit a manager is responsible for (code); repeat "
                                          "for more. They see it and the units below it.")
PASSWORD_STDIN = typer.Option(False, "--password-stdin",
                              help="Read the password from standard input, its first line "
                                   "(for scripts: `printf '%s\\n' \"$PW\" | workforce users "
                                   "...`). Nothing is printed.")
GENERATE = typer.Option(None, "--generate-password", metavar="FILE", dir_okay=False,
                        help="Make a random password and write it to FILE, a new file that "
                             "only you can read (mode 0600), to hand over by a safe route; "
                             "it is not printed. FILE must not exist yet.")


def _org(org: str | None) -> str:
    return org or ""


@app.command("list")
def list_cmd(org: str = ORG) -> None:
    """List the organisation's users with their role, units and last sign-in."""
    try:
        code, found = context.users(_org(org))
    except ValueError as exc:
        raise fail(f"Cannot list users: {exc}") from None
    table = Table("user", "name", "role", "units", "access", "last signed in",
                  title=f"Users of {code}")
    for m in found:
        table.add_row(m.username, m.name, m.role, ", ".join(m.units),
                      "yes" if m.active else "removed", m.last_login)
    out.print(table)
    if not found:
        out.print("No users yet: add one with `workforce users add USERNAME --role lead`.")


@app.command("add")
def add_cmd(
    username: str = typer.Argument(..., help="The name they sign in with."),
    role: str = typer.Option(..., help="admin, lead (workforce lead), manager or viewer "
                                       "(figures only, no person-level data)."),
    unit: list[str] = UNITS,
    name: str = typer.Option(None, help="Their full name."),
    email: str = typer.Option(None, help="Their email address."),
    password_stdin: bool = PASSWORD_STDIN,
    generate_password: Path = GENERATE,
    org: str = ORG,
) -> None:
    """Add a user with a password, which is never printed: typed at the prompt (twice, not
    shown) when run at a terminal, read from standard input with `--password-stdin`, or made
    at random and written to a file with `--generate-password FILE`. The password must pass
    the password rules (at least 12 characters, not a common password, not only digits, not
    like the user's name or email)."""
    password, handover = _password(username, password_stdin, generate_password)
    try:
        code, changes = context.save_user("workforce users add", _org(org), username,
                                          create=True, role=role, units=unit or None,
                                          name=name, email=email, password=password)
    except ValueError as exc:
        _discard(handover)
        raise fail(f"{username} was not added: {exc}") from None
    out.print(f"Added {username} to {code}: {'; '.join(changes)}.", highlight=False)
    _hand_over(handover, password, username)


@app.command("set")
def set_cmd(
    username: str = typer.Argument(..., help="The user to change."),
    role: str = typer.Option(None, help="A new role: admin, lead, manager or viewer."),
    unit: list[str] = UNITS,
    name: str = typer.Option(None, help="Their full name."),
    email: str = typer.Option(None, help="Their email address."),
    access: bool = typer.Option(None, "--access/--no-access",
                                help="Restore or remove their access (nothing is deleted)."),
    new_password: bool = typer.Option(False, "--new-password",
                                      help="Give them a new password, typed at the prompt "
                                           "(twice, not shown); never printed."),
    password_stdin: bool = PASSWORD_STDIN,
    generate_password: Path = GENERATE,
    org: str = ORG,
) -> None:
    """Change a user's role, units, name, email or access, or give them a new password
    (`--new-password` to type it at the prompt, `--password-stdin` to read it from standard
    input, `--generate-password FILE` to make one and write it to a file; it is never
    printed, and must pass the password rules)."""
    password, handover = (_password(username, password_stdin, generate_password)
                          if new_password or password_stdin or generate_password
                          else (None, None))
    try:
        _, changes = context.save_user("workforce users set", _org(org), username,
                                       role=role, units=unit or None, name=name,
                                       email=email, active=access, password=password)
    except ValueError as exc:
        _discard(handover)
        raise fail(f"{username} was not changed: {exc}") from None
    out.print(f"{username}: {'; '.join(changes) or 'nothing to change'}.", highlight=False)
    if password is not None:
        _hand_over(handover, password, username)


@app.command("unlock")
def unlock_cmd(username: str = typer.Argument(..., help="The user who cannot sign in."),
               org: str = ORG) -> None:
    """Lift the pause on signing in as USERNAME (after 5 wrong passwords in a row from one
    address), from every address, now rather than when its 15 minutes are up; written to the
    audit log. Their password is unchanged: give them a new one with `workforce users set
    USERNAME --new-password` if they have forgotten it."""
    try:
        _, lifted = context.unlock_user("workforce users unlock", _org(org), username)
    except ValueError as exc:
        raise fail(f"{username} was not unlocked: {exc}") from None
    out.print(f"{lifted}." if lifted else
              f"{username}: no failed sign-ins counted, so nothing to lift.", highlight=False)


def _at_terminal() -> bool:
    return sys.stdin.isatty()


def _password(username: str, from_stdin: bool,
              generate: Path | None) -> tuple[str, tuple[Path, int] | None]:
    """The new password, from the one source asked for (or the prompt), and for
    `--generate-password` the file it goes to, created now (so that a file that exists or
    cannot be written stops the command before anything changes) and written once the user
    is saved."""
    if from_stdin and generate:
        raise fail("Give one of --password-stdin and --generate-password, not both.")
    if generate:
        try:
            fd = os.open(generate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise fail(f"{generate} exists already: name a new file for the password (an "
                        "existing one is never overwritten).") from None
        except OSError as exc:
            raise fail(f"Cannot create {generate} for the password: "
                        f"{exc.strerror or exc}.") from None
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # whatever the umask
        return context.new_password(), (generate, fd)
    if from_stdin:
        line = sys.stdin.readline()
        return line.removesuffix("\n").removesuffix("\r"), None
    if not _at_terminal():
        raise fail("No password: standard input is not a terminal to type it at. Give "
                    "--password-stdin to read it from standard input, or --generate-password "
                    "FILE to make one and write it to a file.")
    first = getpass.getpass(f"New password for {username}: ")
    if getpass.getpass("The same again: ") != first:
        raise fail("The two passwords differ: nothing was changed.")
    return first, None


def _hand_over(handover: tuple[Path, int] | None, password: str, username: str) -> None:
    """Write a generated password to its file, and say where it is."""
    if handover is None:
        return
    path, fd = handover
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(password + "\n")
    except OSError as exc:
        raise fail(f"{username}'s new password could not be written to {path} "
                    f"({exc.strerror or exc}): give them another with `workforce users set "
                    f"{username} --generate-password FILE`.") from None
    out.print(f"{username}'s password is in {path}, which only you can read: hand it to them "
              "by a safe route, then delete the file.", highlight=False)


def _discard(handover: tuple[Path, int] | None) -> None:
    """Remove the file made for a generated password that was not set."""
    if handover is not None:
        os.close(handover[1])
        handover[0].unlink(missing_ok=True)

