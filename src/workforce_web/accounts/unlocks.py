"""Sign-in pauses lifted, and records of signing in removed, in the audit log.

A pause (`signins`) lifts by itself after `AXES_COOLOFF_TIME`; an administrator lifts it
sooner with `workforce users unlock USERNAME`, or with django-axes' reset commands run
through the product's manage.py (`python -m workforce_web axes_reset`,
`axes_reset_username`, `axes_reset_ip`, `axes_reset_ip_username`), which the accounts app
replaces with its own (`accounts/management/commands`): each does what axes's does inside
`recorded`, which writes one entry per user name whose failed sign-ins it forgot, in that
user's organisation: who ran it (the operating-system account, as `workforce` commands are
recorded), the command without its arguments (an address may be one), and whether signing in
was paused then. Never an address, nor the user name of no one's account (`signins.UNKNOWN`:
people type their password there), which is recorded without its text in every
administrator's log, as the failed sign-ins of such a name are.

The attempts forgotten are those axes deletes while `recorded` runs, heard as they go
(`post_delete` of `AccessAttempt`), so the entries name exactly what the command removed.
Deletions outside it (axes forgetting attempts whose pause is over, or the count cleared by
a correct password) are not unlocks, and are not recorded.

`axes_reset_logs` (replaced the same way) removes records of signing in from axes's access
log (`AccessLog`: each sign-in's time, address and browser; kept by installations from before
`AXES_DISABLE_ACCESS_LOG`). The records it removes are heard as the attempts are, and
recorded the same way (`signins.LOGS_REMOVED`): one entry per user name, with how many of
its records were removed and of which days (`Removed`), never the addresses. So does
`axes_reset_failure_logs`, which removes records of failed sign-ins from axes's access
failure log (`AccessFailureLog`, kept with `AXES_ENABLE_ACCESS_FAILURE_LOG`, off here):
`signins.FAILURE_LOGS_REMOVED`, `FailuresRemoved`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import ClassVar

from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete
from django.utils import timezone

from workforce.wording import day
from workforce_web.accounts.access import audit_command, cut
from workforce_web.accounts.models import Membership
from workforce_web.accounts.signins import (
    FAILURE_LOGS_REMOVED,
    LIFTED,
    LOGS_REMOVED,
    SHARED,
    UNKNOWN,
)
from workforce_web.accounts.users import UserProblem

Forgotten = AccessAttempt | AccessLog | AccessFailureLog
"""What a reset deletes: failed sign-ins counted, records of signing in or of failed ones."""
_FORGETTING: ContextVar[list[Forgotten] | None] = ContextVar("forgetting", default=None)


@dataclass(frozen=True)
class Lifted:
    """What a reset forgot of one user name: its failed sign-ins counted (wrong passwords,
    and tries refused while paused), and whether they had paused signing in (a pause in
    force, not one already over)."""

    username: str
    failed: int
    paused: bool
    action: ClassVar[str] = LIFTED

    def words(self) -> str:
        counted = f"{self.failed} failed sign-in{'' if self.failed == 1 else 's'}"
        if self.paused:
            return f"{self.username}: pause on signing in lifted ({counted} forgotten)"
        return f"{self.username}: {counted} forgotten (signing in was not paused)"


@dataclass(frozen=True)
class Removed:
    """What a reset of axes's access log removed of one user name: how many records of its
    sign-ins, and the days (UK time) of the first and the last."""

    username: str
    records: int
    first: date
    last: date
    action: ClassVar[str] = LOGS_REMOVED
    of: ClassVar[str] = "signing in"
    log: ClassVar[str] = "the access log"
    dated: ClassVar[str] = "sign-ins"

    def words(self) -> str:
        counted = f"{self.records} record{'' if self.records == 1 else 's'} of {self.of}"
        days = day(self.first) if self.first == self.last else (
            f"{day(self.first)} to {day(self.last)}")
        return f"{self.username}: {counted} removed from {self.log} ({self.dated} of {days})"


@dataclass(frozen=True)
class FailuresRemoved(Removed):
    """What a reset of axes's access failure log removed of one user name: how many records
    of its failed sign-ins, and the days (UK time) of the first and the last."""

    action: ClassVar[str] = FAILURE_LOGS_REMOVED
    of: ClassVar[str] = "failed sign-ins"
    log: ClassVar[str] = "the access failure log"
    dated: ClassVar[str] = "failed sign-ins"


def _forgotten(sender, instance: Forgotten, **kwargs) -> None:
    found = _FORGETTING.get()
    if found is not None:
        found.append(instance)


def connect() -> None:
    """Listen for the attempts, and the access and access failure log records, axes deletes
    (called by `AccountsConfig.ready`)."""
    post_delete.connect(_forgotten, sender=AccessAttempt, dispatch_uid="workforce_unlocks")
    post_delete.connect(_forgotten, sender=AccessLog, dispatch_uid="workforce_logs_removed")
    post_delete.connect(_forgotten, sender=AccessFailureLog,
                        dispatch_uid="workforce_failure_logs_removed")


@contextmanager
def recorded(who: str, command: str) -> Iterator[list[Lifted | Removed]]:
    """Run a reset of axes's attempts, access log or access failure log inside; then record
    what it forgot or removed, as done by the operating-system user `who` with `command`
    (no arguments), in the same transaction. Yields the list of `Lifted` and `Removed`
    (`FailuresRemoved` among them), filled when the block is done."""
    found: list[Forgotten] = []
    done: list[Lifted | Removed] = []
    token = _FORGETTING.set(found)
    try:
        with transaction.atomic():
            yield done
            done.extend(_lifted([a for a in found if isinstance(a, AccessAttempt)]))
            done.extend(_removed([r for r in found if isinstance(r, AccessLog)], Removed))
            done.extend(_removed([r for r in found if isinstance(r, AccessFailureLog)],
                                 FailuresRemoved))
            for entry in done:
                for org, words in _entries(entry):
                    audit_command(who, org, entry.action, command, words)
    finally:
        _FORGETTING.reset(token)


def _lifted(attempts: list[AccessAttempt]) -> list[Lifted]:
    since = timezone.now() - (get_cool_off() or timedelta(0))
    by_name: dict[str, list[AccessAttempt]] = {}
    for a in attempts:
        by_name.setdefault((a.username or "").strip(), []).append(a)
    return [Lifted(name, sum(a.failures_since_start for a in found), any(
        a.failures_since_start >= settings.AXES_FAILURE_LIMIT and a.attempt_time >= since
        for a in found)) for name, found in sorted(by_name.items())]


def _removed(logs: list[AccessLog] | list[AccessFailureLog], kind: type[Removed]
             ) -> list[Removed]:
    """One `kind` per user name of the records removed from one of axes's logs."""
    days: dict[str, list[date]] = {}
    for r in logs:
        days.setdefault((r.username or "").strip(), []).append(
            timezone.localdate(r.attempt_time))
    return [kind(name, len(found), min(found), max(found))
            for name, found in sorted(days.items())]


def _entries(entry: Lifted | Removed) -> list[tuple[str, str]]:
    """(organisation, detail) of each entry: one per organisation of the user named, or one
    shared entry without the name when no one has it."""
    user = (get_user_model().objects.filter(username=entry.username).first()
            if entry.username else None)
    orgs = list(Membership.objects.filter(user=user).values_list("organisation", flat=True)
                ) if user else []
    if not orgs:
        shown = cut(entry.username, 150) if user else UNKNOWN
        return [(SHARED, cut(replace(entry, username=shown).words()))]
    return [(org, cut(entry.words())) for org in orgs]


def unlock(who: str, command: str, organisation: str, username: str) -> Lifted | None:
    """Lift the pauses on signing in as `username`, a user of `organisation` (from every
    address), recorded as done by `who` with `command`; what was forgotten, or None when
    nothing was counted. UserProblem when no user of the organisation has the name."""
    user = get_user_model().objects.filter(username=username).first()
    member = Membership.objects.filter(user=user).first() if user is not None else None
    if member is None:
        raise UserProblem(f"There is no user {username!r}: `workforce users list` lists them.")
    if member.organisation != organisation:
        raise UserProblem(f"{username!r} is a user of organisation {member.organisation}, not "
                          f"{organisation}.")
    with recorded(who, command) as done:
        reset(username=username)  # (attempts only: `Lifted`)
    return done[0] if done and isinstance(done[0], Lifted) else None


class Recorded:
    """Mixed into django-axes' reset commands (`accounts/management/commands`, its resets
    of the access log and the access failure log too): the command's own work, inside
    `recorded`, as done by the operating-system user running it."""

    name = ""

    def handle(self, *args, **options) -> None:
        from workforce.cli.context import os_user

        with recorded(os_user(), f"python -m workforce_web {self.name}") as done:
            super().handle(*args, **options)  # type: ignore[misc]
        if done:
            self.stdout.write(f"Recorded in the audit log: {len(done)} user "  # type: ignore[attr-defined]
                              f"name{'' if len(done) == 1 else 's'}.")
