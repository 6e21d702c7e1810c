"""Staff-survey measures: engagement (M30), wellbeing (M31) and induction satisfaction (M24b).

Surveys arrive as aggregated scores per unit (`survey_result`), never individual answers, so
the only breakdowns are units. A unit's figure is its own row when the survey reported one;
otherwise it is the respondent-weighted mean of the rows below it (a service's score from its
teams' scores). The organisation's figure weights the top-most rows, so a service row and its
teams' rows are never counted twice. `people` is the number of respondents, so a unit with
fewer than five respondents is suppressed when shown.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from workforce.ledger import Ledger
from workforce.measures.aggregate import every_window
from workforce.measures.population import dated_in
from workforce.measures.registry import series_measure

BREAKDOWNS = ("unit", "team")


def latest_survey(ledger: Ledger, wins: pl.DataFrame, theme: str) -> pl.DataFrame:
    """Per window, the rows for `theme` of the survey that closed last in it (one survey
    only), with the reporting unit as `team`."""
    rows = dated_in(ledger.survey_result.filter(
        (pl.col("theme") == theme) & (pl.col("respondents") > 0)), wins, "date")
    last = rows.sort("date").group_by("_w").agg(pl.col("survey").last())
    return rows.join(last, on=["_w", "survey"]).select(
        "_w", pl.col("unit").alias("team"), "respondents", "favourable_pct")


def covering(units: pl.DataFrame, reported: set[str]) -> pl.DataFrame:
    """(team, unit) pairs: each reported unit with itself and every ancestor up to, but not
    including, the nearest ancestor that reported its own figure. A row whose walk reaches
    the top is a top-most row, marked with unit None as well (for the organisation)."""
    parent = dict(zip(units["code"].to_list(), units["parent"].to_list(), strict=True))
    pairs: list[tuple[str, str | None]] = []
    for own in reported:
        cur: str | None = own
        while cur is not None and (cur == own or cur not in reported):
            pairs.append((own, cur))
            cur = parent.get(cur)
        if cur is None:
            pairs.append((own, None))
    return pl.DataFrame(pairs, schema={"team": pl.String, "unit": pl.String}, orient="row")


def covering_series(units: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """`covering` for each window's reported units (`rows`: _w, team), worked out once per
    distinct set of units (a survey is the latest of many windows)."""
    windows: dict[frozenset[str], list[int]] = {}
    for w, teams in rows.group_by("_w").agg("team").iter_rows():
        windows.setdefault(frozenset(teams), []).append(w)
    parts = [covering(units, set(reported)).join(
        pl.DataFrame({"_w": ws}, schema={"_w": pl.Int32}), how="cross")
        for reported, ws in windows.items()]
    return pl.concat(parts) if parts else pl.DataFrame(
        schema={"team": pl.String, "unit": pl.String, "_w": pl.Int32})


def favourable(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], theme: str
               ) -> pl.DataFrame:
    """Respondent-weighted % favourable for `theme` in the latest survey of each window."""
    rows = latest_survey(ledger, wins, theme)
    if "unit" in by or not by:
        pairs = covering_series(ledger.unit, rows)
        top = pl.col("unit").is_null()
        recs = rows.join(pairs.filter(~top if by else top), on=["_w", "team"])
    else:
        recs = rows
    aggs = [(pl.col("respondents") * pl.col("favourable_pct") / 100).sum().cast(pl.Float64)
            .alias("numerator"),
            pl.col("respondents").sum().cast(pl.Float64).alias("denominator"),
            pl.col("respondents").sum().cast(pl.Int64).alias("people")]
    out = every_window(recs, wins, by).group_by(["_w", *by]).agg(aggs)
    return out.with_columns(pl.when(pl.col("denominator") > 0)
                            .then(pl.col("numerator") / pl.col("denominator") * 100)
                            .otherwise(None).alias("value"))


def _declare(mid: str, title: str, theme: str, what: str, source: str) -> None:
    definition = (
        f"The percentage of staff-survey answers that were favourable on {what}, from the "
        "latest survey that closed in the period. Each unit's figure is weighted by its number "
        "of respondents; units reported with fewer than five respondents are not shown.")

    def compute(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
        return favourable(ledger, wins, by, theme)

    compute.__doc__ = f"{mid}: {title} (survey theme {theme!r})."
    series_measure(id=mid, title=title, definition=definition,
                   formula="Σ(respondents × % favourable) ÷ Σ respondents", unit="percent",
                   polarity="up", kind="flow", source=source, breakdowns=BREAKDOWNS,
                   family="survey", tags=("reported",))(compute)


_declare("M30", "Engagement score", "engagement", "the engagement index", "S0, S1, S3")
_declare("M31", "Wellbeing score", "wellbeing", "the wellbeing questions", "S1")
_declare("M24b", "Induction satisfaction", "induction", "the induction questions",
         "S0, S1, S2, S3, S4")
