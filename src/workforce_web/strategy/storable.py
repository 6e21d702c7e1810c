"""What a plan cannot be stored with as the database stands once its import holds the plan's
lock (`store.save_plan`), though the workbook passed its checks when it was read, before the
lock: an action's owner removed meanwhile, or a feedback entry the plan's stored entries
cannot tell from another; or, once the plan is written, an action's owner removed after that
check (`owners_kept`). The import is refused (`NotStored`) and nothing is stored; the
problems name the workbook's cell (`problems`), as the read's do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction

from workforce.imports.errors import ImportProblem
from workforce.strategy import plan as core
from workforce.strategy import workbook as wb
from workforce.strategy.merge import Key, feedback_key
from workforce.wording import day
from workforce_web.strategy.models import Action

OWNER_HINT = "Use the owner's username, or leave it empty and give an owner name."
WAITED = "the user was removed while the import waited for another change to the plan"
STORING = "the user was removed while the import was storing the plan"
"""When an owner who is no user now was removed: before the plan's lock was held (`check`),
or after (`owners_kept`)."""


@dataclass(frozen=True)
class Unstorable:
    """A value of the plan that cannot be stored: its record (`merge.Key`, which finds its
    row: `workbook_read.Read.rows`), its column, the value, why, and what to do."""

    key: Key
    column: str
    value: str
    message: str
    hint: str


class NotStored(Exception):
    """The plan was not stored, for the reasons `found` gives."""

    def __init__(self, found: list[Unstorable]) -> None:
        super().__init__("; ".join(u.message for u in found))
        self.found = found


def problems(refused: NotStored, filename: str, rows: Mapping[Key, int]
             ) -> list[ImportProblem]:
    """The import's problems for `refused`, each at its row of the workbook `filename`."""
    return [ImportProblem(filename, u.key[0], rows.get(u.key), u.column, u.value, u.message,
                          u.hint) for u in refused.found]


def check(plan: core.Plan, usernames: Iterable[str] | None,
          stored_feedback: Iterable[Any]) -> None:
    """Refuse (`NotStored`) a plan with an action owned by a username no user of the
    organisation has now (`usernames`; None: not checked), or with a feedback entry that
    more than one of the strategy's `stored_feedback` entries are."""
    gone = owners_gone(plan, set(usernames)) if usernames is not None else []
    found = [*gone, *feedback_ambiguous(plan, stored_feedback)]
    if found:
        raise NotStored(found)


def owners_gone(plan: core.Plan, usernames: set[str], removed: str = WAITED
                ) -> list[Unstorable]:
    """The actions whose owner no user of the organisation is now: deleted (or moved out of
    it) after the workbook was read, `removed` saying when. Stored, the action would have no
    owner, and nobody would be told."""
    return [Unstorable((wb.ACTIONS.name, (a.ref,)), wb.ACTIONS.col("owner").header, a.owner,
                       f"Nobody in the organisation has this username now: {removed}",
                       OWNER_HINT)
            for a in plan.actions if a.owner and a.owner not in usernames]


def owners_kept(plan: core.Plan) -> None:
    """Refuse (`NotStored`) the plan just written, in its transaction, when an action's
    owner that `check` found has been deleted since by a writer that takes none of the
    plan's locks (the product deletes no user, but a Django shell or SQL can): the database
    would refuse the action as the transaction commits (its owner is a deferred foreign
    key), a server error. The actions' foreign keys
    are checked now, in a savepoint that keeps PostgreSQL's transaction usable; there, the
    check also holds the owners' rows it writes, so that a deletion after it waits for the
    commit."""
    try:
        with transaction.atomic():
            connection.check_constraints(table_names=[Action._meta.db_table])
    except IntegrityError:
        users = get_user_model().objects.filter(membership__organisation=plan.organisation)
        gone = owners_gone(plan, {u.get_username() for u in users}, STORING)
        if not gone:
            raise
        raise NotStored(gone) from None


def feedback_ambiguous(plan: core.Plan, stored: Iterable[Any]) -> list[Unstorable]:
    """The plan's feedback entries that more than one stored entry is (the same date and
    words: `merge.feedback_key`, an entry's key in the workbook and the history), so which
    of them the import would change cannot be told. Entries alike were allowed on the web
    before its form refused them, and an import matched the first."""
    count: dict[tuple[str, ...], int] = {}
    for f in stored:
        key = feedback_key(f.on, f.you_said)
        count[key] = count.get(key, 0) + 1
    return [Unstorable((wb.FEEDBACK.name, key), wb.FEEDBACK.col("you_said").header,
                       f.you_said,
                       f"The plan has {count[key]} feedback entries of {day(f.on)} with "
                       "these words, and which of them this row is cannot be told",
                       "On the strategy's “You said, we did” page, change the words of all "
                       "but one of them, then export the plan again and make your changes "
                       "in the new copy.")
            for f in plan.feedback
            if count.get(key := feedback_key(f.on, f.you_said), 0) > 1]
