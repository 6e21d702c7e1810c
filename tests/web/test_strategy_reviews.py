"""Quarterly reviews: prepared with frozen figures, submitted, approved and then locked. A
frozen review never changes when the data changes later: new ledger rows, new tracked values,
an edited target, a new benchmark year."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date

import polars as pl
import pytest

from tests.core.test_strategy_workbook import PLAN
from workforce.strategy.benchmark import BenchmarkValue
from workforce.strategy.plan import Target
from workforce_web.bridge import store_tables
from workforce_web.strategy import figures
from workforce_web.strategy.figures import strategy_figures
from workforce_web.strategy.models import Review, TrackedValue
from workforce_web.strategy.models import Target as TargetRow
from workforce_web.strategy.store import save_plan

AGENCY = Target("T04", "Agency down", "agency_rate_fte", theme="Our workforce",
                baseline_value=30.0, baseline_date=date(2025, 3, 31), target_value=10.0,
                target_date=date(2027, 3, 31), tolerance=2.0)


def _workers(n: int, contract: str, start: str = "2024-01-01",
             prefix: str = "") -> dict[str, pl.DataFrame]:
    ids = [f"{prefix or contract[:2]}{i}" for i in range(n)]
    return {
        "person": pl.DataFrame({"organisation": ["T1"] * n, "staff_id": ids,
                                "name": [f"Worker {i}" for i in ids], "sex": ["F"] * n,
                                "ethnicity": ["WBRI"] * n, "disability": ["N"] * n}),
        "assignment": pl.DataFrame({
            "organisation": ["T1"] * n, "assignment_id": [f"as-{i}" for i in ids],
            "staff_id": ids, "unit": ["T1-A"] * n, "contract": [contract] * n,
            "staff_group": ["social_worker"] * n, "org_role": ["5"] * n,
            "job_title": ["Social worker"] * n, "fte": [1.0] * n,
            "start_date": [date.fromisoformat(start)] * n, "end_date": [None] * n}),
    }


@pytest.fixture
def strategy(personas):
    store_tables(_workers(12, "permanent"))
    store_tables(_workers(4, "agency"))
    return save_plan(replace(PLAN, targets=(*PLAN.targets, AGENCY)), None).strategy


def _prepare(client, strategy, period="2025-Q3"):
    response = client.post(f"/strategy/{strategy.pk}/reviews/",
                           {"period": period, "forum": "Workforce strategy board"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Review.objects.get(strategy=strategy, period=period)


def _without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _figure(review: Review, ref: str) -> dict:
    return next(t for t in review.snapshot["targets"] if t["ref"] == ref)


def test_preparing_a_review_freezes_every_target_and_action(as_user, strategy):
    review = _prepare(as_user("lead"), strategy)
    assert review.status == "draft" and review.as_at == date(2025, 9, 30)
    assert {t["ref"] for t in review.snapshot["targets"]} == {"T01", "T02", "T03", "T04"}
    assert {a["ref"] for a in review.snapshot["actions"]} == {"A1", "A2"}
    assert _figure(review, "T03")["value"] == 21.0          # tracked, 2025-Q3
    assert _figure(review, "T04")["value"] is not None      # agency rate from the ledger


def test_a_frozen_review_never_changes_when_the_data_changes(as_user, strategy):
    client = as_user("lead")
    review = _prepare(client, strategy)
    frozen = dict(review.snapshot)
    client.get(f"/strategy/reviews/{review.pk}/")  # shows, and so clears, "prepared"
    page = _without_tokens(client.get(f"/strategy/reviews/{review.pk}/"))
    store_tables(_workers(8, "agency", start="2025-05-01", prefix="late"))  # agency rate up
    TrackedValue.objects.filter(period="2025-Q3").update(value=35.0)
    TargetRow.objects.filter(ref="T04").update(target_value=5.0, title="Renamed")
    review.refresh_from_db()
    assert review.snapshot == frozen
    assert _without_tokens(client.get(f"/strategy/reviews/{review.pk}/")) == page
    # the live figures follow the data; the review does not
    live = {f.target.ref: f.assessment.value for f in strategy_figures(strategy, review.as_at)}
    assert live["T03"] == 35.0 and _figure(review, "T03")["value"] == 21.0
    assert live["T04"] > _figure(review, "T04")["value"]


def test_a_review_is_submitted_then_approved_and_is_then_locked(as_user, strategy):
    client = as_user("lead")
    review = _prepare(client, strategy)
    client.post(f"/strategy/reviews/{review.pk}/", {"theme_0": "Agency use is falling."})
    client.post(f"/strategy/reviews/{review.pk}/step/", {"step": "submit"})
    client = as_user("admin")  # not the lead who prepared and submitted it
    client.post(f"/strategy/reviews/{review.pk}/step/", {"step": "approve"})
    review.refresh_from_db()
    assert review.status == "approved" and review.approved_by.username == "admin"
    assert review.commentary["Our workforce"] == "Agency use is falling."
    frozen = dict(review.snapshot)
    assert client.post(f"/strategy/reviews/{review.pk}/",
                       {"theme_0": "Rewritten"}).status_code == 403
    client.post(f"/strategy/reviews/{review.pk}/refresh/")
    client.post(f"/strategy/reviews/{review.pk}/step/", {"step": "return"})
    review.refresh_from_db()
    assert (review.status, review.snapshot) == ("approved", frozen)
    assert review.commentary["Our workforce"] == "Agency use is falling."


def test_a_draft_can_be_frozen_again_but_a_submitted_one_cannot(as_user, strategy):
    client = as_user("lead")
    review = _prepare(client, strategy)
    TrackedValue.objects.filter(period="2025-Q3").update(value=30.0)
    client.post(f"/strategy/reviews/{review.pk}/refresh/")
    review.refresh_from_db()
    assert _figure(review, "T03")["value"] == 30.0
    client.post(f"/strategy/reviews/{review.pk}/step/", {"step": "submit"})
    TrackedValue.objects.filter(period="2025-Q3").update(value=10.0)
    response = client.post(f"/strategy/reviews/{review.pk}/refresh/", follow=True)
    review.refresh_from_db()
    assert _figure(review, "T03")["value"] == 30.0
    assert "Only a draft review" in response.content.decode()


def test_an_approval_out_of_order_is_refused(as_user, strategy):
    client = as_user("lead")
    review = _prepare(client, strategy)
    response = client.post(f"/strategy/reviews/{review.pk}/step/", {"step": "approve"},
                           follow=True)
    review.refresh_from_db()
    assert review.status == "draft"
    assert "A draft review cannot be approved" in response.content.decode()


def test_the_same_period_and_forum_cannot_be_prepared_twice(as_user, strategy):
    client = as_user("lead")
    _prepare(client, strategy)
    response = client.post(f"/strategy/{strategy.pk}/reviews/",
                           {"period": "2025-Q3", "forum": "Workforce strategy board"})
    assert "already has a review" in response.content.decode()
    assert Review.objects.count() == 1


def test_a_new_benchmark_year_moves_the_live_goal_but_not_a_frozen_one(as_user, strategy,
                                                                       monkeypatch):
    review = _prepare(as_user("lead"), strategy)
    frozen_goal = _figure(review, "T02")["goal"]
    assert frozen_goal is not None  # the published England turnover rate

    def newer(measure_id, comparator, on):
        return BenchmarkValue(9.9, 2026, "England")

    monkeypatch.setattr(figures, "lookup_for", lambda organisation: newer)
    live = {f.target.ref: f.assessment for f in strategy_figures(strategy, review.as_at)}
    assert (live["T02"].goal, live["T02"].goal_note) == (9.9, "England 2026: 9.9")
    review.refresh_from_db()
    assert _figure(review, "T02")["goal"] == frozen_goal


def _quarter_of(on: date) -> str:
    return f"{on.year}-Q{(on.month - 1) // 3 + 1}"


def test_the_default_period_is_the_latest_quarter_that_has_ended(as_user, strategy):
    from workforce.strategy.periods import latest_ended_quarter

    client = as_user("lead")
    _prepare(client, strategy, latest_ended_quarter(date.today()))  # even once reviewed
    page = client.get(f"/strategy/{strategy.pk}/reviews/").content.decode()
    assert f'value="{latest_ended_quarter(date.today())}"' in page
    assert f'value="{_quarter_of(date.today())}"' not in page


def test_a_quarter_not_ended_is_a_provisional_draft_that_cannot_be_submitted(as_user,
                                                                            strategy):
    from workforce.measures.windows import parse_period
    from workforce_web.dashboards.filters import month_end

    client = as_user("lead")
    running = _quarter_of(date.today())
    response = client.post(f"/strategy/{strategy.pk}/reviews/",
                           {"period": running.lower(), "forum": "Workforce strategy board"},
                           follow=True)
    if month_end(date.today()) < parse_period(running).start:  # its first month runs on
        assert "has not reached its first month end yet" in response.content.decode()
        assert not Review.objects.filter(strategy=strategy, period=running).exists()
        return
    review = Review.objects.get(strategy=strategy, period=running)  # written one way
    # as at the last month end (viewers read drafts too), not today
    assert review.as_at == month_end(date.today()) and review.provisional
    assert review.snapshot["provisional"] is True
    page = response.content.decode()
    assert "Provisional draft" in page and "wfs-provisional" in page
    assert "Submit for approval" not in page and "has not ended yet" in page
    # said once, in the page's warning (the message above it said it word for word too)
    assert html.unescape(page).count("Freeze the figures again once the quarter is over") == 1
    assert "figures frozen as a provisional draft" in page
    response = client.post(f"/strategy/reviews/{review.pk}/step/", {"step": "submit"},
                           follow=True)
    review.refresh_from_db()
    assert review.status == "draft"
    assert "has not ended yet: its review can be submitted" in response.content.decode()
    # a submitted one (from before this rule) cannot be approved either
    Review.objects.filter(pk=review.pk).update(status="submitted")
    client.post(f"/strategy/reviews/{review.pk}/step/", {"step": "approve"})
    review.refresh_from_db()
    assert review.status == "submitted"
    listing = client.get(f"/strategy/{strategy.pk}/reviews/").content.decode()
    assert "Provisional" in listing


def test_a_draft_frozen_early_is_signed_off_after_its_figures_are_frozen_again(personas,
                                                                              strategy):
    from workforce_web.strategy import reviewing

    lead = personas["lead"]
    review = reviewing.prepare_review(strategy, "2025-Q3", "Task group", lead,
                                     today=date(2025, 9, 12))
    assert review.provisional and review.as_at == date(2025, 8, 31)  # the last month end
    with pytest.raises(ValueError, match="freeze the figures again"):
        reviewing.step_review(review, "submit", lead, today=date(2025, 10, 3))
    reviewing.refresh_review(review, lead, today=date(2025, 10, 3))
    assert not review.provisional and review.as_at == date(2025, 9, 30)
    reviewing.step_review(review, "submit", lead, today=date(2025, 10, 3))
    reviewing.step_review(review, "approve", personas["admin"], today=date(2025, 10, 3))
    assert review.status == "approved"


@pytest.mark.parametrize(("period", "today", "said"), [
    ("2025-Q4", date(2025, 10, 14), "2025-Q4 has not reached its first month end yet: its "
                                    "review can be prepared from 31 October 2025"),
    ("2099-Q1", date(2025, 10, 14), "2099-Q1 starts after the strategy ends (31 March 2028)"),
    ("2028-Q1", date(2028, 1, 14), "2028-Q1 has not reached its first month end yet"),
    ("2028-Q2", date(2028, 7, 2), "2028-Q2 starts after the strategy ends (31 March 2028)"),
    ("2010-Q1", date(2025, 10, 14), "2010-Q1 ends before the strategy starts (1 April 2025)"),
    ("2025-Q3", date(2025, 10, 14), ""),
    ("2025-Q4", date(2025, 11, 2), ""),  # provisional, as at 31 October
])
def test_a_review_is_for_a_period_that_has_reached_a_month_end_within_the_strategy(
        strategy, period, today, said):
    from workforce_web.strategy.forms_review import PrepareReviewForm

    form = PrepareReviewForm({"period": period, "forum": "Board"}, strategy=strategy,
                             today=today)
    assert form.is_valid() == (not said)
    if said:
        assert form.errors["period"][0].startswith(said)


def test_a_review_counts_actions_as_they_stood_at_the_quarter_end_as_the_board_report_does(
        as_user, strategy):
    # A1 was completed after the quarter ended (its last update is dated in December): the
    # review of the quarter, frozen now, counts it as in progress then, as the board report
    # on that quarter does; before, the review froze today's status and the two disagreed
    from workforce.reports.progress import actions_section
    from workforce_web.strategy.models import Action as ActionRow
    from workforce_web.strategy.models import ProgressUpdate
    from workforce_web.strategy.records import plan_of

    a1 = ActionRow.objects.get(strategy=strategy, ref="A1")
    a1.status = "complete"
    a1.save()
    ProgressUpdate.objects.create(action=a1, on=date(2025, 7, 15), text="Started")
    ProgressUpdate.objects.create(action=a1, on=date(2025, 12, 2), text="Done")
    # A2 closed with no update to date it: as recorded (the page says how many)
    ActionRow.objects.filter(strategy=strategy, ref="A2").update(status="cancelled")
    review = _prepare(as_user("lead"), strategy)
    frozen = {a["ref"]: a for a in review.snapshot["actions"]}
    assert frozen["A1"]["status"] == "in_progress" and frozen["A1"]["rag"] != "blue"
    section = actions_section(plan_of(strategy), date(2025, 9, 30), date.today())
    totals = section.tables[0].rows[-1]  # the all-themes row: total, complete, on track...
    by_rag = dict(zip(("blue", "green", "amber", "red", "grey"),
                      (int(c.text) for c in totals[2:7]), strict=True))
    counted = {rag: sum(1 for a in frozen.values() if a["rag"] == rag) for rag in by_rag}
    assert counted == by_rag
    assert review.snapshot["actions_on"] == "2025-09-30"
    closed_undated = sum(1 for a in ActionRow.objects.filter(strategy=strategy)
                         if a.status in ("complete", "cancelled") and not a.updates.exists())
    assert review.snapshot["actions_undated"] == closed_undated
    page = " ".join(as_user("lead").get(f"/strategy/reviews/{review.pk}/").content.decode()
                    .split())
    assert ("Target figures as at 30 September 2025; actions as they stood on 30 September "
            "2025, from their dated progress updates, as the board report on the quarter "
            "counts them") in page
    assert closed_undated == 1 and ("(1 closed action with no progress update to date it "
                                    "as recorded when the figures were frozen)") in page


def test_a_review_frozen_before_actions_were_dated_says_they_are_as_frozen(as_user, strategy):
    review = _prepare(as_user("lead"), strategy)
    snap = {k: v for k, v in review.snapshot.items()
            if k not in ("actions_on", "actions_undated")}
    Review.objects.filter(pk=review.pk).update(snapshot=snap)  # as stored before stop 18
    page = " ".join(as_user("lead").get(f"/strategy/reviews/{review.pk}/").content.decode()
                    .split())
    assert ("Target figures as at 30 September 2025; actions as they stood when the figures "
            "were frozen; everything on this page was frozen on") in page
