"""Costs: agency spend and premium (M33), recruitment cost per hire (M34) and incentives
(M35).

Agency spend is estimated from the assignments, since invoices are not in the ledger: each
weekday (Monday to Friday, bank holidays not taken off) an agency assignment runs in the
period costs FTE × 7.4 hours (a 37-hour week over 5 days) × its hourly charge.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import polars as pl

from workforce.ledger import Ledger
from workforce.measures.dimensions import ALL_PERSON_DIMENSIONS, STAFF_DIMENSIONS, attach
from workforce.measures.population import active_at, population
from workforce.measures.records import (
    ASSIGNMENT_COLUMNS,
    assignment_on,
    employed_on,
    per_key,
    summarise,
    summed,
)
from workforce.measures.registry import measure
from workforce.measures.windows import Window, add_months

WEEK_HOURS = 37.0
HOURS_PER_DAY = WEEK_HOURS / 5
YEAR_HOURS = WEEK_HOURS * 52
"""Paid hours in a full-time year, for cost per FTE (on-costs such as pension not included)."""


def agency_cost_records(ledger: Ledger, window: Window) -> pl.DataFrame:
    """Agency assignments running in the window with `num` = estimated cost in the window
    (null without an hourly charge) and `den` = 1 when the charge is known."""
    a = population(ledger, None, False).filter(
        (pl.col("start_date") <= window.end)
        & (pl.col("end_date").is_null() | (pl.col("end_date") >= window.start)))
    first = pl.max_horizontal(pl.col("start_date"), pl.lit(window.start))
    last = pl.min_horizontal(pl.col("end_date").fill_null(window.end), pl.lit(window.end))
    days = pl.business_day_count(first, last + timedelta(days=1))
    cost = days * pl.col("fte") * HOURS_PER_DAY * pl.col("hourly_charge")
    return a.select(*ASSIGNMENT_COLUMNS, "assignment_id", pl.col("agency").fill_null(
        "Not known"), cost.cast(pl.Float64).alias("num"),
        pl.col("hourly_charge").is_not_null().cast(pl.Float64).alias("den"))


@measure(
    id="M33", title="Agency spend",
    definition="Estimated spend on agency workers in the period: for each weekday an agency "
    "worker was engaged, their FTE × 7.4 hours (a 37-hour week) × their hourly charge. Bank "
    "holidays are not taken off. Workers with no hourly charge recorded are left out; if none "
    "has one, the spend cannot be computed.",
    formula="Σ over agency assignments of weekdays in the period × FTE × 37 ÷ 5 hours × "
    "hourly charge", unit="pounds", polarity="down", kind="flow", source="S1, S3, S4",
    family="costs", breakdowns=(*STAFF_DIMENSIONS, "agency"))
def agency_spend(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M33: estimated agency spend in the window."""
    rows = per_key(agency_cost_records(ledger, window), ledger, by, window.end,
                   ("assignment_id",))
    aggs = [pl.col("num").fill_null(0).sum().alias("numerator"),
            pl.col("den").sum().alias("_known"), pl.len().alias("_rows"),
            pl.col("staff_id").n_unique().cast(pl.Int64).alias("people")]
    out = rows.group_by(list(by)).agg(aggs) if by else rows.select(aggs)
    known = (pl.col("_known") > 0) | (pl.col("_rows") == 0)
    return out.with_columns(
        pl.when(known).then(pl.col("numerator")).otherwise(None).alias("numerator"),
        pl.lit(None, pl.Float64).alias("denominator")).with_columns(
        pl.col("numerator").alias("value")).drop("_known", "_rows")


def rate_records(ledger: Ledger, at) -> pl.DataFrame:
    """Social workers in post at `at`: agency ones with their hourly charge, directly employed
    ones with the hourly pay of their latest pay snapshot on or before `at`."""
    sw = population(ledger, "social_worker", None)
    now = active_at(sw, at).select(*ASSIGNMENT_COLUMNS, "fte", "hourly_charge")
    pay = (ledger.pay.filter(pl.col("snapshot_date") <= at).sort("snapshot_date")
           .group_by("staff_id").agg(pl.col("hourly_pay").last()))
    agency = now.filter(pl.col("contract") == "agency").with_columns(
        pl.col("hourly_charge").alias("rate"), pl.lit(True).alias("_agency"))
    direct = now.filter(pl.col("contract") != "agency").join(pay, on="staff_id").with_columns(
        pl.col("hourly_pay").alias("rate"), pl.lit(False).alias("_agency"))
    cols = [*ASSIGNMENT_COLUMNS, "fte", "rate", "_agency"]
    return pl.concat([agency.select(cols), direct.select(cols)]).filter(
        pl.col("rate").is_not_null())


@measure(
    id="M33a", title="Agency premium per FTE (social workers)",
    definition="How much more a full-time agency social worker costs in a year than a "
    "directly employed one, at the date: the FTE-weighted average agency hourly charge minus "
    "the FTE-weighted average hourly pay of employed social workers (from their latest pay "
    "snapshot), times 1,924 hours (37 a week for 52 weeks). Employer on-costs such as "
    "pension and National Insurance are not included, so the premium is overstated.",
    formula="value = numerator − denominator: agency cost per FTE-year (mean charge × 1,924) "
    "− employee pay per FTE-year (mean hourly pay × 1,924)", unit="pounds", polarity="down",
    kind="stock", source="S1, S3, S4", family="costs",
    breakdowns=("unit", "service", "team", "org_role", "level"))
def agency_premium(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M33a: agency cost per FTE-year minus employee pay per FTE-year."""
    recs = rate_records(ledger, window.end)
    out = attach(recs, ledger, list(by), window.end)  # FTE-weighted, so no de-duplication

    def mean(agency: bool) -> pl.Expr:
        sel = pl.col("_agency") == agency
        return ((pl.col("rate") * pl.col("fte")).filter(sel).sum()
                / pl.col("fte").filter(sel).sum() * YEAR_HOURS)

    aggs = [mean(True).alias("numerator"), mean(False).alias("denominator"),
            pl.col("staff_id").n_unique().cast(pl.Int64).alias("people")]
    res = out.group_by(list(by)).agg(aggs) if by else out.select(aggs)
    res = res.with_columns(pl.col(c).fill_nan(None) for c in ("numerator", "denominator"))
    return res.with_columns((pl.col("numerator") - pl.col("denominator")).alias("value"))



def campaigns(ledger: Ledger, window: Window, finished: bool) -> pl.DataFrame:
    """Recruitment campaigns approved in the window (only those no longer open when
    `finished`), with num = cost (null when not recorded) and den = 1 when appointed."""
    c = ledger.recruitment.filter(pl.col("approved_date").is_between(window.start, window.end))
    if finished:
        c = c.filter(pl.col("outcome") != "open")
    return c.select("campaign_id", "unit", "staff_group", pl.col("cost").alias("num"),
                    (pl.col("outcome") == "appointed").cast(pl.Float64).alias("den"),
                    pl.col("cost").is_not_null().alias("_costed"))


RECRUITMENT_BREAKDOWNS = ("unit", "service", "team", "staff_group")


@measure(
    id="M34", title="Recruitment cost per hire",
    definition="For recruitment campaigns approved in the period and now closed, their "
    "recorded costs (advertising, agency and other fees), successful or not, divided by the "
    "number of people appointed. Campaigns with no cost recorded add nothing; if none has "
    "a cost, or nobody was appointed, it cannot be computed.",
    formula="Σ cost of closed campaigns approved in the period ÷ appointments from them",
    unit="pounds", polarity="down", kind="flow", source="S3", family="costs",
    breakdowns=RECRUITMENT_BREAKDOWNS)
def cost_per_hire(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M34: recruitment cost per hire."""
    recs = campaigns(ledger, window, finished=True)
    rows = per_key(recs.with_columns(pl.col("num").fill_null(0)), ledger, by, window.end,
                   ("campaign_id",)).join(recs.select("campaign_id", "_costed"),
                                          on="campaign_id")
    aggs = [pl.col("num").sum().cast(pl.Float64).alias("numerator"),
            pl.col("den").sum().alias("denominator"), pl.col("_costed").any().alias("_any")]
    out = rows.group_by(list(by)).agg(aggs) if by else rows.select(aggs)
    ok = (pl.col("denominator") > 0) & pl.col("_any").fill_null(False)
    return out.with_columns(
        pl.when(ok).then(pl.col("numerator") / pl.col("denominator")).otherwise(None)
        .alias("value"), pl.lit(None, pl.Int64).alias("people")).drop("_any")


@measure(
    id="M34a", title="Recruitment spend",
    definition="The recorded costs (advertising, agency and other fees) of recruitment "
    "campaigns approved in the period, open or closed.",
    formula="Σ cost of campaigns approved in the period", unit="pounds", polarity="down",
    kind="flow", source="S3", family="costs", breakdowns=RECRUITMENT_BREAKDOWNS)
def recruitment_spend(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M34a: recruitment spend on campaigns approved in the window."""
    recs = campaigns(ledger, window, finished=False)
    return summed(recs, ledger, by, window.end, keys=("campaign_id",), people=None)


def incentive_cohort(ledger: Ledger, window: Window) -> pl.DataFrame:
    """Directly employed social workers in post 12 months before the window end, with
    `received` (an incentive payment in the 12 months up to then) and num = still directly
    employed at the window end."""
    start = add_months(window.end, -12)
    base = active_at(population(ledger), start).select(*ASSIGNMENT_COLUMNS)
    paid = ledger.payment.filter(pl.col("date").is_between(
        add_months(start, -12) + timedelta(days=1), start))["staff_id"].implode()
    kept = employed_on(ledger, base.select("staff_id").unique().with_columns(
        pl.lit(window.end).alias("on")))
    return base.join(kept.select("staff_id", "employed"), on="staff_id").with_columns(
        pl.col("staff_id").is_in(paid).alias("received"),
        pl.col("employed").cast(pl.Float64).alias("num"), pl.lit(1.0).alias("den"))


INCENTIVE = ("Of directly employed social workers in post 12 months before the date {who}, "
             "the percentage still directly employed at the date. Compare the two groups to "
             "see whether incentives (golden hellos, market supplements, NQSW and retention "
             "payments) go with better retention; it is not proof that they cause it.")
INCENTIVE_DECL = {"unit": "percent", "polarity": "up", "kind": "stock", "source": "S4",
                  "family": "costs", "breakdowns": ALL_PERSON_DIMENSIONS}


@measure(
    id="M35", title="Retention at 12 months of incentive recipients",
    definition=INCENTIVE.format(who="who had received an incentive payment in the 12 months "
                                "before then"),
    formula="recipients still employed 12 months later ÷ recipients in post then × 100",
    **INCENTIVE_DECL)
def recipients_retained(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M35: 12-month retention of incentive recipients."""
    recs = incentive_cohort(ledger, window).filter(pl.col("received"))
    return summarise(recs, ledger, by, window.end)


@measure(
    id="M35a", title="Retention at 12 months of staff without an incentive",
    definition=INCENTIVE.format(who="who had not received an incentive payment in the 12 "
                                "months before then"),
    formula="non-recipients still employed 12 months later ÷ non-recipients in post then × "
    "100", **INCENTIVE_DECL)
def others_retained(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M35a: 12-month retention of staff without an incentive."""
    recs = incentive_cohort(ledger, window).filter(~pl.col("received"))
    return summarise(recs, ledger, by, window.end)


@measure(
    id="M35b", title="Incentive payments",
    definition="The total of incentive payments (golden hellos, market supplements, NQSW, "
    "retention, refer-a-friend, relocation and other payments) made in the period; break down "
    "by `payment_kind`.",
    formula="Σ amount of incentive payments dated in the period", unit="pounds",
    polarity="neutral", kind="flow", source="S4", family="costs",
    breakdowns=(*ALL_PERSON_DIMENSIONS, "payment_kind"))
def incentive_payments(ledger: Ledger, window: Window, by: Sequence[str]) -> pl.DataFrame:
    """M35b: incentive payments made in the window."""
    paid = ledger.payment.filter(pl.col("date").is_between(window.start, window.end)).select(
        "staff_id", pl.col("date").alias("on"), pl.col("kind").alias("payment_kind"),
        pl.col("amount").alias("num"))
    recs = assignment_on(ledger, paid).with_columns(pl.lit(1.0).alias("den"))
    return summed(recs, ledger, by, window.end, keys=("staff_id", "on", "payment_kind"))
