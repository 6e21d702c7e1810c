"""Text alternatives of charts: what a screen-reader user hears instead of the picture."""

from workforce.charts.describe import describe_bars, describe_series, describe_trend


def bar(category, value):
    return {"category": category, "value": value}


def test_bars_name_the_highest_and_the_lowest_and_count_the_hidden():
    text = describe_bars([bar("F", 496), bar("M", 80), bar("Not known", None)], "Headcount",
                         "count")
    assert "for 3 groups." in text
    assert "Highest: F 496." in text and "Lowest: M 80." in text
    assert "1 group not shown" in text


def test_a_single_bar_left_after_suppression_is_not_both_highest_and_lowest():
    text = describe_bars([bar("F", 496), bar("M", None), bar("Not known", None)], "Headcount",
                         "count")
    assert "Shown: F 496." in text
    assert "Highest" not in text and "Lowest" not in text
    assert "2 groups not shown" in text


def point(period, value, series="Your figure"):
    return {"series": series, "period": period, "order": period, "value": value}


def series(*values):
    return [point(f"2026-{i + 1:02d}", v) for i, v in enumerate(values)]


def test_a_flat_series_says_its_figure_throughout_not_lowest_and_highest():
    """It said 'lowest 11.8% (2026-01), highest 11.8% (2026-01)'; figures that differ only
    beyond the decimal shown read the same, so are the same to the reader."""
    text = describe_series(series(11.8, 11.8, 11.81, 11.79), "Your figure", "percent")
    assert text == "Your figure was 11.8% throughout (2026-01 to 2026-04)."


def test_a_flat_series_with_hidden_periods_does_not_say_throughout():
    text = describe_series(series(11.8, None, 11.8), "Your figure", "percent")
    assert text == ("Your figure was 11.8% in each of the 2 periods shown; 1 period not shown "
                    "(suppressed or not computable).")


def test_a_moving_series_names_its_ends_and_its_lowest_and_highest():
    text = describe_series(series(14.3, 15.0, 11.2, 12.0), "Your figure", "percent")
    assert text == ("Your figure went from 14.3% (2026-01) to 12.0% (2026-04); lowest 11.2% "
                    "(2026-03), highest 15.0% (2026-02).")


def test_two_figures_are_not_also_the_lowest_and_the_highest():
    text = describe_series(series(14.3, 12.0), "Your figure", "percent")
    assert text == "Your figure went from 14.3% (2026-01) to 12.0% (2026-02)."


def test_one_figure_left_still_counts_the_hidden_periods():
    """The hidden periods were left out of the sentence when one figure was left."""
    text = describe_series(series(None, 12.0, None), "Your figure", "percent")
    assert text == "Your figure: 12.0% (2026-02); 2 periods not shown (suppressed or not " \
        "computable)."


def test_every_figure_hidden_says_how_many_and_why():
    assert describe_series(series(None, None), "Your figure", "percent") == (
        "Your figure: no figures shown, 2 periods not shown (suppressed or not computable).")
    assert describe_series([], "Your figure", "percent") == "Your figure: no figures to show."
    assert describe_trend([], "Turnover", "percent", ["Your figure"]) == (
        "Line chart of Turnover. Your figure: no figures to show.")


def test_bars_all_the_same_say_so_rather_than_a_highest_and_a_lowest():
    text = describe_bars([bar("A", 5.0), bar("B", 5.04), bar("C", None)], "Caseload", "cases")
    assert "Highest" not in text and "Lowest" not in text
    assert text == ("Bar chart of Caseload for 3 groups. Each of the 2 shown is 5.0. "
                    "1 group not shown (suppressed or not computable).")


def test_bars_all_hidden_say_so():
    assert describe_bars([bar("A", None)], "Caseload", "cases") == (
        "Bar chart of Caseload for 1 group. 1 group not shown (suppressed or not computable).")
