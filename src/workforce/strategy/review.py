"""Quarterly reviews: the figures frozen at review time, and the review's steps.

`freeze` turns the assessments of the day into plain JSON-ready data. A review shows only its
frozen data, so nothing that happens later (new imports, corrected values, a new benchmark
year, edited targets) changes what a committee saw and approved.

Steps: prepare (a draft with frozen figures) -> submit -> approve. A draft may be refreshed
(figures frozen again); a submitted review may be returned to draft; an approved review is
locked: no step, no refresh, no commentary edit.

A review of a quarter that has not ended may be prepared as a draft, but it is provisional:
its figures are as at the day it was prepared, not the quarter end. It can be submitted or
approved only once the quarter is over and its figures have been frozen again as at the
quarter end (`step_problem`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from workforce.measures.windows import parse_period
from workforce.strategy.periods import has_ended, words
from workforce.strategy.plan import Action, Target
from workforce.strategy.rag import ActionRag, Assessment

if TYPE_CHECKING:  # status imports this module
    from workforce.strategy.status import ActionsThen

STEPS = {  # step -> (from status, to status)
    "submit": ("draft", "submitted"),
    "return": ("submitted", "draft"),
    "approve": ("submitted", "approved"),
}
STEP_LABELS = {"submit": "Submit for approval", "return": "Return to draft",
               "approve": "Approve"}


@dataclass(frozen=True)
class TargetFigure:
    """A target with what it is measured in, and its assessment on the review date."""

    target: Target
    measure_title: str
    unit: str
    assessment: Assessment


def next_status(status: str, step: str) -> str:
    """The status after `step`; ValueError when the step is not allowed from `status`."""
    if step not in STEPS:
        raise ValueError(f"Unknown step {step!r}")
    source, target = STEPS[step]
    if status != source:
        verb = {"submit": "submitted", "return": "returned", "approve": "approved"}[step]
        raise ValueError(f"A {status} review cannot be {verb}")
    return target


def is_provisional(period: str, as_at: date) -> bool:
    """True when the figures were frozen before the period ended (as at a day inside it)."""
    return as_at < parse_period(period).end


def step_problem(period: str, as_at: date, step: str, today: date) -> str:
    """Why `step` cannot be taken yet for a review of `period` whose figures are as at
    `as_at`, or "" when it can: a review is submitted or approved only for a quarter that
    has ended, with figures as at its end."""
    if step not in ("submit", "approve"):
        return ""
    verb = "submitted" if step == "submit" else "approved"
    end = parse_period(period).end
    if not has_ended(period, today):
        after = end + timedelta(days=1)
        return (f"{period} ({words(period)}) has not ended yet: its review can be {verb} "
                f"from {after.day} {after:%B %Y}, once the figures for the whole quarter "
                "are in. Until then it stays a provisional draft.")
    if is_provisional(period, as_at):
        return (f"The figures were frozen as at {as_at.day} {as_at:%B %Y}, before {period} "
                f"ended: freeze the figures again (as at {end.day} {end:%B %Y}) before the "
                f"review is {verb}.")
    return ""


def approval_problem(approver: str, prepared_by: str, submitted_by: str,
                     approvers: int, refrozen_by: Collection[str] = (),
                     submitted_before: Collection[str] = ()) -> str:
    """Why `approver` (a user name) may not approve a review that `prepared_by` prepared
    and `submitted_by` submitted, or "" when they may: separation of duties, the person
    who prepared or submitted a review does not approve it too, unless they are the
    organisation's only user who may approve (`approvers`: how many there are), when no one
    else could. Whoever froze a draft's figures again (`refrozen_by`) prepared it too: the
    figures the forum reads are the ones they took; and whoever submitted it before it was
    returned to draft and submitted again (`submitted_before`) submitted it too."""
    if approvers <= 1 or not approver:
        return ""
    prepared = approver == prepared_by or approver in refrozen_by
    submitted = approver == submitted_by or approver in submitted_before
    did = [verb for verb, done in (("prepared", prepared), ("submitted", submitted)) if done]
    if not did:
        return ""
    again = (" Freezing a review's figures again counts as preparing it."
             if approver != prepared_by and approver in refrozen_by else "")
    return (f"You cannot approve a review you {' and '.join(did)}.{again} Ask another "
            "workforce lead or an administrator of your organisation to approve it.")


def approval_words(approver: str, prepared_by: str, submitted_by: str,
                   approvers: int, refrozen_by: Sequence[str] = ()) -> str:
    """Who did what, for the history of an approval: "prepared by jo (figures frozen again
    by kim), submitted by sam" and, when the approver also prepared (or froze the figures
    again) or submitted it (allowed only as the organisation's only user who may approve:
    `approval_problem`), that this is why."""
    again = f" (figures frozen again by {', '.join(refrozen_by)})" if refrozen_by else ""
    said = (f"prepared by {prepared_by or 'unknown'}{again}, submitted by "
            f"{submitted_by or 'unknown'}")
    if approver and approver in (prepared_by, submitted_by, *refrozen_by) and approvers <= 1:
        said += f"; {approver} is the only user who may approve"
    return said


def check_step(period: str, as_at: date, step: str, today: date) -> None:
    """ValueError with `step_problem`'s words when the step cannot be taken yet."""
    problem = step_problem(period, as_at, step, today)
    if problem:
        raise ValueError(problem)


def steps_from(status: str) -> list[str]:
    """The steps a review in `status` can take."""
    return [s for s, (source, _) in STEPS.items() if source == status]


def is_locked(status: str) -> bool:
    return status == "approved"


def can_refresh(status: str) -> bool:
    return status == "draft"


def freeze(period: str, as_at: date, figures: Sequence[TargetFigure],
           actions: Sequence[tuple[Action, ActionRag]], themes: Sequence[str],
           frozen_at: datetime | None = None, actions_on: date | None = None,
           undated: int = 0, later: int = 0) -> dict:
    """The review's figures as plain data (dates as ISO text), ready to store as JSON.
    `actions_on`: the day the actions are as they stood on (from their dated progress
    updates); `undated`: how many of them were closed with no update to date it, and so are
    as they stood when frozen; `later`: how many of the plan's actions were left out, as
    added to it after `actions_on` (`status.actions_then`). Reviews frozen before these were
    kept have none of them (`actions_later` only since it was kept: read as 0)."""
    targets = [_target(f) for f in figures]
    acts = [_action(a, r) for a, r in actions]
    return {
        "period": period,
        "as_at": as_at.isoformat(),
        "provisional": is_provisional(period, as_at),
        "frozen_at": (frozen_at or datetime.now()).isoformat(timespec="seconds"),
        **({"actions_on": actions_on.isoformat(), "actions_undated": undated,
            "actions_later": later} if actions_on else {}),
        "targets": targets,
        "actions": acts,
        "themes": [_theme(t, targets, acts) for t in themes],
    }


def freeze_then(period: str, as_at: date, figures: Sequence[TargetFigure],
                then: ActionsThen, themes: Sequence[str],
                frozen_at: datetime | None = None) -> dict:
    """`freeze` with the actions as they stood at the quarter's end (`then`:
    `status.actions_then`), each with its RAG then, and what they were read as at: the one
    call a review in the app and the demo's reviews freeze their figures with."""
    return freeze(period, as_at, figures, [(a, then.rags[a.ref]) for a in then.actions],
                  themes, frozen_at, actions_on=then.last, undated=then.undated,
                  later=then.later)


def _target(f: TargetFigure) -> dict:
    t, a = f.target, f.assessment
    return {"ref": t.ref, "title": t.title, "theme": t.theme, "scope_unit": t.scope_unit,
            "measure": f.measure_title, "unit": f.unit, "value": a.value,
            "on": a.on.isoformat() if a.on else None,
            "expected": a.expected, "goal": a.goal, "goal_note": a.goal_note,
            "target_date": t.target_date.isoformat() if t.target_date else None,
            "rag": a.rag, "reason": a.reason, "suppressed": a.suppressed}


def _action(a: Action, r: ActionRag) -> dict:
    return {"ref": a.ref, "title": a.title, "theme": a.theme, "status": a.status,
            "owner": a.owner_name or a.owner, "due": a.due.isoformat() if a.due else None,
            "rag": r.rag, "reason": r.reason}


def _theme(title: str, targets: list[dict], actions: list[dict]) -> dict:
    return {"title": title,
            "actions": dict(Counter(a["rag"] for a in actions if a["theme"] == title)),
            "targets": dict(Counter(t["rag"] for t in targets if t["theme"] == title))}


NO_THEME = "Not in a theme"
"""The group a review shows the targets and actions of no theme in (a target saved with its
theme left empty, which the target form allows), after the themes."""

NO_THEME_KEY = ""
"""The key of the commentary on `NO_THEME` in a review's commentary, which is by theme title
otherwise: no theme's title is empty, and a theme may be called "Not in a theme"."""


def commentary_title(key: str) -> str:
    """What a review's commentary of `key` is on: the theme's title, or `NO_THEME`."""
    return NO_THEME if key == NO_THEME_KEY else key


def commented(snapshot: dict) -> list[tuple[str, str]]:
    """The groups of a frozen review that take commentary, as (key, title) in the order
    shown (`by_theme`): each theme, then `NO_THEME` when any target or action is in none."""
    return [(g["key"], g["title"]) for g in by_theme(snapshot)]


def targets_words(rags: Sequence[str]) -> str:
    """The targets counted by RAG in a sentence, as the board report's exceptions section and
    a quarterly review of the same quarter both say it: "17 targets: 5 green, 6 amber,
    4 red; 2 without a figure or goal yet." (`rags`: each target's, "none" for no figure)."""
    got = Counter(rags)
    return (f"{len(rags)} target{'s' if len(rags) != 1 else ''}: {got['green']} green, "
            f"{got['amber']} amber, {got['red']} red; {got['none']} without a figure or goal "
            "yet.")


def by_theme(snapshot: dict) -> list[dict]:
    """A frozen review's themes, each with its target and action rows ("target_rows",
    "action_rows"), then, when there are any, the targets and actions in none of them
    under `NO_THEME` ("loose": True; counted by RAG as a theme is). Every frozen target and
    action is in one group: a review used to leave out those of no theme, which the board
    report on the quarter counts. Each group's "key" is its commentary's: a theme's title,
    `NO_THEME_KEY` for the loose group."""
    themes = snapshot.get("themes", [])
    titles = {t["title"] for t in themes}
    targets, actions = snapshot.get("targets", []), snapshot.get("actions", [])
    groups = [{**t, "loose": False, "key": t["title"],
               "target_rows": [x for x in targets if x["theme"] == t["title"]],
               "action_rows": [x for x in actions if x["theme"] == t["title"]]}
              for t in themes]
    stray_t = [x for x in targets if x["theme"] not in titles]
    stray_a = [x for x in actions if x["theme"] not in titles]
    if stray_t or stray_a:
        groups.append({"title": NO_THEME, "loose": True, "key": NO_THEME_KEY,
                       "targets": dict(Counter(x["rag"] for x in stray_t)),
                       "actions": dict(Counter(x["rag"] for x in stray_a)),
                       "target_rows": stray_t, "action_rows": stray_a})
    return groups


def same_forum(a: str, b: str) -> bool:
    """Whether two forum names name one forum: alike but for case and spacing ("Workforce
    board" and "workforce  Board "). A quarter has one review per forum; other forums (a
    scrutiny committee beside the workforce board) may each review it."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def left_out_words(later: int, last: date) -> str:
    """The sentence saying how many actions a quarter leaves out as added to the plan after
    its last day counted (`status.actions_then`), with its full stop; "" for none."""
    if not later:
        return ""
    some = f"{later} action{'s' if later != 1 else ''}"
    return (f"{some} added to the plan after {last.day} {last:%B %Y} "
            f"{'are' if later != 1 else 'is'} not included.")


def period_as_at(period: str) -> date:
    """The date a review of `period` ('2025-Q3') freezes figures as at: the period's end."""
    return parse_period(period).end
