"""Pages that boards read name a measure by its title, not its id ('turnover_rate_fte'): the
overview's cards and the pages' figure lines no longer print the id (it stays in 'How is this
measured?' and as a quiet hint under a title in tables), and the change history says which
measure a target follows by title."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from tests.core.test_strategy_workbook import PLAN
from tests.web.conftest import stored_demo_lead
from workforce_web.strategy.models import Change, Target
from workforce_web.strategy.store import save_plan


@pytest.fixture
def lead(db, django_user_model):
    return stored_demo_lead(django_user_model, date.today())[2]


def test_cards_and_figure_lines_name_measures_by_title(client, lead):
    client.force_login(lead)
    overview = client.get("/dashboards/").content.decode()
    assert "measure <code>" not in overview
    assert '<p class="govuk-body-s wf-card__who">Social workers · ' in overview
    stability = client.get("/dashboards/stability/").content.decode()
    assert "(measure <code>" not in stability
    assert 'class="wf-panel__label">Social worker turnover rate (FTE), as at ' in stability
    # the id is still there for whoever needs it, in the measure's details
    assert re.search(r"Measure id</dt><dd[^>]*><code>turnover_rate_fte</code>", stability)


def test_the_history_names_a_targets_measure_by_its_title(as_user):
    strategy = save_plan(PLAN, None).strategy
    moved = replace(PLAN, targets=tuple(
        replace(t, measure_id="M11a", benchmark="") if t.ref == "T02" else t
        for t in PLAN.targets))
    save_plan(moved, None)
    summary = Change.objects.filter(strategy=strategy, item="Target T02").first().summary
    assert "Measure: Social worker turnover rate (FTE) → Time to hire: to offer (median " \
           "days)" in summary, summary
    assert "turnover_rate_fte" not in summary and "Measure id" not in summary

    target = Target.objects.get(ref="T01")
    form = {"ref": "T01", "title": target.title, "theme": target.theme_id,
            "measure_id": "M11a", "tracked": "", "scope_unit": "",
            "scope_filter": "", "baseline_value": "25.5", "baseline_date": "2025-03-31",
            "target_value": "15", "target_date": "2028-03-31", "direction": "at_most",
            "band": "", "trajectory": "linear", "milestones_text": "", "tolerance": "2",
            "benchmark": "", "period": "year", "note": ""}
    response = as_user("lead").post(f"/strategy/targets/{target.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    edited = Change.objects.filter(item="Target T01").first().summary
    assert "Measure: Agency worker rate (FTE) → Time to hire: to offer (median days)" in edited
    # choices with a description keep their short name
    assert "Trajectory: Stepped → Linear" in edited
