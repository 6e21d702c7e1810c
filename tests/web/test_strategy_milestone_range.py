"""A milestone outside the range from a target's baseline to its goal is saved as given, with
a warning that names it: on the target form (also when the baseline is measured from the
data on saving), on the import page (file, sheet, row and column) and by the import command.
It was accepted without a word."""

from __future__ import annotations

import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.core.test_strategy_milestone_range import _sheet_with as _workbook
from tests.core.test_strategy_workbook import PLAN
from tests.web.test_strategy_reviews import _workers
from workforce_web.bridge import store_tables
from workforce_web.strategy.models import Target
from workforce_web.strategy.store import save_plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TARGET = {"ref": "T09", "title": "Supervision every month", "theme": "", "measure_id": "M20",
          "tracked": "", "scope_unit": "", "scope_filter": "", "baseline_value": "60",
          "baseline_date": "2025-03-31", "target_value": "90", "target_date": "2027-03-31",
          "direction": "", "band": "", "trajectory": "linear", "milestones_text": "",
          "tolerance": "5", "benchmark": "", "period": "month", "note": ""}


@pytest.fixture
def strategy(personas):
    return save_plan(PLAN, None).strategy


def _page(response) -> str:
    return " ".join(html.unescape(response.content.decode()).split())


def test_the_form_saves_a_milestone_beyond_the_target_and_says_so(as_user, strategy):
    form = {**TARGET, "milestones_text": "2026-03-31=95"}
    response = as_user("lead").post(f"/strategy/{strategy.pk}/targets/new/", form,
                                    follow=True)
    assert Target.objects.get(ref="T09").milestones == [["2026-03-31", 95.0]]
    assert ("Saved as given, but the milestone of 31 March 2026 (95) is outside the range "
            "from the baseline (60) to the target (90), beyond the target.") in _page(response)


def test_the_form_says_nothing_of_milestones_within_the_range(as_user, strategy):
    form = {**TARGET, "milestones_text": "2025-09-30=60; 2026-03-31=75"}
    response = as_user("lead").post(f"/strategy/{strategy.pk}/targets/new/", form,
                                    follow=True)
    assert Target.objects.filter(ref="T09").exists()
    assert "Saved as given" not in _page(response)


def test_a_baseline_measured_on_saving_is_the_range_the_milestones_are_checked_against(
        as_user, strategy):
    store_tables(_workers(12, "permanent"))
    store_tables(_workers(4, "agency"))  # with the personas': 5 agency of 18.8 FTE, 26.6%
    form = {**TARGET, "measure_id": "agency_rate_fte", "baseline_value": "",
            "target_value": "10", "period": "year", "milestones_text": "2026-03-31=30"}
    response = as_user("lead").post(f"/strategy/{strategy.pk}/targets/new/", form,
                                    follow=True)
    saved = Target.objects.get(ref="T09")
    assert saved.baseline_value == pytest.approx(100 * 5 / 18.8)
    assert saved.milestones == [["2026-03-31", 30.0]]
    # the baseline as the pages show it (26.6), not 26.5957
    assert ("the milestone of 31 March 2026 (30) is outside the range from the baseline "
            "(26.6) to the target (10), behind the baseline") in _page(response)


def test_a_milestone_at_the_measured_baseline_as_shown_is_not_behind_it(as_user, strategy):
    """The baseline measured as 26.5957 is shown as 26.6: a milestone of 26.6 was said to be
    'behind the baseline (26.5957)'."""
    store_tables(_workers(12, "permanent"))
    store_tables(_workers(4, "agency"))
    form = {**TARGET, "measure_id": "agency_rate_fte", "baseline_value": "",
            "target_value": "10", "period": "year", "milestones_text": "2026-03-31=26.6"}
    response = as_user("lead").post(f"/strategy/{strategy.pk}/targets/new/", form,
                                    follow=True)
    assert Target.objects.get(ref="T09").milestones == [["2026-03-31", 26.6]]
    assert "Saved as given" not in _page(response)


WARNING = ("plan.xlsx, sheet Targets, row 2, column Milestones: the milestone of 31 March 2027 "
           "(12) is outside the range from the baseline (25.5) to the target (16.7), beyond "
           "the target. Imported as given")


def test_the_import_page_stores_the_plan_and_names_the_cell(as_user, personas):
    response = as_user("lead").post("/strategy/import/", {
        "file": SimpleUploadedFile("plan.xlsx", _workbook("2026-03-31=22; 2027-03-31=12"),
                                   XLSX)}, follow=True)
    assert response.redirect_chain and response.status_code == 200
    assert Target.objects.get(ref="T01").milestones == [["2026-03-31", 22.0],
                                                        ["2027-03-31", 12.0]]
    page = _page(response)
    assert "Imported Workforce strategy 2025-28" in page and WARNING in page


def test_the_import_command_prints_the_warning(personas, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(_workbook("2026-03-31=22; 2027-03-31=12"))
    out = io.StringIO()
    call_command("strategy", "import", str(path), "--org", "T1", stdout=out)
    assert out.getvalue().startswith("Imported")
    assert f"Warning: {WARNING}" in out.getvalue()
    assert Target.objects.get(ref="T01").milestones[-1] == ["2027-03-31", 12.0]
