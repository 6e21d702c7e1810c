"""HR records imported into an organisation after a census return of the same people.

The census import refuses a return whose people the organisation already holds from its HR
records (`load._held`). This is the other order: a return is stored first, then HR records
(`workforce import`, or an upload: both store through `workforce_web.bridge.store_batch`)
give assignments of the same people on the days the return describes. Stored side by side,
each of them would be two people on those days and their FTE counted twice (the return's
person keyed by SWE number, the HR person by staff number), so `counted_twice` finds such
rows and the import refuses the whole batch. Stop 18 lets HR records into an organisation
holding census returns in general (census history for years or people the HR records do
not reach), so only these rows are refused.

The same person: the assignment's staff_id is a person the return made (HR records keyed
by SWE number), also once normalised as an SWE number (`workers.normalise_swe`: SW0001 is
SW1); or the swe_number of the assignment's person (from the batch's person rows when they
give that column, else as stored), normalised, is the return's person's SWE number.

The days the return describes of a person, per return of year Y: from the earlier of
1 October Y-1 and their first day in its rows to the later of 30 September Y and their last
day in its rows. The first day is their RoleStartDate when they started before the year:
the return's zero-FTE marker (`batch.assignments`) keeps them in post back to it, so an HR
record of them then counts them twice as people though not as FTE. The last day is
1 October Y for a worker in post (`rows.py`: the return's assignments run one day past
30 September, as do agency workers'), so an HR record of them from 1 October Y would make
them two people that day. The whole census year counts, not only their days in it: a
starter's or leaver's other days that year would still make them two people in the year's
figures. HR records of the same people on other days load (a census leaver then an HR
starter, which `_held` refuses in the other order).

Only a file's new rows, and rows that change a stored one's person or days, are checked: a
row the organisation already holds for the same person on the same days (same
assignment_id, staff_id, start_date and end_date) adds no one when stored again, so
refusing it undoes nothing, and an organisation that holds such rows beside a return
(stored before this check) must still load its next HR export, whose other columns (FTE,
staff group...) may change. That holds only while their person's SWE number stays as it
is: a batch whose person rows give a person (or change their) SWE number (`swe_changed`)
makes every assignment of that person one of a return's people's when the number is
theirs, so their rows in the batch are all checked, and their stored rows the batch does
not give again are checked too, naming the person file (`given_twice`).

Returns imported with --pseudonymise keep keyed pseudonyms, not SWE numbers, and the key
is not given to this import, so their people cannot be matched. Instead, as `_held` does
with an organisation's own social workers in a return's year, HR assignments of social
workers in post in the census year of a pseudonymised return are refused, whoever they
are. People with no SWE number, under another staff id, are not matched (nor refused)
when the return kept SWE numbers.
"""

from __future__ import annotations

import polars as pl

from workforce.census.held import EXAMPLES, census_made
from workforce.census.workers import swe_key
from workforce.ledger import Ledger
from workforce.wording import day, listed

PSEUDONYM = r"^P[0-9a-f]{32}$"  # `load.pseudonym`
FIRST_DAY = "from"  # first day the return describes of a person; `to` the last


def described(stored: Ledger) -> pl.DataFrame:
    """The people the census returns stored in an organisation describe, a row per person
    and return: staff_id, year, from, to, swe (normalised; null when pseudonymised) and
    pseudonymised. Empty when it holds none."""
    made = stored.assignment.filter(census_made()).select(
        "staff_id", pl.col("assignment_id").str.extract(r"^\d{3}/(\d{4})/", 1)
        .cast(pl.Int32).alias("year"), "start_date", "end_date")
    spans = made.group_by("staff_id", "year").agg(
        pl.col("start_date").min(), pl.col("end_date").max()).with_columns(
        pl.min_horizontal("start_date", pl.date(pl.col("year") - 1, 10, 1)).alias(FIRST_DAY),
        pl.max_horizontal("end_date", pl.date(pl.col("year"), 9, 30)).alias("to"))
    people = stored.person.select("staff_id", "swe_number").unique("staff_id")
    spans = spans.join(people, on="staff_id", how="left")
    return spans.select(
        "staff_id", "year", FIRST_DAY, "to",
        _normalised(pl.col("swe_number")).alias("swe"),
        (pl.col("swe_number").is_null() & pl.col("staff_id").str.contains(PSEUDONYM))
        .alias("pseudonymised")).sort("year", "staff_id")


def people_after(stored: pl.DataFrame, given: list[tuple[str, pl.DataFrame]]
                 ) -> pl.DataFrame:
    """Each person's SWE number once the batch is stored (staff_id, swe_number and `said`,
    where it comes from): a person file of the batch (`given`, `(file, rows)` each) that
    gives swe_number sets it, else the stored value stands."""
    out = stored.select("staff_id", "swe_number", pl.lit("as stored").alias("said"),
                        pl.lit(None, pl.String).alias("file"))
    for label, rows in given:
        if "swe_number" in rows.columns:
            mine = rows.select("staff_id", "swe_number", pl.lit(f"in {label}").alias("said"),
                               pl.lit(label).alias("file"))
            out = pl.concat([out.join(mine, on="staff_id", how="anti"), mine])
    return out.unique("staff_id", keep="last")


def swe_changed(stored: pl.DataFrame, people: pl.DataFrame) -> pl.DataFrame:
    """The rows of `people` (`people_after`) whose SWE number a person file of the batch gives
    and that differs, once normalised, from the stored one (or the person has none stored,
    or is new)."""
    before = stored.select("staff_id", _normalised(pl.col("swe_number")).alias("_was"))
    return people.filter(pl.col("file").is_not_null()).join(
        before, on="staff_id", how="left").filter(
        ~_normalised(pl.col("swe_number")).eq_missing(pl.col("_was"))).drop("_was")


JOB_COLUMNS = ("staff_id", "staff_group", "start_date", "end_date")  # `counted_twice` reads them
HELD = ("assignment_id", "staff_id", "start_date", "end_date")  # `new_or_changed` compares


def new_or_changed(jobs: pl.DataFrame, stored: pl.DataFrame) -> pl.DataFrame:
    """The rows of `jobs` (with `HELD` as they will be stored) that the organisation does not
    hold for the same person on the same days (`stored`: its assignments; `HELD` alike,
    nulls alike), in file order: the rows `counted_twice` checks."""
    if stored.is_empty() or jobs.is_empty():
        return jobs
    keys = list(HELD)
    mine = jobs.with_row_index("_i").select(
        "_i", *(pl.col(c).cast(stored.schema[c], strict=False) for c in keys))
    kept = mine.join(stored.select(keys), on=keys, how="anti", nulls_equal=True,
                     maintain_order="left")["_i"]
    return jobs if kept.len() == jobs.height else jobs[kept]


def counted_twice(org: str, jobs: pl.DataFrame, people: pl.DataFrame,
                  census: pl.DataFrame) -> str | None:
    """Why a file's HR assignments (`jobs`: assignment_id, staff_id, staff_group,
    start_date, end_date, as they will be stored) must not be stored in organisation `org`,
    whose census returns describe `census` (`described`), with the batch's `people`
    (`people_after`); None when they may."""
    if census.is_empty() or jobs.is_empty():
        return None
    rows = jobs.with_row_index("_n").join(people, on="staff_id", how="left")
    rows = rows.with_columns(_normalised(pl.col("staff_id")).alias("_staff"),
                             _normalised(pl.col("swe_number")).alias("_swe"))
    keyed = census.filter(~pl.col("pseudonymised"))

    def on(mine: str, theirs: pl.DataFrame, key: str, by_swe: int) -> pl.DataFrame:
        """The rows whose `mine` is a census person's `key` (`_them`), with their days."""
        return rows.join(theirs.select(pl.col(key).alias("_them"), "year", FIRST_DAY, "to"),
                         left_on=mine, right_on="_them", coalesce=False
                         ).with_columns(pl.lit(by_swe).alias("_by"))

    matched = pl.concat([on("staff_id", census, "staff_id", 0),
                         on("_staff", keyed, "staff_id", 0), on("_swe", keyed, "swe", 1)],
                        how="diagonal_relaxed")
    hits = _overlapping(matched).sort("_n", "_by", "year").unique("_n", keep="first",
                                                                   maintain_order=True)
    if hits.height:
        return _same_people(org, hits)
    years = census.filter(pl.col("pseudonymised"))["year"].unique().sort().to_list()
    if not years:
        return None
    pooled = pl.DataFrame({"year": years}, schema={"year": pl.Int32}).with_columns(
        pl.date(pl.col("year") - 1, 10, 1).alias(FIRST_DAY),
        pl.date(pl.col("year"), 9, 30).alias("to"))
    social = rows.filter(pl.col("staff_group") == "social_worker").join(pooled, how="cross")
    hits = _overlapping(social).sort("_n", "year").unique("_n", keep="first",
                                                          maintain_order=True)
    return _unmatched(org, hits, years) if hits.height else None


def given_twice(org: str, held: pl.DataFrame, changed: pl.DataFrame,
                census: pl.DataFrame) -> tuple[str, str] | None:
    """The person file and why, when the SWE numbers the batch gives (`changed`:
    `swe_changed`) must not be stored in organisation `org`: a person given the SWE number of
    a person of a census return that kept SWE numbers (`census`: `described`), under another
    staff id, whose HR assignments the organisation holds (`held`: as stored, those a census
    import did not make and the batch does not give again) on the days the return describes.
    One assignment is named per person; None when nothing is counted twice."""
    keyed = census.filter(~pl.col("pseudonymised"))
    if keyed.is_empty() or changed.is_empty() or held.is_empty():
        return None
    people = changed.with_columns(_normalised(pl.col("swe_number")).alias("_swe")).join(
        keyed.select("swe", pl.col("staff_id").alias("_them"), "year", FIRST_DAY, "to"),
        left_on="_swe", right_on="swe", how="inner").filter(
        ~_normalised(pl.col("staff_id")).eq_missing(pl.col("_them")))
    hits = _overlapping(people.join(held.select("assignment_id", "staff_id", "start_date",
                                                "end_date"), on="staff_id", how="inner"))
    if hits.is_empty():
        return None
    hits = hits.sort("file", "staff_id", "year", "start_date", "assignment_id").unique(
        "staff_id", keep="first", maintain_order=True)
    label = hits["file"][0]
    hits = hits.filter(pl.col("file") == label)
    named = [f"the row with staff_id {hit['staff_id']!r} gives swe_number "
             f"{hit['swe_number']!r}, which is {hit['_them']} of the {hit['year']} census "
             f"return, which describes them from {day(hit[FIRST_DAY])} to {day(hit['to'])}, "
             f"and the organisation holds HR records of them on those days: {_row(hit)})"
             for hit in hits.head(EXAMPLES).iter_rows(named=True)]
    return label, (
        f"organisation {org} already holds, from a census return, the people these rows give "
        f"SWE numbers to: {'; '.join(named)}{_more(hits)}. With those SWE numbers, each of "
        "those HR records would be a second person beside the return on those days (their "
        f"FTE counted twice), so nothing was stored. {OWN_ORGANISATION}, or give, in the "
        "same batch, an assignment file whose rows for these people leave out the days the "
        f"census return describes ({NO_REMOVAL}).")


def _normalised(swe: pl.Expr) -> pl.Expr:
    return swe_key(swe.cast(pl.String))


def _overlapping(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.filter((pl.col("start_date") <= pl.col("to"))
                       & (pl.col("end_date").is_null()
                          | (pl.col("end_date") >= pl.col(FIRST_DAY))))


def _row(hit: dict, what: str = "") -> str:
    """A row named by its key, its person and its first day; the bracket is left open."""
    return (f"the row with assignment_id {hit['assignment_id']!r} (staff_id "
            f"{hit['staff_id']!r}, {what}from {day(hit['start_date'])}")


def _more(hits: pl.DataFrame) -> str:
    more = hits.height - EXAMPLES
    return f" and {more:,} more {'row' if more == 1 else 'rows'}" if more > 0 else ""


OWN_ORGANISATION = ("Import these HR records into an organisation of their own (its code in "
                    "the organisation column; whoever administers Workforce can set one up)")
NO_REMOVAL = "Workforce has no command that removes a stored census return"
WHAT_TO_DO = (f"{OWN_ORGANISATION}, or leave out these rows for the days the census return "
              f"describes ({NO_REMOVAL}).")


def _same_people(org: str, hits: pl.DataFrame) -> str:
    named = []
    for hit in hits.head(EXAMPLES).iter_rows(named=True):
        who = (f", whose swe_number {hit['said']}, {hit['swe_number']!r}," if hit["_by"]
               else ", which")
        named.append(f"{_row(hit)}){who} is {hit['_them']} of the {hit['year']} census "
                     f"return, which describes them from {day(hit[FIRST_DAY])} to "
                     f"{day(hit['to'])}")
    return (f"organisation {org} already holds the people of these rows from a census "
            f"return, on the same days: {'; '.join(named)}{_more(hits)}. Stored beside the "
            "return, each would be a second person on those days (their FTE counted twice), "
            f"so nothing was stored. {WHAT_TO_DO}")


def _unmatched(org: str, hits: pl.DataFrame, years: list[int]) -> str:
    named = [f"{_row(hit, 'a social worker ')}, in the {hit['year']} census year, "
             f"{day(hit[FIRST_DAY])} to {day(hit['to'])})"
             for hit in hits.head(EXAMPLES).iter_rows(named=True)]
    return (f"organisation {org} holds census returns imported with pseudonyms "
            f"(--pseudonymise) for {listed([str(y) for y in years])}, whose people cannot be "
            "matched with HR records (their SWE numbers are replaced by keyed pseudonyms), so "
            "social workers in post in those census years are taken to be the same people: "
            f"{'; '.join(named)}{_more(hits)}. Stored beside the returns, they would be "
            f"counted twice, so nothing was stored. {WHAT_TO_DO}")
