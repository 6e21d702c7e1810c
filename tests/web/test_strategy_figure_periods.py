"""Wherever the strategy pages show a target's latest figure (the overview's tables, a
theme's targets, the target's own card) they say what it covers: the period to its date for
a flow (the target's period: "the month to 7 December 2026"), "as at" the day for a stock, the
period entered for a tracked measure. Before, only "as at 7 December 2026" (or nothing),
so a target's figure over the month could not be told from the dashboard card's over the 12
months to the same day."""

from __future__ import annotations

import re
from datetime import date

from tests.web.test_strategy_reviews import strategy  # noqa: F401 (a fixture)
from workforce.strategy.plan import Target as CoreTarget
from workforce.strategy.targets import figure_covers
from workforce.wording import day
from workforce_web.accounts.models import Role
from workforce_web.dashboards.filters import figures_on
from workforce_web.strategy.models import Target, Theme

LEAD = Role.WORKFORCE_LEAD
COVERS = re.compile(r"<span [^>]*data-covers>(.*?)</span>", re.S)


def test_what_a_figure_covers_in_words():
    on = date(2026, 12, 7)
    flow = CoreTarget("T07", "Supervision", "turnover_rate_fte", period="month")
    assert figure_covers(flow, on) == "the month to 7 December 2026"
    year = CoreTarget("T01", "Turnover", "turnover_rate_fte")
    assert figure_covers(year, on) == "the 12 months to 7 December 2026"
    stock = CoreTarget("T04", "Agency", "agency_rate_fte", period="quarter")
    assert figure_covers(stock, on) == "as at 7 December 2026"
    tracked = CoreTarget("T03", "Re-referrals", tracked="REREF", period="quarter")
    assert figure_covers(tracked, date(2025, 9, 30)) == (
        "the value entered for the period to 30 September 2025")


def _expected(role: str) -> dict[str, str]:
    on = figures_on(role)
    return {"Agency down to 16.7%": f"as at {day(on)}",
            "Turnover at or below England": f"the 12 months to {day(on)}",
            "Re-referrals down": "the value entered for the period to 30 September 2025"}


def _row_covers(page: str, title: str) -> list[str]:
    rows = re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", page, re.S)
    return [c for r in rows if f">{title}</a>" in r for c in COVERS.findall(r)]


def test_the_overview_says_what_each_latest_figure_covers(as_user, strategy):  # noqa: F811
    page = as_user("lead").get(f"/strategy/{strategy.pk}/").content.decode()
    for title, words in _expected(LEAD).items():
        assert words in _row_covers(page, title), title


def test_a_themes_page_says_what_each_latest_figure_covers(as_user, strategy):  # noqa: F811
    theme = Theme.objects.get(strategy=strategy, title="Our workforce")
    page = as_user("lead").get(f"/strategy/themes/{theme.pk}/").content.decode()
    covers = [c for t in ("Agency down to 16.7%", "Agency down") for c in _row_covers(page, t)]
    assert covers and set(covers) == {_expected(LEAD)["Agency down to 16.7%"]}


def test_the_target_page_card_says_what_its_figure_covers(as_user, strategy):  # noqa: F811
    target = Target.objects.get(strategy=strategy, ref="T02")
    page = as_user("lead").get(f"/strategy/targets/{target.pk}/").content.decode()
    assert COVERS.findall(page) == [_expected(LEAD)["Turnover at or below England"]]
