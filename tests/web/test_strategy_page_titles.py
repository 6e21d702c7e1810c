"""Each feedback entry's edit page has its own title, naming the entry by its date and the
start of what staff said (the entry's key in the plan: date and words), not "Edit feedback"
for every one of them."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.core.test_strategy_workbook import PLAN
from workforce_web.strategy.models import Feedback
from workforce_web.strategy.store import save_plan

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def _title(client, entry: Feedback) -> str:
    page = client.get(f"/strategy/feedback/{entry.pk}/edit/").content.decode()
    return " ".join(TITLE.search(page).group(1).split())


def test_each_feedback_edit_page_has_its_own_title(as_user, strategy):
    client = as_user("lead")
    Feedback.objects.create(strategy=strategy, on=date(2025, 5, 1),
                            you_said="Supervision gets cancelled when the team is busy")
    entries = list(Feedback.objects.filter(strategy=strategy))
    assert len(entries) >= 2
    titles = [_title(client, e) for e in entries]
    assert len(set(titles)) == len(titles), titles
    for entry, title in zip(entries, titles, strict=True):
        assert f"{entry.on.day} {entry.on:%B %Y}" in title
        assert entry.you_said.split()[0] in title
        assert title.startswith("Edit feedback of ")


def test_a_long_entry_is_named_by_its_first_words():
    from workforce_web.strategy.views.feedback import edit_title

    entry = Feedback(on=date(2026, 3, 4), you_said="We want more time for reflective "
                     "supervision and less time on the case recording system every week")
    title = edit_title(entry)
    assert title.startswith("Edit feedback of 4 March 2026: “We want more time")
    assert title.endswith("…”")
    assert len(title) < 100
