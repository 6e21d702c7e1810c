"""`workforce users ...`: who may sign in to the web app, in which role, and for managers
which units. Every change is written to the audit log, with the operating-system user who
made it."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from workforce.cli import context

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode="markdown",
                  help="Users of the web app: list, add, change.")
console = Console(stderr=True, soft_wrap=True)
out = Console(soft_wrap=True)
ORG = typer.Option(None, "--org", help="Organisation code, LA number or E-code (default: the "
                                        "only one).")
UNITS = typer.Option(None, "--unit", help="A unit a manager is responsible for (code); repeat "
                                          "for more. They see it and the units below it.")


def _org(org: str | None) -> str:
    return org or ""


def _fail(what: str, exc: Exception) -> typer.Exit:
    console.print(f"[red]{what}:[/red] {exc}", highlight=False)
    return typer.Exit(2)


@app.command("list")
def list_cmd(org: str = ORG) -> None:
    """List the organisation's users with their role, units and last sign-in."""
    try:
        code, found = context.users(_org(org))
    except ValueError as exc:
        raise _fail("Cannot list users", exc) from None
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
    org: str = ORG,
) -> None:
    """Add a user and print a new password for them (shown once: hand it to them in person
    or by another safe route)."""
    password = context.new_password()
    try:
        code, changes = context.save_user("workforce users add", _org(org), username,
                                          create=True, role=role, units=unit or None,
                                          name=name, email=email, password=password)
    except ValueError as exc:
        raise _fail(f"{username} was not added", exc) from None
    out.print(f"Added {username} to {code}: {'; '.join(changes)}.", highlight=False)
    out.print(f"Password: {password}", highlight=False)


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
                                      help="Give them a new password (printed once)."),
    org: str = ORG,
) -> None:
    """Change a user's role, units, name, email or access, or give them a new password."""
    password = context.new_password() if new_password else None
    try:
        _, changes = context.save_user("workforce users set", _org(org), username,
                                       role=role, units=unit or None, name=name,
                                       email=email, active=access, password=password)
    except ValueError as exc:
        raise _fail(f"{username} was not changed", exc) from None
    out.print(f"{username}: {'; '.join(changes) or 'nothing to change'}.", highlight=False)
    if password:
        out.print(f"Password: {password}", highlight=False)
