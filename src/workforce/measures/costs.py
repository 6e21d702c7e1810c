"""Costs: agency spend and premium (M33), recruitment cost per hire (M34) and incentives
(M35).

Agency spend is estimated from the assignments, since invoices are not in the ledger: each
weekday (Monday to Friday, bank holidays not taken off) an agency assignment runs in the
period costs FTE × 7.4 hours (a 37-hour week over 5 days) × its hourly charge.

Every measure computes a whole series at once: records carry the window index `_w` and the
window's dates (`windows.frame`), and are aggregated per window.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import polars as pl

from workforce.ledger import Ledger
from workforce.measures.aggregate import every_window, people_expr
from workforce.measures.cache import memo
from workforce.measures.dimensions import ALL_PERSON_DIMENSIONS, STAFF_DIMENSIONS, attach
from workforce.measures.population import (
    dated_in,
    looked_up,
    overlapping,
    population,
    spells,
    stock,
)
from workforce.measures.records import ASSIGNMENT_COLUMNS, assignment_on, per_key, summarise, summed
from workforce.measures.registry import series_measure
from workforce.measures.staffing import wkey
from workforce.measures.windows import add_months, months_back

WEEK_HOURS = 37.0
HOURS_PER_DAY = WEEK_HOURS / 5
YEAR_HOURS = WEEK_HOURS * 52
"""Paid hours in a full-time year, for cost per FTE (on-costs such as pension not included)."""


def agency_cost_records(ledger: Ledger, wins: pl.DataFrame) -> pl.DataFrame:
    """Agency assignments running in each window with `num` = estimated cost in the window
    (null without an hourly charge) and `den` = 1 when the charge is known."""
    a = overlapping(population(ledger, None, False), wins)
    first = pl.max_horizontal(pl.col("start_date"), pl.col("w_start"))
    last = pl.min_horizontal(pl.col("end_date").fill_null(pl.col("w_end")), pl.col("w_end"))
    days = pl.business_day_count(first, last + timedelta(days=1))
    cost = days * pl.col("fte") * HOURS_PER_DAY * pl.col("hourly_charge")
    return a.select("_w", "w_end", *ASSIGNMENT_COLUMNS, "assignment_id",
                    pl.col("agency").fill_null("Not known"), cost.cast(pl.Float64).alias("num"),
                    pl.col("hourly_charge").is_not_null().cast(pl.Float64).alias("den"))


@series_measure(
    id="M33", title="Agency spend",
    definition="Estimated spend on agency workers in the period: for each weekday an agency "
    "worker was engaged, their FTE × 7.4 hours (a 37-hour week) × their hourly charge. Bank "
    "holidays are not taken off. Workers with no hourly charge recorded are left out; if none "
    "has one, the spend cannot be computed.",
    formula="Σ over agency assignments of weekdays in the period × FTE × 37 ÷ 5 hours × "
    "hourly charge", unit="pounds", polarity="down", kind="flow", source="S1, S3, S4",
    family="costs", breakdowns=(*STAFF_DIMENSIONS, "agency"),
    tags=("total",))  # £0 where no agency worker was engaged (none with a charge: no figure)
def agency_spend(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M33: estimated agency spend in the window."""
    rows = per_key(agency_cost_records(ledger, wins), ledger, by, "w_end",
                   ("_w", "assignment_id"))
    rows = every_window(rows, wins, by)
    aggs = [pl.col("num").fill_null(0).sum().alias("numerator"),
            pl.col("den").sum().alias("_known"), pl.col("assignment_id").count().alias("_rows"),
            people_expr("staff_id")]
    out = rows.group_by(["_w", *by]).agg(aggs)
    known = (pl.col("_known") > 0) | (pl.col("_rows") == 0)
    return out.with_columns(
        pl.when(known).then(pl.col("numerator")).otherwise(None).alias("numerator"),
        pl.lit(None, pl.Float64).alias("denominator")).with_columns(
        pl.col("numerator").alias("value")).drop("_known", "_rows")


def rate_records(ledger: Ledger, wins: pl.DataFrame) -> pl.DataFrame:
    """Social workers in post at each window end: agency ones with their hourly charge,
    directly employed ones with the hourly pay of their latest pay snapshot on or before it
    (`rate`, the records without one left out; `_agency` tells which)."""
    sw = population(ledger, "social_worker", None).select(
        *ASSIGNMENT_COLUMNS, "start_date", "end_date", "fte", "hourly_charge")
    pay = (ledger.pay.select("staff_id", "snapshot_date", "hourly_pay")
           .drop_nulls("snapshot_date").sort("snapshot_date"))
    now = stock(sw, wins, "w_end")  # a leaver on the date is not in post on it
    now = now.with_columns(looked_up(now, "w_end", pay, "snapshot_date", "staff_id",
                                     "hourly_pay", strategy="backward"))
    agency = pl.col("contract") == "agency"
    rate = (pl.when(agency).then(pl.col("hourly_charge"))
            .when(~agency).then(pl.col("hourly_pay")))  # no contract: neither
    return now.select("_w", "w_end", *ASSIGNMENT_COLUMNS, "fte", rate.alias("rate"),
                      agency.alias("_agency")).filter(pl.col("rate").is_not_null())


@series_measure(
    id="M33a", title="Agency premium per FTE (social workers)",
    definition="How much more a full-time agency social worker costs in a year than a "
    "directly employed one, at the date: the FTE-weighted average agency hourly charge minus "
    "the FTE-weighted average hourly pay of employed social workers (from their latest pay "
    "snapshot), times 1,924 hours (37 a week for 52 weeks). Employer on-costs such as "
    "pension and National Insurance are not included, so the premium is overstated.",
    formula="value = numerator − denominator: agency cost per FTE-year (mean charge × 1,924) "
    "− employee pay per FTE-year (mean hourly pay × 1,924)", unit="pounds", polarity="down",
    kind="stock", source="S1, S3, S4", family="costs",
    breakdowns=("unit", "service", "team", "org_role", "level"), tags=("signed",))
def agency_premium(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M33a: agency cost per FTE-year minus employee pay per FTE-year."""
    recs = attach(rate_records(ledger, wins), ledger, list(by), "w_end")
    out = every_window(recs, wins, by)  # FTE-weighted, so no de-duplication

    def mean(agency: bool) -> pl.Expr:
        def part(col: pl.Expr) -> pl.Expr:
            return pl.when(pl.col("_agency") == agency).then(col).sum()

        return part(pl.col("rate") * pl.col("fte")) / part(pl.col("fte")) * YEAR_HOURS

    aggs = [mean(True).alias("numerator"), mean(False).alias("denominator"),
            people_expr("staff_id")]
    res = out.group_by(["_w", *by]).agg(aggs)
    res = res.with_columns(pl.col(c).fill_nan(None) for c in ("numerator", "denominator"))
    return res.with_columns((pl.col("numerator") - pl.col("denominator")).alias("value"))


def campaigns(ledger: Ledger, wins: pl.DataFrame, finished: bool) -> pl.DataFrame:
    """Recruitment campaigns approved in each window (only those no longer open when
    `finished`), with num = cost (null when not recorded) and den = 1 when appointed."""
    c = ledger.recruitment
    if finished:
        c = c.filter(pl.col("outcome") != "open")
    return dated_in(c, wins, "approved_date").select(
        "_w", "w_end", "campaign_id", "unit", "staff_group", pl.col("cost").alias("num"),
        (pl.col("outcome") == "appointed").cast(pl.Float64).alias("den"),
        pl.col("cost").is_not_null().alias("_costed"))


RECRUITMENT_BREAKDOWNS = ("unit", "service", "team", "staff_group")


@series_measure(
    id="M34", title="Recruitment cost per hire",
    definition="For recruitment campaigns approved in the period and now closed, their "
    "recorded costs (advertising, agency and other fees), successful or not, divided by the "
    "number of people appointed. Campaigns with no cost recorded add nothing; if none has "
    "a cost, or nobody was appointed, it cannot be computed.",
    formula="Σ cost of closed campaigns approved in the period ÷ appointments from them",
    unit="pounds", polarity="down", kind="flow", source="S3", family="costs",
    breakdowns=RECRUITMENT_BREAKDOWNS)
def cost_per_hire(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M34: recruitment cost per hire."""
    recs = campaigns(ledger, wins, finished=True).with_columns(pl.col("num").fill_null(0))
    rows = per_key(recs, ledger, by, "w_end", ("_w", "campaign_id", "_costed"))
    rows = every_window(rows, wins, by)
    aggs = [pl.col("num").sum().cast(pl.Float64).alias("numerator"),
            pl.col("den").sum().alias("denominator"), pl.col("_costed").any().alias("_any")]
    out = rows.group_by(["_w", *by]).agg(aggs)
    ok = (pl.col("denominator") > 0) & pl.col("_any").fill_null(False)
    return out.with_columns(
        pl.when(ok).then(pl.col("numerator") / pl.col("denominator")).otherwise(None)
        .alias("value"), pl.lit(None, pl.Int64).alias("people")).drop("_any")


@series_measure(
    id="M34a", title="Recruitment spend",
    definition="The recorded costs (advertising, agency and other fees) of recruitment "
    "campaigns approved in the period, open or closed.",
    formula="Σ cost of campaigns approved in the period", unit="pounds", polarity="down",
    kind="flow", source="S3", family="costs", breakdowns=RECRUITMENT_BREAKDOWNS)
def recruitment_spend(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M34a: recruitment spend on campaigns approved in the window."""
    recs = campaigns(ledger, wins, finished=False)
    return summed(recs, ledger, by, wins, ("campaign_id",), people=None)


def incentive_cohort(ledger: Ledger, wins: pl.DataFrame) -> pl.DataFrame:
    """Per window: directly employed social workers in post 12 months before the window end
    (`_start`), with `received` (an incentive payment in the 12 months up to then) and num =
    still directly employed at the window end. Built once per ledger and windows."""

    def build() -> pl.DataFrame:
        starts = [add_months(end, -12) for end in wins["w_end"]]
        dated = wins.with_columns(
            pl.Series("_start", starts, pl.Date),
            pl.Series("_paid_from", [months_back(s, 12) for s in starts],
                      pl.Date))
        # sorted on w_end, so also on _start (12 months earlier): both look-ups are as-of joins
        sw = population(ledger).select(*ASSIGNMENT_COLUMNS, "start_date", "end_date")
        base = stock(sw, dated, "_start").select(
            "_w", "w_end", "_start", "_paid_from", *ASSIGNMENT_COLUMNS).sort("w_end")
        paid = (ledger.payment.select("staff_id", pl.col("date").alias("_paid"))
                .drop_nulls("_paid").sort("_paid"))
        employed = (spells(population(ledger, None, True))
                    .select("staff_id", "spell_start", "spell_end").sort("spell_start"))
        out = (base.join_asof(paid, left_on="_start", right_on="_paid", by="staff_id",
                              strategy="backward", check_sortedness=False)
               .join_asof(employed, left_on="w_end", right_on="spell_start", by="staff_id",
                          strategy="backward", check_sortedness=False))
        kept = pl.col("spell_start").is_not_null() & (
            pl.col("spell_end").is_null() | (pl.col("spell_end") > pl.col("w_end")))
        return out.select(
            "_w", "w_end", *ASSIGNMENT_COLUMNS,
            (pl.col("_paid") >= pl.col("_paid_from")).fill_null(False).alias("received"),
            kept.cast(pl.Float64).alias("num"), pl.lit(1.0).alias("den"))

    return memo(ledger, ("incentive_cohort", wkey(wins)), build)


def retention(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str], received: bool
              ) -> pl.DataFrame:
    """12-month retention of the incentive cohort's recipients (or, not `received`, of the
    others)."""
    recs = incentive_cohort(ledger, wins).filter(pl.col("received") == received)
    return summarise(recs, ledger, by, wins)


INCENTIVE = ("Of directly employed social workers in post 12 months before the date {who}, "
             "the percentage still directly employed at the date. Compare the two groups to "
             "see whether incentives (golden hellos, market supplements, NQSW and retention "
             "payments) go with better retention; it is not proof that they cause it.")
INCENTIVE_DECL = {"unit": "percent", "polarity": "up", "kind": "stock", "source": "S4",
                  "family": "costs", "breakdowns": ALL_PERSON_DIMENSIONS}


@series_measure(
    id="M35", title="Retention at 12 months of incentive recipients",
    definition=INCENTIVE.format(who="who had received an incentive payment in the 12 months "
                                "before then"),
    formula="recipients still employed 12 months later ÷ recipients in post then × 100",
    **INCENTIVE_DECL)
def recipients_retained(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]
                        ) -> pl.DataFrame:
    """M35: 12-month retention of incentive recipients."""
    return retention(ledger, wins, by, received=True)


@series_measure(
    id="M35a", title="Retention at 12 months of staff without an incentive",
    definition=INCENTIVE.format(who="who had not received an incentive payment in the 12 "
                                "months before then"),
    formula="non-recipients still employed 12 months later ÷ non-recipients in post then × "
    "100", **INCENTIVE_DECL)
def others_retained(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M35a: 12-month retention of staff without an incentive."""
    return retention(ledger, wins, by, received=False)


def incentive_payments_dated(ledger: Ledger) -> pl.DataFrame:
    """Every incentive payment with the person's assignment on its date, once per ledger."""
    return memo(ledger, ("incentive_payments",), lambda: assignment_on(
        ledger, ledger.payment.select("staff_id", pl.col("date").alias("on"),
                                      pl.col("kind").alias("payment_kind"),
                                      pl.col("amount").alias("num"))).with_columns(
        pl.lit(1.0).alias("den")))


@series_measure(
    id="M35b", title="Incentive payments",
    definition="The total of incentive payments (golden hellos, market supplements, NQSW, "
    "retention, refer-a-friend, relocation and other payments) made in the period; break down "
    "by `payment_kind`.",
    formula="Σ amount of incentive payments dated in the period", unit="pounds",
    polarity="neutral", kind="flow", source="S4", family="costs",
    breakdowns=(*ALL_PERSON_DIMENSIONS, "payment_kind"))
def incentive_payments(ledger: Ledger, wins: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """M35b: incentive payments made in the window."""
    recs = dated_in(incentive_payments_dated(ledger), wins, "on")
    return summed(recs, ledger, by, wins, ("staff_id", "on", "payment_kind"))
