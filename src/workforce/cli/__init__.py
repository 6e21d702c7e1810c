"""The `workforce` command line: the same core as the web, with progress bars on long work."""

from __future__ import annotations

import typer

from workforce.cli import data_cmd, measures_cmd

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Workforce: the workforce ledger, measures and DfE returns for "
                       "children's services.")
data_cmd.register(app)
measures_cmd.register(app)

try:  # the census commands live in their own module
    from workforce.cli.census_cmd import app as census_app

    app.add_typer(census_app, name="census", help="The DfE children's social work workforce "
                                                  "census: export, validate, import.")
except ImportError:  # pragma: no cover - only while the census module is absent
    pass


def main() -> None:
    app()
