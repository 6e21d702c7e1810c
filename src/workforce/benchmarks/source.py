"""Reading DfE's published files into frames that keep DfE's markers.

The indicators file (`csww_indicators_*.csv`) becomes one long frame with one row per year,
area and indicator:

    year, level, area, area_name, region_code, region_name, la_code, gss_code, indicator,
    value, status, vintage

`area` is the key comparisons use: `E92000001` for England, the region code for a region
(Inner and Outer London are regions in DfE's file) and the 3-digit LA number for a local
authority (joint returns keep DfE's composite code, e.g. `314 / 318`). A cell holding a DfE
marker (`x z u low c`, older `: k`) has `value` null and `status` set to the marker: it is never
read as 0, because 0 in DfE's files is a real zero.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

ENGLAND = "E92000001"
MARKERS = {
    "x": "unavailable",
    "z": "not applicable",
    "u": "low reliability",
    "low": "rounds to 0 but is not 0",
    "c": "suppressed to protect confidentiality",
    ":": "not available",
    "k": "less than half",
}
LEVELS = ("National", "Regional", "Local authority")
ID_COLUMNS = ("time_period", "geographic_level", "country_code", "region_code", "region_name",
              "old_la_code", "new_la_code", "la_name")
CLA_INDICATOR = "cla_3plus_sw_pct"
CLA_GROUP = "3 or more social workers during the year"

SCHEMA = pl.Schema({"year": pl.Int32, "level": pl.String, "area": pl.String,
                    "area_name": pl.String, "region_code": pl.String,
                    "region_name": pl.String, "la_code": pl.String, "gss_code": pl.String,
                    "indicator": pl.String, "value": pl.Float64, "status": pl.String,
                    "vintage": pl.String})


def read_csv_text(path: Path) -> pl.DataFrame:
    """Every column as text, so markers survive; a UTF-8 byte-order mark is dropped."""
    frame = pl.read_csv(path, infer_schema=False, encoding="utf8-lossy")
    return frame.rename({c: c.lstrip("\ufeff").strip() for c in frame.columns})


def _area() -> pl.Expr:
    level = pl.col("geographic_level")
    return (pl.when(level == "National").then(pl.col("country_code"))
            .when(level == "Regional").then(pl.col("region_code"))
            .otherwise(pl.col("old_la_code")))


def _area_name() -> pl.Expr:
    level = pl.col("geographic_level")
    return (pl.when(level == "National").then(pl.col("country_name"))
            .when(level == "Regional").then(pl.col("region_name"))
            .otherwise(pl.col("la_name")))


def values_and_markers(raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(value, status) from a text cell: a number gives a value; anything else is a status."""
    text = raw.str.strip_chars()
    value = text.cast(pl.Float64, strict=False)
    status = pl.when(value.is_null()).then(
        pl.when(text.is_null() | (text == "")).then(pl.lit("missing")).otherwise(text))
    return value.alias("value"), status.alias("status")


def long_indicators(raw: pl.DataFrame, indicators: list[str], vintage: str) -> pl.DataFrame:
    """The wide DfE indicators table (all text) as the long frame described above."""
    if "country_name" not in raw.columns:
        raw = raw.with_columns(pl.lit("England").alias("country_name"))
    ids = raw.select(
        pl.col("time_period").str.slice(0, 4).cast(pl.Int32).alias("year"),
        pl.col("geographic_level").alias("level"),
        _area().alias("area"), _area_name().alias("area_name"),
        "region_code", "region_name", pl.col("old_la_code").alias("la_code"),
        pl.col("new_la_code").alias("gss_code"), *indicators)
    long = ids.unpivot(index=[c for c in ids.columns if c not in indicators],
                       on=indicators, variable_name="indicator", value_name="_raw")
    value, status = values_and_markers(pl.col("_raw"))
    return long.with_columns(value, status, pl.lit(vintage).alias("vintage")).select(
        list(SCHEMA)).cast(SCHEMA)


def read_indicators(path: Path, indicators: list[str], vintage: str) -> pl.DataFrame:
    """Read a DfE CSWW indicators file (already validated) into the long frame."""
    raw = read_csv_text(path)
    present = [i for i in indicators if i in raw.columns]
    return long_indicators(raw, present, vintage)


def read_cla(path: Path, vintage: str) -> pl.DataFrame:
    """DfE's 'children looked after with 3 or more social workers in the year' (percentage of
    children looked after at 31 March), as rows of the same long frame."""
    raw = read_csv_text(path).filter(pl.col("sw_stability") == CLA_GROUP)
    raw = raw.rename({"percentage": CLA_INDICATOR})
    return long_indicators(raw, [CLA_INDICATOR], vintage)


def read_neighbours(path: Path) -> pl.DataFrame:
    """DfE's statistical-neighbour model (wide: SN_1, SN_1P ... SN_10, SN_10P) as rows of
    (la_code, la_name, position, neighbour, closeness). Closeness bands lose their stray
    trailing spaces."""
    raw = read_csv_text(path)
    parts = [raw.select(pl.col("old_la_code").alias("la_code"), "la_name",
                        pl.lit(i, pl.Int32).alias("position"),
                        pl.col(f"SN_{i}").str.strip_chars().alias("neighbour"),
                        pl.col(f"SN_{i}P").str.strip_chars().alias("closeness"))
             for i in range(1, 11) if f"SN_{i}" in raw.columns]
    return pl.concat(parts).sort("la_code", "position")
