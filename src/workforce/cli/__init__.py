"""The `workforce` command line: the same core as the web, with progress bars on long work."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from workforce.cli import (
    benchmarks_cmd,
    data_cmd,
    measures_cmd,
    report_cmd,
    strategy_cmd,
    users_cmd,
)
from workforce.cli.census_cmd import app as census_app
from workforce.cli.errors import PATH_ERRORS, cannot, fail


class Commands(TyperGroup):
    """The `workforce` group: a file or folder a command cannot open (a path given that does
    not exist, a file given for a folder, no permission...) stops it with one line naming
    the path and why, exit code 2, wherever in the command it was opened; commands say
    "Cannot write" where they write (`errors.file_errors`), this says "Cannot open"."""

    # typer makes the group's context as its own Context; the base class names the private
    # vendored click type it derives from
    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except PATH_ERRORS as exc:
            message = cannot("open", exc)
            if message is None:  # not about a path (a broken pipe, say): as it was
                raise
            raise fail(message) from None


app = typer.Typer(cls=Commands, no_args_is_help=True, add_completion=False,
                  rich_markup_mode="markdown",
                  help="Workforce: the workforce ledger, measures and DfE returns for "
                       "children's services.")
data_cmd.register(app)
measures_cmd.register(app)
report_cmd.register(app)
app.add_typer(census_app, name="census", help="The DfE children's social work workforce "
                                              "census: export, validate, import.")
app.add_typer(benchmarks_cmd.app, name="benchmarks", help="DfE's published workforce "
                                                          "indicators and statistical neighbours.")
app.add_typer(strategy_cmd.app, name="strategy", help="The strategy and action plan: template, "
                                                      "import, export, demo.")
app.add_typer(users_cmd.app, name="users", help="Users of the web app: list, add, change "
                                               "(roles, managers' units, access).")


def main() -> None:
    app()
