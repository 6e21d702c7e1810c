"""Where CLI commands get and put data: the database (through the web package's bridge, the
only place rows become frames) or a folder of import files.

This module is the one place the core reaches the web package; the import-linter contract
allows it explicitly and nothing else in `workforce` may import Django.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import polars as pl

from workforce.ledger import Ledger, orgs

EMPTY = ("The database holds no organisation yet: load the demo with `workforce demo-data` "
         "or your own data with `workforce import FILES`.")
_ready = False  # the database was checked (and migrated when new) in this process


def setup_django() -> None:
    """Configure Django and make sure the database has every table: a new database (a fresh
    checkout, or a new DATABASE_URL) is migrated quietly the first time a command uses it."""
    global _ready
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workforce_web.settings")
    import django

    django.setup()
    if _ready:
        return
    from django.core.management import call_command
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", verbosity=0, interactive=False)
    except DatabaseError as exc:
        raise ValueError(f"Cannot use the database {database_label()}: {exc}. "
                         "Check DATABASE_URL (see the README's Configuration).") from None
    _private_sqlite()
    _ready = True


def _private_sqlite() -> None:
    """Make a SQLite database (and its journal files) readable by its owner only: it holds
    staff records, and a new file gets the process's umask (often readable by everyone)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("sqlite3") or str(db["NAME"]) == ":memory:":
        return
    for path in (Path(db["NAME"]), Path(f"{db['NAME']}-wal"), Path(f"{db['NAME']}-shm")):
        try:
            if path.exists() and path.stat().st_mode & 0o077:
                path.chmod(0o600)
        except OSError:  # not ours to change (a shared file): its owner decides
            pass


def database_label() -> str:
    """Where the data lives, for messages: the SQLite file, or the PostgreSQL host/name."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite file {db['NAME']}"
    host = db.get("HOST") or "localhost"
    return f"{db['ENGINE'].rsplit('.', 1)[-1]} database {db['NAME']!r} on {host}"


def load_ledger(org: str | None = None, data: Path | None = None) -> Ledger:
    """The ledger from a folder of CSV/XLSX files (`data`), or from the database; with `org`
    (its code, DfE 3-digit LA number or ONS E-code) only that organisation's rows. An unknown
    `org` raises ValueError naming the known ones."""
    if data is not None:
        return ledger_from_folder(data, org)
    setup_django()
    from workforce_web.bridge import load_ledger as from_db

    return from_db(None if org is None else organisation_code(org))


def organisation_code(org: str) -> str:
    """The internal code of the organisation in the database named `org` (its code, DfE
    3-digit LA number or ONS E-code); ValueError naming the known ones when none matches."""
    setup_django()
    from workforce_web.bridge import load_table

    return resolve_org(load_table("organisation"), org)


def resolve_org(organisations: pl.DataFrame, org: str) -> str:
    """`ledger.orgs.resolve_org`, saying how to load data when there is none."""
    return orgs.resolve_org(organisations, org, when_empty=EMPTY)


def ledger_from_folder(folder: Path, org: str | None = None) -> Ledger:
    """Read and validate every import file in `folder`; raise ValueError listing problems."""
    from workforce.imports import read_files

    paths = sorted(p for p in Path(folder).iterdir()
                   if p.suffix.lower() in (".csv", ".xlsx") and not p.name.startswith("~"))
    results = read_files(paths)
    problems = [str(e) for r in results for e in r.errors]
    if problems:
        raise ValueError("\n".join(problems[:50]))
    frames: dict[str, list[pl.DataFrame]] = {}
    for r in results:
        for name, frame in r.tables.items():
            frames.setdefault(name, []).append(frame)
    ledger = Ledger({k: pl.concat(v) for k, v in frames.items()})
    return ledger.for_organisation(resolve_org(ledger.organisation, org)) if org else ledger


def store_tables(tables: dict[str, pl.DataFrame], source: str = "",
                 progress: Callable[[int], None] | None = None):
    """Store rows in the database in one transaction; returns the bridge's StoreReport."""
    setup_django()
    from workforce_web.bridge import store_tables as to_db

    return to_db(tables, progress=progress)


def store_batch(parts: list[tuple[str, dict[str, pl.DataFrame]]],
                progress: Callable[[int], None] | None = None) -> list:
    """Store the files of one import, `(name, tables)` each, in one transaction, tables in
    dependency order (`bridge.store_batch`): all of them or, when any is refused (its
    exception's `batch_file` names it) or the database is busy (`DatabaseBusy`), none.
    Returns what each file changed."""
    setup_django()
    from workforce_web import bridge

    try:
        return bridge.store_batch(parts, progress)
    except bridge.DatabaseBusy as exc:
        raise DatabaseBusy(str(exc)) from None


def ledger_versions() -> dict[str, int]:
    """Every organisation's ledger version (`bridge.ledger_versions`): read before the stored
    ledger an import's files are checked against, for `ledger_held`."""
    setup_django()
    from workforce_web import bridge

    return bridge.ledger_versions()


@contextmanager
def ledger_held(organisations: list[str], checked: dict[str, int]) -> Iterator[bool]:
    """An import's transaction holding the ledgers of `organisations` (`bridge.ledger_held`:
    another import of one of them is stored first); yields whether any changed since
    `checked` (`ledger_versions`), when the files must be checked again. A busy database is
    this module's `DatabaseBusy`; a refusal as the transaction ends, an `ImportRefused`."""
    setup_django()
    from workforce_web import bridge

    try:
        with bridge.ledger_held(organisations, checked) as changed:
            yield changed
    except bridge.DatabaseBusy as exc:
        raise DatabaseBusy(str(exc)) from None


class DatabaseBusy(ValueError):
    """The database stayed locked by another writer past its busy timeout; nothing was
    stored (the bridge's `DatabaseBusy`, for commands that may not import the web
    package)."""


Plan = Callable[[Ledger], tuple[dict[str, pl.DataFrame], dict[str, pl.DataFrame]]]
DELETE_BATCH = 200  # rows deleted per statement (3 key columns: within SQLite's 999 variables)


def store_replacing(organisations: list[str], plan: Plan,
                    progress: Callable[[int], None] | None = None):
    """Store rows over what the database holds of `organisations`, in one transaction:
    `plan(stored ledger)` returns the stored rows to delete (per table, found by natural key)
    and the rows to store. A failure anywhere leaves every stored row as it was. Returns the
    bridge's StoreReport and the rows deleted per table."""
    setup_django()
    from django.db.models import F

    from workforce_web import bridge
    from workforce_web.ledger.models import LedgerVersion

    # The write lock is taken first (SQLite waits its busy timeout for it there); taken only
    # at the first delete, after the reads, another writer's lock failed at once.
    try:
        with bridge._write_transaction():
            bridge.lock_ledgers(organisations)  # another import of them is stored first
            ledgers = [bridge.load_ledger(o) for o in organisations]
            stored = Ledger({name: pl.concat([led[name] for led in ledgers])
                             for name in ledgers[0]} if ledgers else {})
            stale, tables = plan(stored)
            deleted = {name: _delete(name, stale[name]) for name in reversed(list(stale))}
            report = bridge.store_tables(tables, progress=progress)
            for org in {o for f in stale.values() for o in f["organisation"].to_list()}:
                obj, _ = LedgerVersion.objects.get_or_create(organisation=org)
                LedgerVersion.objects.filter(pk=obj.pk).update(version=F("version") + 1)
    except bridge.DatabaseBusy as exc:
        raise DatabaseBusy(str(exc)) from None
    return report, deleted


def _delete(name: str, rows: pl.DataFrame) -> int:
    """Delete the stored rows of table `name` with the natural keys of `rows`."""
    from django.db.models import Q

    from workforce.ledger.tables import TABLES
    from workforce_web.ledger.models import LEDGER_MODELS, unique_fields

    keys = unique_fields(TABLES[name])
    done = 0
    for chunk in rows.select(keys).iter_slices(DELETE_BATCH):
        match = Q()
        for row in chunk.iter_rows(named=True):
            match |= Q(**row)
        done += LEDGER_MODELS[name].objects.filter(match).delete()[0]
    return done


def replace_organisation(ledger: Ledger, progress: Callable[[int], None] | None = None,
                         users: bool = True, today: date | None = None):
    """Replace an organisation's rows with `ledger` (the demo), with demo users and the demo
    strategy; return (report, demo users)."""
    setup_django()
    from workforce_web.accounts.demo_users import ensure_demo_users
    from workforce_web.bridge import delete_organisation
    from workforce_web.bridge import store_tables as to_db

    org = ledger.organisations[0]
    delete_organisation(org)
    report = to_db(dict(ledger.frames), progress=progress)
    from workforce_web.strategy.demo import store_demo_strategy

    services = ledger.unit.filter(pl.col("kind") == "service")["code"].to_list()
    demo_users = ensure_demo_users(org, services) if users else []
    store_demo_strategy(org, ledger, today)
    return report, demo_users


def migrate() -> bool:
    """Apply any migrations; return True when the database holds no organisation yet."""
    setup_django()  # migrates
    from workforce_web.ledger.models import LEDGER_MODELS

    return not LEDGER_MODELS["organisation"].objects.exists()


def runserver(host: str, port: int) -> None:
    """Serve the web app in this process, its caches warming in the background meanwhile
    (`workforce_web.warm`: a server starts with nothing cached)."""
    setup_django()
    from workforce_web import assets, warm

    unbuilt = assets.warning()
    if unbuilt:
        print(unbuilt, file=sys.stderr, flush=True)
    warm.start_all()
    from django.core.management import call_command

    call_command("runserver", f"{host}:{port}", use_reloader=False)


def audit(command: str, action: str, organisation: str, detail: str,
          staff_ids: Iterable[str] | None = None) -> None:
    """Record in the audit log, beside the web's own records, that `command` wrote
    person-level data of `organisation`: who ran it (the operating-system user, since a
    command has no signed-in user), what and where, in `detail`."""
    setup_django()
    from workforce_web.accounts.access import audit_command

    audit_command(os_user(), organisation, action, command, detail, staff_ids)


def os_user() -> str:
    """The operating-system user running the command, as the audit log names them: the
    process's own account (its effective user id, named by the password database), never a
    name taken from the environment, which whoever runs the command sets (`LOGNAME=alice
    workforce export ...`). When the environment names someone else (SUDO_USER under sudo,
    LOGNAME or USER after `su`) that is added, marked as what it is: "root via sudo by
    alice", "root (environment names alice)"."""
    name = _account()
    sudo = _named(os.environ.get("SUDO_USER"))
    if sudo and sudo != name:
        return f"{name} via sudo by {sudo}"
    login = next((n for n in (_named(os.environ.get(v)) for v in ("LOGNAME", "USER")) if n),
                 None)
    if login and login != name:
        return f"{name} (environment names {login})"
    return name


def _account() -> str:
    """The name of the account the process runs as, or "uid N" where the password database
    has no entry for it (some containers)."""
    if hasattr(os, "geteuid"):
        import pwd

        uid = os.geteuid()
        try:
            return pwd.getpwuid(uid).pw_name
        except KeyError:
            return f"uid {uid}"
    try:  # Windows: the process's account (GetUserNameW), not %USERNAME%
        return os.getlogin()
    except OSError:
        return "unknown user"


def _named(value: str | None) -> str | None:
    """A user name the environment gives, only as the characters a user name has and at most
    32 of them, so that it cannot pass itself off as more of the audit entry."""
    if not value:
        return None
    kept = "".join(c for c in value if c.isalnum() or c in "._-@$")[:32]
    return kept or None


def load_plan(organisation: str, on: date | None = None):
    """The organisation's strategy in force on `on` (default today) as the core's plan, or
    None when it has none."""
    setup_django()
    from workforce_web.reports.inputs import plan_for

    return plan_for(organisation, on or date.today())


def _chosen_org(org: str) -> str:
    """The organisation `org` names, or with none given the only one stored."""
    if org:
        return organisation_code(org)
    from workforce_web.bridge import load_table

    codes = load_table("organisation")["code"].to_list()
    if len(codes) == 1:
        return codes[0]
    raise ValueError(EMPTY if not codes else
                     f"There are several organisations ({', '.join(sorted(codes))}): choose "
                     "one with --org.")


def users(org: str) -> tuple[str, list]:
    """The organisation `org` names (code, LA number or E-code) and its users
    (`workforce_web.accounts.users.members`)."""
    setup_django()
    from workforce_web.accounts.users import members

    code = _chosen_org(org)
    return code, members(code)


def save_user(command: str, org: str, username: str, **change: object) -> tuple[str, list[str]]:
    """Add or change a user of the organisation `org` names (`accounts.users.save_member`),
    as the operating-system user running `command`; (organisation code, changes)."""
    setup_django()
    from workforce_web.accounts.users import role_of, save_member

    code = _chosen_org(org)
    if change.get("role"):
        change["role"] = role_of(str(change["role"]))
    return code, save_member(os_user(), command, code, username, **change)  # type: ignore[arg-type]


def unlock_user(command: str, org: str, username: str) -> tuple[str, str | None]:
    """Lift the pauses on signing in as a user of the organisation `org` names
    (`accounts.unlocks.unlock`), as the operating-system user running `command`;
    (organisation code, what was lifted in words, or None when nothing was counted)."""
    setup_django()
    from workforce_web.accounts.unlocks import unlock

    code = _chosen_org(org)
    lifted = unlock(os_user(), command, code, username)
    return code, None if lifted is None else lifted.words()


def new_password() -> str:
    """A password to hand to a user (`accounts.users.new_password`)."""
    setup_django()
    from workforce_web.accounts.users import new_password as make

    return make()
