"""The `workforce` command line: the same core as the web, with progress bars on long work."""

from __future__ import annotations

import typer

from workforce.cli import (
    benchmarks_cmd,
    data_cmd,
    measures_cmd,
    report_cmd,
    strategy_cmd,
    users_cmd,
)
from workforce.cli.census_cmd import app as census_app

app = typer.Typer(no_args_is_help=True, add_completion=False, rich_markup_mode="markdown",
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
