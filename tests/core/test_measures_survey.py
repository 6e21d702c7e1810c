"""Survey measures (M30, M31, M24b) on tiny hand-built ledgers with exact answers."""

from datetime import date

from tests.core.ledger_b import build
from tests.core.series import assert_series_is_each_window
from workforce.measures import get
from workforce.measures.windows import Window

YEAR = Window(date(2023, 6, 1), date(2024, 5, 31))


def res(unit, respondents, pct, survey="Staff 2024", on="2024-05-01", theme="engagement"):
    return {"unit": unit, "survey": survey, "date": on, "theme": theme,
            "respondents": respondents, "favourable_pct": pct}


def by_unit(result, key="unit"):
    return {r[key]: (r["value"], r["people"]) for r in result.to_dicts()}


def team_results():
    return [res("T1", 10, 80.0), res("T2", 30, 60.0),
            res("T1", 50, 10.0, survey="Staff 2023", on="2023-11-01"),  # older survey: ignored
            res("T1", 10, 20.0, theme="wellbeing")]


def test_engagement_weights_teams_by_respondents():
    r = get("M30")(build(survey_result=team_results()), YEAR).row(0, named=True)
    assert (r["numerator"], r["denominator"], r["people"]) == (26.0, 40.0, 40)
    assert r["value"] == 65.0


def test_engagement_rolls_teams_up_to_the_service_and_directorate():
    r = get("M30")(build(survey_result=team_results()), YEAR, ["unit"])
    assert by_unit(r) == {"T1": (80.0, 10), "T2": (60.0, 30), "S1": (65.0, 40),
                          "DIR": (65.0, 40)}


def test_a_unit_that_reported_its_own_figure_uses_it_and_is_not_double_counted():
    ledger = build(survey_result=[*team_results(), res("S1", 50, 70.0)])
    assert by_unit(get("M30")(ledger, YEAR, ["unit"])) == {
        "T1": (80.0, 10), "T2": (60.0, 30), "S1": (70.0, 50), "DIR": (70.0, 50)}
    assert get("M30")(ledger, YEAR).row(0, named=True)["value"] == 70.0


def test_team_breakdown_is_each_reported_unit_on_its_own():
    r = get("M30")(build(survey_result=team_results()), YEAR, ["team"])
    assert by_unit(r, "team") == {"T1": (80.0, 10), "T2": (60.0, 30)}


def test_wellbeing_reads_its_own_theme():
    r = get("M31")(build(survey_result=team_results()), YEAR).row(0, named=True)
    assert (r["value"], r["people"]) == (20.0, 10)


def test_no_survey_in_the_period_cannot_be_computed():
    r = get("M24b")(build(survey_result=team_results()), YEAR).row(0, named=True)
    assert r["value"] is None


def test_the_series_equals_the_window_by_window_answer_for_any_windows():
    # each window takes its own latest survey; overlapping, one-day and empty windows
    ledger = build(survey_result=[*team_results(), res("S1", 50, 70.0)])
    windows = [YEAR, Window(date(2023, 1, 1), date(2023, 12, 31)),
               Window(date(2024, 5, 1), date(2024, 5, 1)), Window(date(2010, 1, 1),
                                                                  date(2010, 1, 31))]
    for mid in ("M30", "M31", "M24b"):
        for by in ([], ["unit"], ["team"]):
            assert_series_is_each_window(ledger, mid, windows, by)
