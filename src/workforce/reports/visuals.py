"""How the report's charts are drawn on paper, on top of the shared specs
(`workforce.charts`): axis numbers without needless decimals ('20', not '20.0'), level
quarter labels, legend markers drawn clean, and no chart where there is almost
nothing to draw (most groups suppressed), so the table stands alone and says why.
"""

from __future__ import annotations

from collections.abc import Sequence

from workforce.reports.model import Cell


def tidy(spec: dict) -> dict:
    """A `charts.trend` or `charts.bars` spec made for the report, changed in place and
    returned: the callers pass a spec just built for the chart, which nothing else holds."""
    for layer in spec.get("layer", []):
        enc = layer.get("encoding", {})
        for name in ("x", "y"):
            axis = enc.get(name, {})
            if axis.get("type") == "quantitative" and isinstance(axis.get("axis"), dict):
                axis["axis"] = {**axis["axis"], "tickCount": 5,
                                "labelOverlap": True}
        x = enc.get("x", {})
        if x.get("type") == "ordinal" and isinstance(x.get("axis"), dict):
            x["axis"] = {**x["axis"], "labelAngle": 0, "labelOverlap": "greedy"}
    # the legend shows each series' marker in its colour (a dashed outline round a marker
    # read as a smudge); the lines keep their dash patterns
    legend = spec.setdefault("config", {}).setdefault("legend", {})
    legend.update({"symbolStrokeWidth": 0, "symbolSize": 100})
    return spec


def not_worth_drawing(cells: Sequence[Cell], threshold: int | None = 5,
                      noun: str = "rows") -> str:
    """Why a bar chart of `cells` is not drawn (fewer than two figures can be shown, or
    most are suppressed), in a sentence for under the table; "" when it is worth drawing."""
    shown = sum(1 for c in cells if c.is_number)
    hidden = sum(1 for c in cells if c.suppressed)
    if shown >= 2 and hidden * 2 <= len(cells):
        return ""
    if hidden:
        few = f"fewer than {threshold} people" if threshold else "too few people"
        return (f"Not drawn as a chart: {hidden} of the {len(cells)} {noun} are shown as c "
                f"(about {few}, or hidden so that such a figure cannot be worked out), so a "
                "chart would show almost nothing.")
    return "Not drawn as a chart: there are fewer than two figures to compare."
