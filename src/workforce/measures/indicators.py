"""The computations behind DfE's workforce indicators, for any staff group.

`dfe.py` declares them for child and family social workers under DfE's column names;
`stability.py`, `caseload.py` and `absence.py` reuse them for the whole workforce. Every
function takes (ledger, wins, by, group) and returns (_w, by..., numerator, denominator,
value, people); every rate goes through the one formula in `formulas`. FTE-based figures are
summed over assignments, headcounts count a person once in their more senior role, and
agency records are not de-duplicated (domain.md 1.2).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from workforce.ledger import Ledger
from workforce.measures import formulas as f
from workforce.measures.cases import case_holders
from workforce.measures.cells import count_of, parts, rate, sum_of
from workforce.measures.establishment import cover_records, vacancies
from workforce.measures.sickness import days_lost
from workforce.measures.staffing import heads, leavers, per_event, starters, stock

Group = str | None
__all__ = ["count_of", "rate", "sum_of"]  # re-exported for the measure modules


def _inpost(ledger: Ledger, wins: pl.DataFrame, group: Group, basis: str
            ) -> tuple[pl.DataFrame, pl.Expr]:
    """In-post records and the column to add up: FTE, or one per person (headcount)."""
    if basis == "fte":
        return stock(ledger, wins, group), pl.col("fte")
    return heads(ledger, wins, group), pl.lit(1.0)


def _events(events: pl.DataFrame, basis: str) -> tuple[pl.DataFrame, pl.Expr]:
    if basis == "fte":
        return events, pl.col("fte")
    return per_event(events), pl.lit(1.0)


def inpost(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group,
           basis: str = "fte") -> pl.DataFrame:
    recs, col = _inpost(ledger, wins, group, basis)
    return sum_of(recs, ledger, wins, by, col)


def agency(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group,
           basis: str = "fte") -> pl.DataFrame:
    recs = stock(ledger, wins, group, False)  # agency records are not de-duplicated
    col = pl.col("fte") if basis == "fte" else pl.lit(1.0)
    return sum_of(recs, ledger, wins, by, col)


def flow(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group, which: str,
         basis: str = "fte") -> pl.DataFrame:
    """Starters (`which="starters"`) or leavers in each window."""
    events = (starters if which == "starters" else leavers)(ledger, wins, group)
    recs, col = _events(events, basis)
    return sum_of(recs, ledger, wins, by, col)


def turnover(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group,
             basis: str = "fte", reasons: Sequence[str] | None = None) -> pl.DataFrame:
    """Leavers in the window ÷ in post at the window end (optionally only some reasons)."""
    out, col = _events(leavers(ledger, wins, group), basis)
    if reasons is not None:
        out = out.filter(pl.col("leaving_reason").is_in(list(reasons)))
    inp, icol = _inpost(ledger, wins, group, basis)
    return rate(f.TURNOVER, ledger, wins, by, parts(out, leavers=col), parts(inp, inpost=icol))


def agency_rate(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group,
                basis: str = "fte") -> pl.DataFrame:
    """Agency ÷ (agency + directly employed in post) at the window end."""
    inp, icol = _inpost(ledger, wins, group, basis)
    ag = stock(ledger, wins, group, False)
    acol = pl.col("fte") if basis == "fte" else pl.lit(1.0)
    return rate(f.AGENCY, ledger, wins, by, parts(ag, agency=acol), parts(inp, inpost=icol))


def vacancy(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group
            ) -> pl.DataFrame:
    """Vacant FTE on the window end (people: none, vacancies are posts)."""
    v = vacancies(ledger, wins, group)
    return sum_of(v, ledger, wins, by, "vacancy", people=None)


def vacancy_rate(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group,
                 formula: f.Formula = f.VACANCY) -> pl.DataFrame:
    """Vacant FTE ÷ (vacant + directly employed FTE in post) at the window end."""
    v = vacancies(ledger, wins, group)
    inp = stock(ledger, wins, group)
    return rate(formula, ledger, wins, by, parts(v, vacancy=pl.col("vacancy")),
                 parts(inp, inpost=pl.col("fte")))


def agency_cover(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group
                 ) -> pl.DataFrame:
    return sum_of(cover_records(ledger, wins, group), ledger, wins, by, "cover")


def agency_cover_rate(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group
                      ) -> pl.DataFrame:
    """Agency FTE covering vacancies ÷ all agency FTE at the window end."""
    cov = cover_records(ledger, wins, group)
    ag = stock(ledger, wins, group, False)
    return rate(f.AGENCY_COVER, ledger, wins, by, parts(cov, agency_cover=pl.col("cover")),
                 parts(ag, agency=pl.col("fte")))


def vacancy_cover_rate(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group
                       ) -> pl.DataFrame:
    """Agency FTE covering vacancies ÷ vacant FTE at the window end."""
    cov = cover_records(ledger, wins, group)
    v = vacancies(ledger, wins, group)
    return rate(f.VACANCY_AGENCY_COVER, ledger, wins, by,
                 parts(cov, agency_cover=pl.col("cover")), parts(v, vacancy=pl.col("vacancy")))


def case_holder_fte(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group
                    ) -> pl.DataFrame:
    return sum_of(case_holders(ledger, wins, group), ledger, wins, by, "fte")


def cases(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group
          ) -> pl.DataFrame:
    return sum_of(case_holders(ledger, wins, group), ledger, wins, by, "cases")


def caseload(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group
             ) -> pl.DataFrame:
    """Cases ÷ FTE of the case holders at the window end."""
    h = case_holders(ledger, wins, group)
    return rate(f.CASELOAD, ledger, wins, by,
                 parts(h, cases=pl.col("cases"), case_holders=pl.col("fte")))


def working_days_lost(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group,
                      long_term: bool | None = None) -> pl.DataFrame:
    d = days_lost(ledger, wins, group)
    if long_term is not None:
        d = d.filter(pl.col("long_term") == long_term)
    return sum_of(d, ledger, wins, by, "days_lost")


def absence_rate(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], group: Group,
                 long_term: bool | None = None) -> pl.DataFrame:
    """Working days lost in the window ÷ (FTE in post at the window end × W of the window)."""
    w = pl.DataFrame({"_w": wins["_w"], "working_days": [
        f.working_days(s, e) for s, e in zip(wins["w_start"], wins["w_end"], strict=True)]})
    d = days_lost(ledger, wins, group)
    if long_term is not None:
        d = d.filter(pl.col("long_term") == long_term)
    inp = stock(ledger, wins, group)
    # W is per window, not summed: add up the two parts, then apply the formula with W.
    out = rate(f.PERCENT, ledger, wins, by, parts(d, part=pl.col("days_lost")),
               parts(inp, whole=pl.col("fte")))
    out = out.join(w, on="_w")
    num, den, value = f.ABSENCE.exprs(pl.col("numerator"), pl.col("denominator"),
                                      pl.col("working_days"))
    return out.with_columns(num.alias("numerator"), den.alias("denominator"),
                            value.alias("value")).drop("working_days")
