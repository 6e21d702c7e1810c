"""Charts as Vega-Lite specs built in Python: pure functions returning dicts.

The web draws them with vega-embed, reports render the same dicts to SVG with vl-convert.
Each spec has a text alternative in `description`; pages also show a table of the same
numbers beside every chart.

    from workforce import charts
    pts = charts.points_from_rows(rows, "Your figure", "percent")
    spec = charts.trend(pts, title="Turnover rate", unit="percent", target=15.0)
"""

from workforce.charts.describe import describe_bars, describe_series, describe_trend
from workforce.charts.specs import SCHEMA, bars, points_from_rows, trend

__all__ = ["SCHEMA", "bars", "describe_bars", "describe_series", "describe_trend",
           "points_from_rows", "trend"]
