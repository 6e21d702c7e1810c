"""Failed sign-ins and sign-in pauses in the audit log.

django-axes pauses a user name at one address after `AXES_FAILURE_LIMIT` wrong passwords.
Each wrong password, each pause and each attempt refused while paused is recorded as an
`AuditEvent` in the organisation of the user whose name was tried, so that its
administrators see someone guessing at a colleague's password. The password is never
recorded, nor the address (the product keeps no lasting record of where people sign in
from: `AXES_DISABLE_ACCESS_LOG`). A user name that no one has is recorded without its
text, in no organisation's log but shown in every administrator's (`SHARED`): people type
their password into the user name box, and the log must not hold it.

Receivers are connected when the accounts app is ready, after axes's own (imported here
first, though the accounts app comes before axes in `INSTALLED_APPS`): by the time the
failure is heard, axes has counted it and, if it was the one too many, paused the name.
A pause lifted by an administrator is recorded too (`unlocks`, `LIFTED`), and so are records
of signing in removed from axes's access log (`LOGS_REMOVED`), and records of failed
sign-ins removed from its access failure log (`FAILURE_LOGS_REMOVED`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest

from workforce_web.accounts.access import cut
from workforce_web.accounts.models import AuditEvent, Membership

FAILED, PAUSED, REFUSED_PAUSED = "sign_in_failed", "sign_in_paused", "sign_in_refused_paused"
LIFTED = "sign_in_pause_lifted"  # by an administrator's command (`unlocks`)
LOGS_REMOVED = "access_log_removed"  # axes's records of signing in, by a command (`unlocks`)
FAILURE_LOGS_REMOVED = "access_failure_log_removed"  # of failed sign-ins, the same way
SIGN_IN_ACTIONS = (FAILED, PAUSED, REFUSED_PAUSED, LIFTED, LOGS_REMOVED, FAILURE_LOGS_REMOVED)
SHARED = ""
"""The organisation of an entry about a user name no one has: every administrator's log."""
UNKNOWN = "(a user name no one has)"
RECORDED = "workforce_failure_recorded"  # set on a request whose failure `paused` recorded


def _minutes() -> int:
    return round(float(settings.AXES_COOLOFF_TIME) * 60)


def _record(request: HttpRequest | None, username: str | None, action: str,
            detail: str) -> None:
    """One entry per organisation of the user named `username` (or one shared entry)."""
    name = (username or "").strip()
    user = get_user_model().objects.filter(username=name).first() if name else None
    orgs = list(Membership.objects.filter(user=user).values_list("organisation", flat=True)
                ) if user else []
    path = request.path[:500] if request is not None else ""
    who = cut(name, 150) if user else UNKNOWN
    for org in orgs or [SHARED]:
        AuditEvent.objects.create(user=None, username=who, organisation=org, action=action,
                                  path=path, detail=cut(detail))


def _refused_by_pause(request: HttpRequest) -> bool:
    """True when axes refused the attempt because the name was already paused: it checks no
    password, and counts the attempt past the limit (which starts the pause again) or, with
    `AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT` off, not at all."""
    failures = getattr(request, "axes_failures_since_start", None)
    return bool(getattr(request, "axes_locked_out", False)) and (
        failures is None or failures > settings.AXES_FAILURE_LIMIT)


def failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    """A sign-in whose password was checked and was wrong (or whose user may not sign in)."""
    if request is None or _refused_by_pause(request) or getattr(request, RECORDED, False):
        return  # recorded by `paused`, as refused or before the pause it led to
    _failed(request, credentials.get("username"))


def _failed(request: HttpRequest | None, username: str | None) -> None:
    _record(request, username, FAILED, "Wrong password, or the account may not sign in")


def paused(sender, request: HttpRequest | None = None, username: str | None = None,
           **kwargs) -> None:
    """axes paused the user name (the wrong password one too many), or refused an attempt
    while it was paused."""
    if request is not None and _refused_by_pause(request):
        _record(request, username, REFUSED_PAUSED,
                "Refused without checking the password: signing in is paused")
        return
    # axes hears the failure before `failed` does: the wrong password is recorded first
    _failed(request, username)
    if request is not None:
        setattr(request, RECORDED, True)
    _record(request, username, PAUSED,
            f"Paused for {_minutes()} minutes after {settings.AXES_FAILURE_LIMIT} wrong "
            "passwords in a row from one address")


def connect() -> None:
    """Listen for failed sign-ins and axes's pauses (called by `AccountsConfig.ready`)."""
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_login_failed

    user_login_failed.connect(failed, dispatch_uid="workforce_sign_in_failed")
    user_locked_out.connect(paused, dispatch_uid="workforce_sign_in_paused")
