"""Text alternatives of charts: what a screen-reader user hears instead of the picture."""

from workforce.charts.describe import describe_bars


def bar(category, value):
    return {"category": category, "value": value}


def test_bars_name_the_highest_and_the_lowest_and_count_the_hidden():
    text = describe_bars([bar("F", 496), bar("M", 80), bar("Not known", None)], "Headcount",
                         "count")
    assert "for 3 group(s)" in text
    assert "Highest: F 496." in text and "Lowest: M 80." in text
    assert "1 group(s) not shown" in text


def test_a_single_bar_left_after_suppression_is_not_both_highest_and_lowest():
    text = describe_bars([bar("F", 496), bar("M", None), bar("Not known", None)], "Headcount",
                         "count")
    assert "Shown: F 496." in text
    assert "Highest" not in text and "Lowest" not in text
    assert "2 group(s) not shown" in text
