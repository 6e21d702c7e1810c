"""Access checks for views: role, organisation and unit scope, and auditing.

Views call `require(request, *roles)` first, then `people_in_scope` / `get_person_or_404` for
person-level data, and `audit(request, action, detail)` whenever person-level data is shown or
exported (`audit_people` for a list of people, naming each). A person-level view, and the
census, audit-log and Import data views, are wrapped in `refusals_audited`, so that a request
refused (a record outside a manager's area, a role without access) is recorded too.
`workforce` commands that write person-level data record it with `audit_command`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import wraps

import polars as pl
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from workforce.ledger.tables import TEXT_LENGTH
from workforce.measures.dimensions import units_below
from workforce.measures.population import active_at
from workforce_web.accounts.models import AuditEvent, Membership, Role
from workforce_web.bridge import load_table


def membership(request: HttpRequest) -> Membership:
    m = getattr(request.user, "membership", None) if request.user.is_authenticated else None
    if m is None:
        raise PermissionDenied("Your account has no role in any organisation.")
    return m


def require(request: HttpRequest, *roles: str) -> Membership:
    """Return the user's membership, or raise 403 if their role is not one of `roles`."""
    m = membership(request)
    if roles and m.role not in roles:
        raise PermissionDenied("Your role does not give access to this page.")
    return m


def units_in_scope(m: Membership) -> set[str] | None:
    """Unit codes the member may see person-level data for; None means the whole
    organisation."""
    if m.whole_organisation:
        return None
    if m.role != Role.MANAGER:
        return set()
    return units_below(load_table("unit", m.organisation), m.units)


def in_post_today(assignments: pl.DataFrame, scope: set[str] | None) -> pl.DataFrame:
    """Of `assignments`, those running today in `scope` (None: the whole organisation). A
    manager sees person-level data only of these people (the people list, their records, the
    work lists whatever date they are for), so that someone who moved out of the manager's
    units, or left, is no longer theirs to see (their past assignments are kept for the
    workforce lead, who sees the whole organisation)."""
    current = active_at(assignments, date.today())
    if scope is not None:
        current = current.filter(pl.col("unit").is_in(list(scope)))
    return current


def check_unit(m: Membership, unit: str) -> None:
    scope = units_in_scope(m)
    if scope is not None and unit not in scope:
        raise Http404("No such unit in your area.")


DETAIL_LENGTH = AuditEvent._meta.get_field("detail").max_length

_WORD = re.compile(r"[A-Za-z0-9_-]")
"""A character of a word, as the audit log's Person filter reads a staff number."""
_WORD_END = re.compile(r"[A-Za-z0-9_-]+\Z")


def cut(text: str, room: int = DETAIL_LENGTH) -> str:
    """`text` as it is when it fits in `room` characters, else cut and ended with "…". The
    part of a word the cut would leave is dropped, so that no part of a staff number is left
    for the Person filter to take for another's ("T1p3" of "T1p30"), unless it is longer than
    a staff number can be."""
    if len(text) <= room:
        return text
    kept = text[:max(room - 1, 0)]
    if _WORD.match(text[len(kept)]):  # the cut falls in a word
        part = _WORD_END.search(kept)
        if part and len(part.group()) <= TEXT_LENGTH and part.start():
            kept = kept[:part.start()]
    return kept.rstrip() + "…"


def shortened(asked: str, room: int) -> str:
    """What a request asked for, within `room` characters: a list ("files: a.csv, b.csv")
    keeps its first items whole and says how many more there were ("… and 12 more", items
    counted as separated by ", "); anything else is `cut`."""
    if len(asked) <= room:
        return asked
    items, best, length = asked.split(", "), None, -2
    for kept, item in enumerate(items[:-1], start=1):
        length += 2 + len(item)
        more = f" … and {len(items) - kept} more"
        if length + len(more) > room:
            break
        best = ", ".join(items[:kept]) + more
    return best if best is not None else cut(asked, room)


def with_outcome(asked: str, outcome: str) -> str:
    """An entry's detail naming what was asked for and what came of it ("T1p1 (refused: No
    such person in your area.)"), within `DETAIL_LENGTH`: what was asked for is `shortened` to
    leave the outcome whole (an outcome longer than half the room is cut itself), so that a
    long list of files never loses the reason they were refused."""
    if not asked:
        return cut(outcome)
    outcome = cut(outcome, DETAIL_LENGTH // 2)
    return f"{shortened(asked, DETAIL_LENGTH - len(outcome) - 3)} ({outcome})"


def audit(request: HttpRequest, action: str, detail: str = "") -> None:
    """Record `action` by the signed-in user; a detail too long for the log is `cut` (a
    detail with an outcome to keep is made with `with_outcome`, a list of people is split by
    `audit_people`)."""
    m = membership(request)
    AuditEvent.objects.create(user=request.user, username=request.user.get_username(),
                              organisation=m.organisation, action=action,
                              path=request.get_full_path()[:500], detail=cut(detail))


def audit_people(request: HttpRequest, action: str, detail: str,
                 staff_ids: Iterable[str]) -> None:
    """Record a look at a list of people naming each person shown ("unit=all page=1 people:
    T1p1, T1p3"), so that the audit log's Person filter finds a person seen on a list as well
    as on their record. When the names do not fit in one event's detail, they go on in more
    events of the same action ("... people, continued: ..."), each naming whole staff numbers;
    a `detail` too long to leave room for one is cut instead."""
    for part in people_details(detail, staff_ids):
        audit(request, action, part)


def people_details(detail: str, staff_ids: Iterable[str]) -> list[str]:
    """`detail` naming each of `staff_ids` once, as one event's detail or, when they do not
    fit, several ("... people: T1p1, T1p3", "... people, continued: T1p9"), each naming whole
    staff numbers; a `detail` too long to leave room for one is cut instead."""
    ids = list(dict.fromkeys(str(s) for s in staff_ids))
    # a detail too long is cut, not the staff numbers after it
    detail = cut(detail, DETAIL_LENGTH - len(" people, continued: ")
                 - max(map(len, ids), default=len("none")))
    if not ids:
        return [f"{detail} people: none"]
    lead, parts = f"{detail} people: ", []
    for staff_id in ids:
        if parts and len(parts[-1]) + 2 + len(staff_id) <= DETAIL_LENGTH:
            parts[-1] += f", {staff_id}"
        else:
            parts.append(f"{lead}{staff_id}")
            lead = f"{detail} people, continued: "
    return parts


REFUSED = "_refused"
"""The suffix of a refused look's action: "view_person_refused"."""


def refusals_audited(action: str, what: Callable[..., str] = lambda request, **kw: ""
                     ) -> Callable:
    """Wrap a person-level view so that a refused look (the view answered "not found", as
    for someone outside a manager's area, or "forbidden", as for a viewer) is recorded as
    `action` + "_refused", naming what was asked for (`what(request, **view_kwargs)`: a staff
    id, a unit) and why it was refused, kept whole when what was asked for is shortened to fit
    (`with_outcome`): probing addresses for people leaves a trace. A user with no role in any
    organisation has no organisation's log to be recorded in."""
    def wrap(view: Callable) -> Callable:
        @wraps(view)
        def audited(request: HttpRequest, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except (Http404, PermissionDenied) as exc:
                if getattr(request.user, "membership", None) is not None:
                    why = str(exc) or ("not found" if isinstance(exc, Http404) else
                                       "forbidden")
                    audit(request, action + REFUSED,
                          with_outcome(what(request, **kwargs), f"refused: {why}"))
                raise
        return audited
    return wrap


def audit_command(os_user: str, organisation: str, action: str, command: str,
                  detail: str, staff_ids: Iterable[str] | None = None) -> AuditEvent:
    """Record person-level data written by a `workforce` command, in the same log as the
    views. A command has no signed-in user, so the username is the operating-system user
    marked "(command line)", and the command stands where a view records its address. With
    `staff_ids`, the detail names each person written (`people_details`, over several
    events when they do not fit one), so that the log's Person filter finds them; returns
    the first event."""
    details = [cut(detail)] if staff_ids is None else people_details(detail, staff_ids)
    events = [AuditEvent.objects.create(user=None, username=f"{os_user[:130]} (command line)",
                                        organisation=organisation, action=action,
                                        path=command[:500], detail=part) for part in details]
    return events[0]
