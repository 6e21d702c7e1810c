"""`python -m workforce_web strategy import|export|demo`: the action plan from the command line
(also reached as `workforce strategy ...`, see `workforce.cli.strategy_cmd`).

It says what went wrong in plain words, as the `workforce` commands do: no system checks
first (their warnings, such as a static folder not built yet, are the web server's business),
and run from the command line an error is its message alone, without Django's
"CommandError: " before it (`call_command` still raises it)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from workforce.cli.errors import cannot
from workforce_web.bridge import load_ledger
from workforce_web.ledger.models import LEDGER_MODELS
from workforce_web.strategy import pages, services
from workforce_web.strategy.demo import store_demo_strategy
from workforce_web.strategy.models import Strategy


class Command(BaseCommand):
    help = "Import an action plan workbook, export a whole plan, or build the demo strategy."
    requires_system_checks: list[str] = []

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if not self._called_from_command_line:
                raise
            self.stderr.write(str(exc))
            sys.exit(exc.returncode)

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("import", help="Import a workbook (all or nothing).")
        p.add_argument("file", type=Path)
        p.add_argument("--org", help="Organisation code (default: the only one).")
        p.add_argument("--user", help="Username the changes are recorded under.")
        p.add_argument("--replace-newer", action="store_true",
                       help="Import a workbook exported before the plan's latest change, "
                            "replacing the changes made since, or an export whose title was "
                            "changed, renaming its strategy (refused without this).")
        p = sub.add_parser("export", help="Export a whole plan to a workbook.")
        p.add_argument("file", type=Path)
        p.add_argument("--org", help="Organisation code (default: the only one).")
        p.add_argument("--strategy", help="Strategy title or id (default: the only one).")
        p = sub.add_parser("demo", help="Build the demo strategy for an organisation.")
        p.add_argument("--org", help="Organisation code (default: the only one).")
        p.add_argument("--today", help="Pretend today is this date (yyyy-mm-dd).")

    def handle(self, *args, **opts):
        org = _organisation(opts.get("org"))
        getattr(self, f"_{opts['action']}")(org, opts)

    def _import(self, org: str, opts: dict) -> None:
        path: Path = opts["file"]
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        user = _user(opts.get("user"))
        try:
            body = path.read_bytes()
        except OSError as exc:
            raise CommandError(cannot("read", exc, path) or str(exc)) from None
        stored, problems = services.import_workbook(
            org, body, path.name, user, replace_newer=opts["replace_newer"],
            replace_how="import it again with --replace-newer to replace the changes made "
                        "since the export")
        if stored is None:
            for p in problems:
                self.stderr.write(str(p))
            raise CommandError(f"{path.name} was not imported: nothing from it was stored "
                               f"({len(problems)} problem{'s' if len(problems) != 1 else ''}).")
        self.stdout.write(pages.import_summary(stored))
        for warning in stored.warnings:
            self.stdout.write(f"Warning: {warning}")

    def _export(self, org: str, opts: dict) -> None:
        strategy = _strategy(org, opts.get("strategy"))
        body = pages.export(strategy, date.today())
        try:
            opts["file"].write_bytes(body)
        except OSError as exc:
            raise CommandError(cannot("write", exc, opts["file"]) or str(exc)) from None
        self.stdout.write(f"Wrote {strategy.title} to {opts['file']}")

    def _demo(self, org: str, opts: dict) -> None:
        today = date.fromisoformat(opts["today"]) if opts.get("today") else date.today()
        stored = store_demo_strategy(org, load_ledger(org), today)
        self.stdout.write(f"Stored the demo strategy {stored.strategy.title}: "
                          f"{stored.strategy.actions.count()} actions, "
                          f"{stored.strategy.targets.count()} targets, "
                          f"{stored.strategy.reviews.count()} reviews.")


def _organisation(code: str | None) -> str:
    codes = list(LEDGER_MODELS["organisation"].objects.values_list("code", flat=True))
    if code:
        if code not in codes:
            raise CommandError(f"No organisation {code!r}; known: {', '.join(codes) or 'none'}")
        return code
    if len(codes) != 1:
        raise CommandError("Give --org: the database holds "
                           f"{len(codes)} organisations ({', '.join(codes)})")
    return codes[0]


def _user(username: str | None):
    if not username:
        return None
    found = get_user_model().objects.filter(username=username).first()
    if found is None:
        raise CommandError(f"No user {username!r}")
    return found


def _strategy(org: str, wanted: str | None) -> Strategy:
    found = Strategy.objects.filter(organisation=org)
    if wanted:
        found = found.filter(pk=int(wanted)) if wanted.isdigit() else found.filter(title=wanted)
    if found.count() != 1:
        titles = "; ".join(Strategy.objects.filter(organisation=org).values_list("title",
                                                                                  flat=True))
        if not titles:
            raise CommandError(
                f"There is no strategy to export: the organisation {org} has no strategy yet. "
                "Import one with `workforce strategy import FILE`, or build the demo strategy "
                "with `workforce strategy demo`.")
        raise CommandError(f"Choose one strategy with --strategy (title or id): {titles}")
    return found.get()
