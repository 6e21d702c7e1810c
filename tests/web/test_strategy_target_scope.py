"""A manager reads the strategy's targets for the whole organisation and for their own units
(and those below), never another unit's: its page and its short address are "not found", as
another unit is elsewhere, and it is left out of the overview, the theme, a review's frozen
figures, the change history and the workbook export. Leads, administrators and viewers read
every target, as they read every unit's figures on the dashboards."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from tests.core.test_strategy_workbook import PLAN
from workforce.strategy.plan import Target
from workforce_web.accounts.models import Membership, Role
from workforce_web.strategy import reviewing
from workforce_web.strategy.models import Target as StoredTarget
from workforce_web.strategy.store import save_plan

UNIT_TARGETS = (  # titles no page shows for any other reason
    Target("T04", "Alpha agency goal", "agency_rate_fte", theme="Our workforce",
           scope_unit="T1-A", baseline_value=41.5, baseline_date=date(2025, 3, 31),
           target_value=20.0, target_date=date(2028, 3, 31)),
    Target("T05", "Bravo agency goal", "agency_rate_fte", theme="Our workforce",
           scope_unit="T1-B", baseline_value=37.5, baseline_date=date(2025, 3, 31),
           target_value=15.0, target_date=date(2028, 3, 31)),
    Target("T06", "Service agency goal", "agency_rate_fte", theme="Our workforce",
           scope_unit="T1-S", baseline_value=33.5, baseline_date=date(2025, 3, 31),
           target_value=12.0, target_date=date(2028, 3, 31)),
)
TITLES = {"T01": "Agency down to 16.7%", "T04": "Alpha agency goal",
          "T05": "Bravo agency goal", "T06": "Service agency goal"}
# what each reader may see: the whole organisation's T01 always; a team's manager their team's;
# the service's manager the service's and both its teams'
SEES = {"manager_a": {"T01", "T04"}, "manager_b": {"T01", "T05"},
        "manager_s": {"T01", "T04", "T05", "T06"}, "viewer": set(TITLES),
        "lead": set(TITLES), "admin": set(TITLES)}


@pytest.fixture
def strategy(personas):
    user = get_user_model().objects.create_user("manager_s", password="x")
    Membership.objects.create(user=user, organisation="T1", role=Role.MANAGER, units=["T1-S"])
    personas["manager_s"] = user
    plan = replace(PLAN, targets=(*PLAN.targets, *UNIT_TARGETS))
    stored = save_plan(plan, None).strategy
    # an edit, so that the history holds the targets' figures as well as their creation
    moved = tuple(replace(t, baseline_value=t.baseline_value + 1) for t in UNIT_TARGETS)
    save_plan(replace(plan, targets=(*PLAN.targets, *moved)), None)
    reviewing.prepare_review(stored, "2025-Q2", "Board", None, date.today())
    return stored


def _pk(ref: str) -> int:
    return StoredTarget.objects.get(ref=ref).pk


@pytest.mark.parametrize("persona", list(SEES))
def test_a_target_page_is_found_only_within_the_readers_scope(as_user, strategy, persona):
    client = as_user(persona)
    for ref in TITLES:
        page = client.get(f"/strategy/targets/{_pk(ref)}/")
        short = client.get(f"/strategy/{strategy.pk}/targets/{ref}/")
        if ref in SEES[persona]:
            assert page.status_code == 200, ref
            assert TITLES[ref] in page.content.decode()
            assert short.status_code == 302 and short.url == f"/strategy/targets/{_pk(ref)}/"
        else:
            assert (page.status_code, short.status_code) == (404, 404), ref
            assert TITLES[ref].encode() not in page.content


def _shown(body: str) -> set[str]:
    return {ref for ref, title in TITLES.items() if title in body}


def _pages(strategy) -> dict[str, str]:
    theme = strategy.themes.get(title="Our workforce")
    return {"overview": f"/strategy/{strategy.pk}/", "theme": f"/strategy/themes/{theme.pk}/",
            "review": f"/strategy/reviews/{strategy.reviews.get().pk}/"}


@pytest.mark.parametrize("page", ["overview", "theme", "review"])
@pytest.mark.parametrize("persona", list(SEES))
def test_the_overview_theme_and_review_list_only_targets_in_scope(as_user, strategy, persona,
                                                                  page):
    response = as_user(persona).get(_pages(strategy)[page])
    assert response.status_code == 200
    body = response.content.decode()
    assert _shown(body) == SEES[persona]
    if page == "overview":  # its count is of the targets shown (T02 and T03 besides)
        assert (f'<span class="wf-headline__value">{len(SEES[persona]) + 2}</span>'
                '<span class="wf-headline__label">targets</span>') in body


def test_a_review_frozen_without_scopes_is_read_by_its_targets_scopes_now(as_user, strategy):
    """A review frozen before the scope was kept with its figures: a row is in the scope of
    the target with its ref now, and a row whose ref no target has any more is a lead's."""
    review = strategy.reviews.get()
    rows = [{k: v for k, v in x.items() if k != "scope_unit"}
            for x in review.snapshot["targets"]]
    rows = [x | {"ref": "T99"} if x["ref"] == "T04" else x for x in rows]
    review.snapshot = {**review.snapshot, "targets": rows}
    review.save()
    url = f"/strategy/reviews/{review.pk}/"
    assert _shown(as_user("manager_s").get(url).content.decode()) == {"T01", "T05", "T06"}
    assert _shown(as_user("manager_b").get(url).content.decode()) == {"T01", "T05"}
    assert _shown(as_user("lead").get(url).content.decode()) == set(TITLES)


def test_a_reviews_figures_keep_the_scope_they_were_frozen_for(as_user, strategy):
    """T05's frozen figure is team B's even once T05 is for the whole organisation."""
    StoredTarget.objects.filter(ref="T05").update(scope_unit="")
    url = f"/strategy/reviews/{strategy.reviews.get().pk}/"
    assert _shown(as_user("manager_a").get(url).content.decode()) == {"T01", "T04"}
    assert "T05" in _shown(as_user("manager_a").get(f"/strategy/{strategy.pk}/").content.decode())


def test_a_reviews_theme_counts_are_of_the_targets_left_in(strategy):
    from workforce_web.strategy.pages import frozen

    snapshot = strategy.reviews.get().snapshot
    mine = frozen(strategy, snapshot, {"T1-B"})
    assert {x["ref"] for x in mine["targets"]} == {"T01", "T02", "T03", "T05"}
    counts = {t["title"]: sum(t["targets"].values()) for t in mine["themes"]}
    assert counts == {"Our workforce": 2, "Wellbeing": 0}  # T01 and T05; T02, T03: no theme
    assert frozen(strategy, snapshot, None) == snapshot


@pytest.mark.parametrize("persona", list(SEES))
def test_the_history_lists_changes_to_targets_in_scope_only(as_user, strategy, persona):
    body = as_user(persona).get(f"/strategy/{strategy.pk}/history/").content.decode()
    for ref in ("T04", "T05", "T06"):
        assert (f"Target {ref}" in body) is (ref in SEES[persona]), ref
    assert "Target T01" in body and "Action A1" in body
    assert ("Baseline value: 37.5 → 38.5" in body) is ("T05" in SEES[persona])  # T05's edit


def _column(book: openpyxl.Workbook, sheet: str, heading: str) -> list:
    rows = list(book[sheet].iter_rows(values_only=True))
    at = [str(h).rstrip(" *") for h in rows[0]].index(heading)  # "Ref *": a required column
    return [r[at] for r in rows[1:] if any(v is not None for v in r)]


@pytest.mark.parametrize("persona", list(SEES))
def test_the_workbook_export_holds_only_targets_in_scope(as_user, strategy, persona):
    response = as_user(persona).get(f"/strategy/{strategy.pk}/export.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    mine = SEES[persona] | {"T02", "T03"}
    assert set(_column(book, "Targets", "Ref")) == mine
    assert set(_column(book, "Review figures", "Ref")) == mine
    items = set(_column(book, "Change history", "Item"))
    assert {i for i in items if i.startswith("Target ")} == {f"Target {r}" for r in mine}
    assert "Action A1" in items
