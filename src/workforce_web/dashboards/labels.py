"""How a measure is named on the dashboards: its title with the people it counts, so two
measures with the same title (DfE's social-worker "Vacancy rate (FTE)" and the all-staff M10)
can be told apart wherever they appear; and direction of travel in the same words everywhere.
"""

from __future__ import annotations

from workforce import benchmarks as bm
from workforce.ledger import codes
from workforce.measures import Measure

ALL_STAFF = ("every staff group", "all staff groups", "all staff", "all directly employed staff",
             "whole workforce")
SOCIAL_WORKERS = "social workers"


def population(m: Measure, group: str = "") -> str:
    """Who the measure counts, in words: DfE's measures count social workers; a measure that
    its definition says covers every staff group counts the chosen role group, or all staff."""
    if m.family == "dfe":
        return SOCIAL_WORKERS
    definition = " ".join(m.definition.lower().split())
    if any(w in definition for w in ALL_STAFF):
        return codes.STAFF_GROUP.get(group, group).lower() if group else "all staff"
    return ""


def name(m: Measure, group: str = "") -> str:
    """'Vacancy rate (FTE), social workers' / 'Vacancy rate (FTE), all staff'; the title alone
    when it already says who is counted or the measure counts no particular population."""
    who = population(m, group)
    title = m.title
    said = title.lower()
    if not who or (who == SOCIAL_WORKERS and "social work" in said) or (
            who == "all staff" and any(w in said for w in ALL_STAFF)):
        return title
    return f"{title}, {who}"


TRAVEL_WORDS = {"up": "Up", "down": "Down", "same": "No change", "": "Not known"}


def travel(t: bm.Travel, polarity: str) -> str:
    """'Down (better)', 'Up (worse)', 'Up (neither better nor worse)' (a measure with no
    better direction, such as the FTE in post), 'No change', 'Not known': better or worse by
    the measure's polarity, the same words on every page."""
    words = TRAVEL_WORDS[t.direction]
    if t.direction in ("up", "down"):
        judged = t.judgement if t.judgement in ("better", "worse") else (
            "neither better nor worse" if polarity == "neutral" else "")
        return f"{words} ({judged})" if judged else words
    return words


def since(t: bm.Travel, polarity: str, before: str) -> str:
    """The direction of travel as a sentence with the figure a year earlier (`before`, as
    shown): 'Down (better) since a year earlier (15.1%)', 'No change since a year earlier
    (7)', or, where the figure or the one a year earlier is hidden or not computable,
    'Change since a year earlier not known (a year earlier: 54.5%)'."""
    if not t.direction:
        return f"Change since a year earlier not known (a year earlier: {before})"
    return f"{travel(t, polarity)} since a year earlier ({before})"


def better_when(polarity: str) -> str:
    return {"up": "higher is better", "down": "lower is better"}.get(
        polarity, "no direction is better")
