"""Naming an organisation: by its code, its DfE 3-digit LA number or its ONS E-code."""

from __future__ import annotations

import polars as pl


class AmbiguousOrganisation(ValueError):
    """`org` names several organisations (the same LA number on two, say)."""


def resolve_org(organisations: pl.DataFrame, org: str, when_empty: str = "") -> str:
    """The `code` of the one row of `organisations` that `org` names: its code, its DfE
    3-digit LA number (`old_la_code`) or its ONS code (`gss_code`), ignoring case. ValueError
    naming the known ones when none matches (`when_empty` is said when there are none)."""
    wanted = org.strip().lower()
    for column in ("code", "old_la_code", "gss_code"):
        if column not in organisations.columns:
            continue
        hits = organisations.filter(pl.col(column).str.to_lowercase() == wanted)["code"]
        if hits.len() == 1:
            return hits[0]
        if hits.len() > 1:
            raise AmbiguousOrganisation(f"{org!r} names several organisations ({', '.join(hits)}): "
                             "use the organisation code.")
    raise ValueError(f"No organisation {org!r}: give an organisation code, DfE 3-digit LA "
                     f"number or ONS E-code. Known: "
                     f"{known_organisations(organisations, when_empty)}")


def known_organisations(organisations: pl.DataFrame, when_empty: str = "") -> str:
    """E.g. "demo (LA 999, E06999999)", or "none" (and `when_empty`) when there are none."""
    if organisations.height == 0:
        return f"none. {when_empty}".strip()
    out = []
    for row in organisations.sort("code").iter_rows(named=True):
        codes = ", ".join(c for c in (row.get("old_la_code") and f"LA {row['old_la_code']}",
                                      row.get("gss_code")) if c)
        out.append(f"{row['code']} ({codes})" if codes else row["code"])
    return "; ".join(out)
