"""Benchmarks: DfE's published indicators kept as published, statistical-neighbour medians,
the own figure's place among LAs, loading a newer DfE file, targets, and the chart specs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from tests.reference import PACKAGE_DATA, reference_dir
from workforce import benchmarks as bm
from workforce import charts
from workforce.benchmarks.source import SCHEMA
from workforce.benchmarks.store import SHIPPED, Benchmarks
from workforce.cli.benchmarks_cmd import app

SHIPPED_CSV = SHIPPED / "csww_indicators_2017_to_2025.csv"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Benchmarks:
    return bm.load(tmp_path_factory.mktemp("empty"))


def tiny(values: dict[str, float | str], neighbours: list[str]) -> Benchmarks:
    """LA '100' with `neighbours`; `values` maps an area code to a 2025 turnover figure or a
    marker. England 'E92000001' and region 'E12' come from the same mapping."""
    rows = []
    for area, v in values.items():
        level = ("National" if area == bm.ENGLAND else "Regional" if area.startswith("E12")
                 else "Local authority")
        number = v if isinstance(v, float) else None
        rows.append({"year": 2025, "level": level, "area": area, "area_name": f"LA {area}",
                     "region_code": None if level == "National" else "E12",
                     "region_name": "Region", "la_code": area if level == "Local authority"
                     else None, "gss_code": None, "indicator": "turnover_rate_fte",
                     "value": number, "status": None if number is not None else v,
                     "vintage": "test release"})
    sns = pl.DataFrame({"la_code": ["100"] * len(neighbours), "la_name": ["LA 100"] *
                        len(neighbours), "position": list(range(1, len(neighbours) + 1)),
                        "neighbour": neighbours, "closeness": ["Close"] * len(neighbours)},
                       schema_overrides={"position": pl.Int32})
    return Benchmarks(pl.DataFrame(rows, schema=SCHEMA), sns, {"release": "test release"},
                      "test")


def test_markers_are_kept_as_statuses_never_read_as_zero(shipped):
    rows = shipped.indicators.filter(pl.col("indicator") != bm.indicators.CLA.id)
    counts = dict(rows.filter(pl.col("status").is_not_null())
                  .group_by("status").len().iter_rows())
    assert counts == {"x": 98, "z": 81, "u": 51, "low": 12, "c": 8}
    assert rows.filter(pl.col("status").is_not_null())["value"].null_count() == 250


def test_a_real_zero_stays_a_zero(shipped):
    kirklees = bm.local(shipped, "agency_fte", "382").filter(pl.col("year") == 2025)
    assert kirklees.row(0, named=True)["value"] == 0.0
    assert kirklees.row(0, named=True)["status"] is None


def test_every_value_carries_its_release(shipped):
    assert shipped.indicators["vintage"].null_count() == 0
    assert "reporting year 2025" in shipped.vintage
    assert shipped.latest_year == 2025


def test_england_series_is_the_published_one(shipped):
    eng = bm.national(shipped, "turnover_rate_fte")
    assert eng["value"].to_list() == [13.4, 15.1, 15.0, 13.5, 15.4, 17.2, 15.9, 13.9, 11.8]
    assert eng["year"].to_list() == list(range(2017, 2026))


def test_regional_rates_are_published_not_recomputed_from_la_rows(shipped):
    wm = bm.regional(shipped, "agency_rate_fte", "E12000005").filter(pl.col("year") == 2024)
    assert wm["value"].to_list() == [13.9]  # summing the LA rows would give 12.5


def test_sandwell_has_dfes_ten_neighbours(shipped):
    names = bm.neighbours_of(shipped, "333")["name"].to_list()
    assert names[:4] == ["Wolverhampton", "Kingston upon Hull, City of", "Stoke-on-Trent",
                         "Walsall"]
    assert len(names) == 10


def test_neighbour_median_is_the_median_of_published_neighbour_values(shipped):
    vals = bm.neighbour_values(shipped, "turnover_rate_fte", "333").filter(
        pl.col("year") == 2025)["value"].sort().to_list()
    assert len(vals) == 10
    median = bm.neighbour_median(shipped, "turnover_rate_fte", "333").filter(
        pl.col("year") == 2025).row(0, named=True)
    assert median["value"] == pytest.approx((vals[4] + vals[5]) / 2)
    assert median["count"] == 10


def test_neighbour_median_drops_markers():
    b = tiny({"100": 10.0, "1": 1.0, "2": 2.0, "3": "u", "4": 9.0, "5": "x"},
             ["1", "2", "3", "4", "5"])
    row = bm.neighbour_median(b, "turnover_rate_fte", "100").row(0, named=True)
    assert row == {"year": 2025, "value": 2.0, "count": 3}


def test_a_joint_return_has_no_neighbour_comparison(shipped):
    comp = bm.comparators(shipped, "agency_rate_fte", "314")
    assert comp["neighbours"].null_count() == comp.height
    assert comp["published"].drop_nulls().len() == comp.height


def test_comparators_give_own_england_region_and_neighbours(shipped):
    row = bm.comparators(shipped, "turnover_rate_fte", "333").filter(
        pl.col("year") == 2025).row(0, named=True)
    assert (row["published"], row["england"], row["region"]) == (11.1, 11.8, 11.5)


def test_own_figure_is_placed_among_other_las():
    others = {str(i): float(i) for i in range(1, 9)}  # 1..8
    b = tiny({"100": 99.0, **others}, ["1", "2", "8"])
    p = bm.place(b, "turnover_rate_fte", 2025, 2.5, "100", "down")
    assert (p.quartile, p.rank, p.of) == (1, 3, 9)  # own 99.0 is replaced by 2.5
    assert (p.rank_neighbours, p.of_neighbours) == (3, 4)
    assert "ranked 3 of 9 (1 = lowest)" in p.describe()
    high = bm.place(b, "turnover_rate_fte", 2025, 7.5, "100", "up")
    assert (high.quartile, high.rank) == (4, 2)


def test_no_placement_without_a_figure(shipped):
    assert bm.place(shipped, "turnover_rate_fte", 2025, None, "333", "down") is None


def test_the_la_value_with_a_marker_is_shown_as_the_marker(shipped):
    row = bm.comparators(shipped, "agency_rate_fte", "394").filter(
        pl.col("year") == 2025).row(0, named=True)
    assert (row["published"], row["published_status"]) == (None, "low")


def write_newer(tmp_path: Path, change=None, year: str = "2026") -> Path:
    """A copy of the shipped file with a 2026 England row added (and `change` applied)."""
    with SHIPPED_CSV.open(newline="") as fh:
        rows = list(csv.reader(fh))
    new = list(rows[1])
    new[0] = year
    rows.insert(1, new)
    if change:
        change(rows)
    path = tmp_path / "newer.csv"
    with path.open("w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_a_newer_file_takes_precedence_and_records_its_release(tmp_path):
    folder = tmp_path / "var"
    checked = bm.install(write_newer(tmp_path), folder, release="CSWW 2026 test")
    assert checked.ok, checked.problems
    b = bm.load(folder)
    assert b.latest_year == 2026 and b.vintage == "CSWW 2026 test"
    assert b.indicators.filter(pl.col("year") == 2026)["vintage"].unique().to_list() == [
        "CSWW 2026 test"]
    assert json.loads((folder / "release.json").read_text())["years"][-1] == 2026
    assert bm.uninstall(folder) and bm.load(folder).latest_year == 2025


def test_a_file_without_the_indicator_columns_is_refused(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("a,b\n1,2\n")
    checked = bm.install(path, tmp_path / "var")
    assert not checked.ok and "missing column(s)" in str(checked.problems[0])
    assert not (tmp_path / "var" / "csww_indicators.csv").exists()


def test_a_bad_cell_is_named_by_row_column_and_value(tmp_path):
    def spoil(rows):
        rows[3][rows[0].index("turnover_rate_fte")] = "n/a"
    checked = bm.check_indicators(write_newer(tmp_path, spoil))
    assert str(checked.problems[0]).startswith("row 4, column turnover_rate_fte, value 'n/a'")


def test_an_older_file_is_refused_unless_forced(tmp_path):
    def drop_2025(rows):
        rows[:] = [r for r in rows if r[0] not in ("2025", "2026")]
    path = write_newer(tmp_path, drop_2025)
    assert "older than the data in use" in str(bm.install(path, tmp_path / "v").problems[0])
    assert bm.install(path, tmp_path / "v", force=True).ok


def test_cli_shows_an_la_against_its_comparators(tmp_path):
    result = CliRunner().invoke(app, ["show", "--la", "333", "-i", "turnover_rate_fte",
                                      "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Sandwell" in result.output and "West Midlands" in result.output


def test_cli_load_reports_problems_and_exits_1(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x\n1\n")
    result = CliRunner().invoke(app, ["load", str(bad), "--dir", str(tmp_path / "v")])
    assert result.exit_code == 1


@pytest.mark.parametrize(("value", "target", "polarity", "status"), [
    (14.0, 15.0, "down", "green"), (16.0, 15.0, "down", "amber"), (17.0, 15.0, "down", "red"),
    (90.0, 90.0, "up", "green"), (82.0, 90.0, "up", "amber"), (80.0, 90.0, "up", "red"),
    (104.0, 100.0, "neutral", "green"), (108.0, 100.0, "neutral", "amber"),
    (None, 15.0, "down", "none"), (14.0, None, "down", "none")])
def test_rag_rules(value, target, polarity, status):
    assert bm.rag(value, target, polarity) == status


def test_direction_of_travel_says_better_or_worse_by_polarity():
    assert bm.travel(12.0, 14.0, "down").text == "Down (better)"
    assert bm.travel(12.0, 14.0, "up").text == "Down (worse)"
    assert bm.travel(12.0, 12.0, "up").text == "No change"
    assert bm.travel(12.0, None, "up").text == "Not known"


def test_trend_spec_has_a_text_alternative_and_keeps_suppressed_gaps():
    from datetime import date
    rows = [{"end": date(2025, 1, 31), "value": 10.0, "suppressed": False, "label": "Jan"},
            {"end": date(2025, 2, 28), "value": None, "suppressed": True, "label": "Feb"}]
    spec = charts.trend(charts.points_from_rows(rows, "Your figure", "percent"),
                        title="Turnover", unit="percent", target=12.0)
    values = spec["data"]["values"]
    assert [v["text"] for v in values] == ["10.0%", "c"] and values[1]["value"] is None
    assert "Your figure: 10.0% (Jan)" in spec["description"]
    assert "target is 12.0%" in spec["description"]
    json.dumps(spec)  # plain data: vl-convert and vega-embed take it as it is


def test_bar_spec_orders_categories_as_given():
    spec = charts.bars([{"category": "B", "value": 2.0, "text": "2"},
                        {"category": "A", "value": 1.0, "text": "1"}],
                       title="Cases", unit="count")
    assert spec["layer"][0]["encoding"]["y"]["sort"] == ["B", "A"]
    assert "Highest: B 2" in spec["description"]


@pytest.mark.parametrize("name", ["csww_indicators_2017_to_2025.csv", "la_cla_swcount.csv",
                                  "sn_model_2025_wide.csv"])
def test_shipped_dfe_data_is_the_reference_copy(name):
    folder = reference_dir()
    if folder is None:
        pytest.skip("shared/reference is not on this machine (set WORKFORCE_REFERENCE)")
    assert (PACKAGE_DATA / name).read_bytes() == (folder / name).read_bytes()
