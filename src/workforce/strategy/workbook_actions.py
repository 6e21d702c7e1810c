"""The Actions, Progress updates and Action dates sheets read on import (`workbook_read`), and
the Feedback sheet, whose entries name the actions.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from workforce.strategy import workbook as wb
from workforce.strategy.merge import feedback_key
from workforce.strategy.plan import Action, Dated, Feedback, Theme, Update, added_problem
from workforce.strategy.rag import override_problem
from workforce.strategy.workbook_cells import Bad, Found, parse_choice, parse_date
from workforce.strategy.workbook_reader import Reader
from workforce.strategy.workbook_themes import no_theme


def read_actions(r: Reader, sheets: dict[str, Found], themes: dict[str, Theme]) -> list[Action]:
    """The Actions sheet's actions."""
    found = sheets[wb.ACTIONS.name]
    r.unique(wb.ACTIONS, found, "ref")
    refs = {v["ref"] for _, v in found.rows}
    updates = _updates(r, sheets[wb.UPDATES.name], refs)
    dated = _action_dates(r, sheets[wb.ACTION_DATES.name], refs)
    out = []
    for row, v in found.rows:
        v["theme"] = r.theme(v["theme"])
        _check_action(r, row, v, themes)
        _check_added(r, row, v["added_on"])
        out.append(Action(
            v["ref"], v["theme"], v["title"], v["objective"], v["description"], v["owner"],
            v["owner_name"], v["lead_unit"], v["start"], v["due"],
            v["status"] or "not_started", v["rag_override"], v["override_reason"],
            tuple(updates.get(v["ref"], ())), tuple(dated.get(v["ref"], ())),
            v["added_on"]))
    return out


def _check_added(r: Reader, row: int, added: date | None) -> None:
    """The day an action was added to the plan (`wb.ACTIONS`' "Added to the plan"): not
    after today (`plan.added_problem`, as the action form says); one before the strategy's
    start is in every quarter of it."""
    problem = added_problem(added, r.today)
    if problem:
        message, hint = problem
        r.bad(wb.ACTIONS.name, row, wb.ACTIONS.col("added_on").header, added, message, hint)


def _action_dates(r: Reader, found: Found, refs: set[str]) -> dict[str, list[Dated]]:
    """The dated values of actions' due dates, RAG overrides and statuses
    (`wb.ACTION_DATES`), in the order written, each value checked as its item is on the
    Actions sheet."""
    out: dict[str, list[Dated]] = {}
    name = wb.ACTION_DATES.name
    for row, v in found.rows:
        if v["action"] and v["action"] not in refs:
            r.bad(name, row, "Action", v["action"], "There is no action with this ref",
                  "Use a Ref from the Actions sheet.")
            continue
        if not v["action"] or not v["field"]:
            continue
        if v["on"] and v["on"] > r.today:
            r.bad(name, row, "Set on", v["on"], "The value is dated after today",
                  "Give the day it was set, or leave the cell empty for a value from before "
                  "changes were recorded.")
            continue
        value = "" if v["value"] is None else str(v["value"]).strip()
        try:  # read as the Actions sheet reads the item (a date; a choice of its column)
            if value and v["field"] == "due":
                value = parse_date(v["value"]).isoformat()
            elif value:
                value = parse_choice(wb.ACTIONS.col(v["field"]), value)
        except Bad as bad:
            r.bad(name, row, "Value", v["value"], str(bad), bad.hint)
            continue
        out.setdefault(v["action"], []).append(
            Dated(v["field"], v["on"], value, v["reason"] or ""))
    return out


def _check_action(r: Reader, row: int, v: dict[str, Any], themes: dict[str, Theme]) -> None:
    name, k = wb.ACTIONS.name, r.known
    if v["theme"] and v["theme"] not in themes:
        no_theme(r, name, row, v["theme"])
    elif v["theme"] and v["objective"] and v["objective"] not in themes[v["theme"]].objectives:
        r.bad(name, row, "Objective", v["objective"], "The theme has no such objective",
              "Use an objective of this theme from the Objectives sheet, or leave it empty.")
    if v["owner"] and k.usernames is not None and v["owner"] not in k.usernames:
        r.bad(name, row, "Owner", v["owner"], "Nobody in the organisation has this username",
              "Use the owner's username, or leave it empty and give an owner name.")
    if v["lead_unit"] and k.units is not None and v["lead_unit"] not in k.units:
        r.bad(name, row, "Lead unit", v["lead_unit"], "There is no unit with this code",
              "Use a unit code from the organisation's structure.")
    if v["start"] and v["due"] and v["due"] < v["start"]:
        r.bad(name, row, "Due", v["due"], "The action is due before it starts",
              "Check the start and due dates.")
    problem = override_problem(v["rag_override"] or "", v["override_reason"] or "")
    if problem:
        r.bad(name, row, "Override reason", v["override_reason"], problem,
              "Say why the RAG is set by hand, or clear the override.")


def _updates(r: Reader, found: Found, refs: set[str]) -> dict[str, list[Update]]:
    out: dict[str, list[Update]] = {}
    for row, v in found.rows:
        if v["action"] and v["action"] not in refs:
            r.bad(wb.UPDATES.name, row, "Action", v["action"], "There is no action with this "
                  "ref", "Use a Ref from the Actions sheet.")
        if v["evidence"] and not v["evidence"].startswith(("https://", "http://")):
            r.bad(wb.UPDATES.name, row, "Evidence link", v["evidence"], "This is not a web "
                  "address", "Give a link starting https://, or leave it empty.")
        if v["on"] and v["on"] > r.today:
            r.bad(wb.UPDATES.name, row, "Date", v["on"], "The update is dated after today",
                  "Give the day the progress was made.")
        if v["action"] and v["on"] and v["text"]:
            out.setdefault(v["action"], []).append(
                Update(v["on"], v["text"], v["author"], v["evidence"]))
    return {ref: sorted(ups, key=lambda u: u.on) for ref, ups in out.items()}


def read_feedback(r: Reader, found: Found, refs: set[str]) -> list[Feedback]:
    """The Feedback sheet's entries, each known by its date and words (`feedback_key`), as
    the plan's entries and its history know them: two rows alike in both are refused, as
    which stored entry each is cannot be told (an import matched both to the first)."""
    out: list[Feedback] = []
    seen: dict[tuple[str, ...], int] = {}
    for row, v in found.rows:
        missing = [a for a in v["actions"] if a not in refs]
        if missing:
            r.bad(wb.FEEDBACK.name, row, "Actions", ", ".join(missing), "There is no action "
                  "with this ref", "Use Refs from the Actions sheet, separated by commas.")
        key = feedback_key(v["on"], v["you_said"])
        if v["on"] and v["you_said"] and key in seen:
            r.bad(wb.FEEDBACK.name, row, wb.FEEDBACK.col("you_said").header, v["you_said"],
                  f"Row {seen[key]} has the same date and words: an entry is known by them, "
                  "so which entry each row is cannot be told",
                  "Make the words differ (say where or from whom it came), or remove the "
                  "repeated row.")
        seen.setdefault(key, row)
        out.append(Feedback(v["on"], v["you_said"], v["we_did"], v["source"], v["actions"]))
    return out
