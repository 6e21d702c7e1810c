"""The 2025 pay items: per-worker BaseSalary, RRPayments and OtherPayments, and the LA-level
incentive flags, from the ledger's `pay` and `payment` tables.

The ledger's payment kinds map to the census items as below [I: DfE's guidance text was not
available]. Recruitment and retention payments (RRPayments) are golden hellos, NQSW payments,
retention payments, refer-a-friend and relocation payments; market supplements and other
incentives are OtherPayments. An LA-level flag is 1 when every directly employed social worker
in post at 30 September received a payment of that kind in the year, 2 when some did, 0 when
none did. DfE asks about *eligibility*, which the ledger does not record; payments received
are the closest evidence, so a scheme nobody used in the year reads as 0. Items the ledger has
no source for (PerformanceAward, CarAllowance, RegionalWeighting, CostSWE, CostDBS) default to 0
and can be given by the caller (`workforce census export --flag CostSWE=1`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import polars as pl

from workforce.ledger import Ledger
from workforce.ledger.codes import PAYMENT_KIND
from workforce.measures.population import in_post
from workforce.measures.windows import census_year

RR_KINDS = ("golden_hello", "nqsw", "retention", "refer_a_friend", "relocation")
OTHER_KINDS = ("market_supplement", "other")
FLAG_KINDS = {
    "RecruitmentBonus": ("golden_hello", "nqsw", "refer_a_friend"),
    "RetentionBonus": ("retention",),
    "RelocationPackage": ("relocation",),
}
WEEKS_PER_YEAR = 52.143  # 365 / 7: annual pay from an hourly rate and weekly hours


def with_pay(ledger: Ledger, rec: pl.DataFrame, year: int) -> pl.DataFrame:
    """Add BaseSalary, RRPayments and OtherPayments to the directly employed records."""
    w = census_year(year)
    paid = ledger.payment.filter(pl.col("date").is_between(w.start, w.end))
    sums = paid.group_by("staff_id").agg(
        pl.col("amount").filter(pl.col("kind").is_in(RR_KINDS)).sum().alias("RRPayments"),
        pl.col("amount").filter(pl.col("kind").is_in(OTHER_KINDS)).sum().alias("OtherPayments"))
    out = _with_salary(ledger, rec, date(year, 9, 30)).join(sums, on="staff_id", how="left")
    direct = pl.col("AgencyWorker") == "0"
    return out.with_columns(
        pl.when(direct).then(pl.col("BaseSalary")).alias("BaseSalary"),
        *(pl.when(direct).then(pl.col(c).fill_null(0.0)).alias(c)
          for c in ("RRPayments", "OtherPayments")))


def _with_salary(ledger: Ledger, rec: pl.DataFrame, ref: date) -> pl.DataFrame:
    """BaseSalary: the pay in effect on the record's date (its RoleEndDate for a leaver, else
    30 September), i.e. the latest pay recorded on or before it (a 31 March snapshot or pay
    on appointment). When none is recorded by then (a starter after the last snapshot, where
    pay on appointment is not kept), the first recorded after it."""
    salary = (ledger.pay.select("staff_id", "snapshot_date", pl.coalesce(
                  pl.col("base_salary"),
                  pl.col("hourly_pay") * pl.col("weekly_hours") * WEEKS_PER_YEAR).alias("_s"))
              .drop_nulls(["snapshot_date", "_s"]).sort("snapshot_date"))
    on = rec.with_row_index("_row").with_columns(
        pl.coalesce(pl.col("RoleEndDate"), pl.lit(ref)).alias("_on")).sort("_on")
    before, after = (on.join_asof(salary, left_on="_on", right_on="snapshot_date", by="staff_id",
                                  strategy=way, check_sortedness=False)["_s"]
                     for way in ("backward", "forward"))
    return (on.with_columns(before.fill_null(after).alias("BaseSalary")).sort("_row")
            .drop("_row", "_on"))


def incentive_flags(ledger: Ledger, year: int,
                    given: Mapping[str, str] | None = None) -> dict[str, str]:
    """The 2025 LA-level incentive flags and OtherAllowances text (see the module note)."""
    w = census_year(year)
    staff = set(in_post(ledger, w.end)["staff_id"].to_list())
    paid = ledger.payment.filter(pl.col("date").is_between(w.start, w.end))
    flags = {name: "0" for name in ("RecruitmentBonus", "RetentionBonus", "PerformanceAward",
                                    "CarAllowance", "RelocationPackage", "RegionalWeighting",
                                    "CostSWE", "CostDBS")}
    for name, kinds in FLAG_KINDS.items():
        got = set(paid.filter(pl.col("kind").is_in(kinds))["staff_id"].to_list())
        flags[name] = "0" if not got else "1" if staff and staff <= got else "2"
    other = sorted(set(paid.filter(pl.col("kind").is_in(OTHER_KINDS))["kind"].to_list()))
    flags["OtherAllowances"] = ", ".join(PAYMENT_KIND[k] for k in other) or "None"
    flags.update(given or {})
    return flags
