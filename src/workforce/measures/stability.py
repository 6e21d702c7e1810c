"""Workforce stability measures (M01-M13).

These cover the **whole directly employed workforce** (every staff group), so that strategies
about more than social workers work; break down by `staff_group` for one group. DfE's own
figures for child and family social workers are the `dfe` measures (turnover_rate_fte ...),
computed by the same functions in `indicators`. A breakdown by staff group splits the
whole-workforce figure: a social worker who moves to another staff group is a DfE leaver but
not a whole-workforce one. Local definitions that differ from DfE's are labelled
`local_variant`. M05's six length-of-service bands are six measures (M05a-M05f, each the share
of the headcount in that band) so that each has its own series and target; the same bands are
available to other measures as the `service_band` breakdown.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from workforce.ledger import Ledger
from workforce.ledger.codes import DIRECT_CONTRACTS
from workforce.measures import formulas as f
from workforce.measures import indicators as ind
from workforce.measures.aggregate import median
from workforce.measures.cache import memo, one_per_person
from workforce.measures.careers import moves, recruitment_days
from workforce.measures.cells import expect, parts, sum_of
from workforce.measures.dimensions import (
    ALL_PERSON_DIMENSIONS,
    NOT_KNOWN,
    SERVICE_BANDS,
    UNIT_DIMENSIONS,
    attach,
)
from workforce.measures.establishment import posts_at
from workforce.measures.population import FAR, dated_in, service_spans
from workforce.measures.registry import Headline, hidden_with, parts_of, series_measure
from workforce.measures.staffing import headcount, heads, leavers, per_event, stock, wkey

SOURCE = "Strategies S0-S4 (domain.md 3)"
DFE = "DfE CSWW methodology, whole workforce"
STAFF = (*ALL_PERSON_DIMENSIONS, "service_band")
POSTS = (*UNIT_DIMENSIONS, "staff_group", "org_role", "grade", "level")
RECRUIT = (*UNIT_DIMENSIONS, "staff_group")
Frame = pl.DataFrame
By = Sequence[str]


def stable(id: str, title: str, formula: str, unit: str, polarity: str, kind: str,
           breakdowns: tuple[str, ...] = STAFF, source: str = SOURCE, **extra: object):
    """Declare a stability measure (family "stability")."""
    return series_measure(id=id, title=title, formula=formula, unit=unit, polarity=polarity,
                          kind=kind, source=source, breakdowns=breakdowns, family="stability",
                          **extra)


@stable("M01a", "Turnover rate (FTE)", "leavers FTE in window ÷ FTE in post at window end "
        "× 100", "percent", "down", "flow", source=f"{DFE}; S0-S4")
def turnover_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """FTE of directly employed staff who left the council in the window as a percentage of
    the FTE in post at its end (DfE's formula, applied to all staff)."""
    return ind.turnover(ledger, wins, by, None)


@stable("M01b", "Turnover rate (headcount)", "leavers in window ÷ headcount at window end "
        "× 100", "percent", "down", "flow", source=f"{DFE}; S0-S4")
def turnover_headcount(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Directly employed staff who left the council in the window as a percentage of the
    headcount in post at its end."""
    return ind.turnover(ledger, wins, by, None, "headcount")


@stable("M02", "Crude wastage (CIPD, local variant)", "leavers ÷ ((headcount at start + "
        "headcount at end) ÷ 2) × 100", "percent", "down", "flow", local_variant=True,
        source="CIPD; S0 (monthly), S1")
def crude_wastage(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Leavers in the window as a percentage of the average headcount (the mean of the
    headcount on its first and last days). A local measure: DfE divides by the end-of-year
    headcount instead (M01b). Use a 12-month window for the rolling annual figure."""
    out = per_event(leavers(ledger, wins, None))
    start = heads(ledger, wins, None, at="w_start")
    end = heads(ledger, wins, None)
    return ind.rate(f.PER_AVERAGE, ledger, wins, by, parts(out, count=1.0),
                 parts(start, at_start=1.0), parts(end, at_end=1.0))


@stable("M03", "Voluntary turnover rate (headcount)", "resignations in window ÷ headcount at "
        "window end × 100", "percent", "down", "flow", source="Standard; supports S1, S3")
def voluntary_turnover(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Directly employed staff who left by resignation (census ReasonLeave 1) in the window,
    as a percentage of the headcount in post at its end. Leavers with no recorded reason are
    not counted as resignations."""
    return ind.turnover(ledger, wins, by, None, "headcount", reasons=["1"])


@stable("M04", "Stability index", "people in post a year before the window end and still "
        "employed at it ÷ headcount a year before × 100", "percent", "up", "stock",
        source="CIPD; supports S1")
def stability_index(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Of the directly employed staff in post one year before the date, the percentage still
    continuously employed by the council on the date (staff with at least a year's service ÷
    headcount a year earlier). Moves between teams or staff groups do not break service;
    breakdowns use where people were a year earlier."""
    year_ago = wins.with_columns(pl.col("w_end").dt.offset_by("-1y").alias("w_prev"))
    then = heads(ledger, year_ago, None, at="w_prev")
    # the continuous employment running a year before is the one the assignment held then
    # belongs to: still employed at the date when it has not ended by then (ending on the
    # date itself is leaving on it, as `population.stock` has it)
    spans = service_spans(ledger).select("assignment_id", "_spell_end")
    kept = one_per_person(then.join(spans, on="assignment_id").filter(  # some of `then`
        pl.col("_spell_end").fill_null(FAR) > pl.col("w_end")).drop("_spell_end"))
    return ind.rate(f.PERCENT, ledger, wins, by, parts(kept, part=1.0),
                    parts(then, whole=1.0), at="w_prev")


def _banded(ledger: Ledger, wins: Frame) -> Frame:
    """The headcount with each person's service band, shared by M05a-M05f (which each sum
    one band: all are summed in one pass)."""
    return memo(ledger, ("banded", wkey(wins)), lambda: expect(
        one_per_person(attach(heads(ledger, wins, None), ledger, ["service_band"], "w_end")),
        1.0, *(_in_band(label) for _, label in SERVICE_BANDS)))


def _in_band(label: str) -> pl.Expr:
    return (pl.col("service_band") == label).cast(pl.Float64)


def _service_share(label: str, letter: str) -> None:
    @stable(f"M05{letter}", f"Length of service: {label.lower()}", f"headcount with {label.lower()}"
            " of continuous service ÷ headcount × 100", "percent", "neutral", "stock",
            tuple(b for b in STAFF if b != "service_band"), source="S1; DfE time in service",
            definition=f"Percentage of the directly employed headcount on the date with "
            f"{label.lower()} of continuous service with the council (moves between teams "
            "and roles do not break service; a leaver who returns starts again).")
    def share(ledger: Ledger, wins: Frame, by: By) -> Frame:
        """Share of the headcount in one length-of-service band (M05a-M05f)."""
        hc = _banded(ledger, wins)
        return ind.rate(f.PERCENT, ledger, wins, by, parts(hc, part=_in_band(label), whole=1.0))


for _i, (_, _label) in enumerate(SERVICE_BANDS):
    _service_share(_label, "abcdef"[_i])
# the six shares of the headcount add up to 100% of it
parts_of("M45a", tuple(f"M05{'abcdef'[i]}" for i in range(len(SERVICE_BANDS))))


@stable("M06a", "Permanence (of the workforce)", "permanent and fixed-term FTE ÷ (directly "
        "employed + agency FTE) × 100", "percent", "up", "stock", source="S0, S1, S2, S3")
def permanence(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """FTE on permanent or fixed-term employment contracts as a percentage of all FTE working
    on the date, directly employed and agency (100 − the agency rate when every direct
    contract is permanent or fixed-term)."""
    a = stock(ledger, wins, None, None)
    return ind.rate(f.PERCENT, ledger, wins, by, parts(
        a, part=_permanent(True), whole=pl.col("fte"), outside=_permanent(False)))


OTHER_CONTRACTS = (*(c for c in DIRECT_CONTRACTS if c not in ("permanent", "fixed_term")),
                   NOT_KNOWN)
"""Contracts outside permanence that are not agency work (`_permanent`), as
`records.known_or_not` reads them (no contract: not known)."""


def _permanent(inside: bool) -> pl.Expr:
    """FTE on permanent or fixed-term contracts (`inside`), or on another direct contract
    or none: the directly employed staff outside the permanence shares (apprentices,
    casual staff...), counted as a part of their own so that a share is hidden when 1 to 4
    people are outside it: the FTE in post (M45) less its numerator would tell theirs (as
    7 of 8 appraised tells who the eighth is; `cells.cells`). Agency workers are not
    counted so: M06a is hidden where the agency rate is (`hidden_with`), and 1 to 4 of
    them beside 5 apprentices would otherwise leave the apprentices' FTE shown."""
    contract = pl.col("contract")
    perm = contract.is_in(["permanent", "fixed_term"]).fill_null(False)
    other = ~perm & (contract != "agency").fill_null(True)
    return (perm if inside else other).cast(pl.Float64) * pl.col("fte")


hidden_with("M06a", ["M07a"])  # its denominator less the FTE in post is the agency FTE
hidden_with("M06a", ["M06b"])  # the same numerator: M06b hides the permanent FTE where 1 to
# 4 people are outside it, and its complements need not be M06a's (shown, one told another)


@stable("M06c", "Other direct contracts (FTE)", "Σ FTE of directly employed assignments on "
        "neither a permanent nor a fixed-term contract, on the date", "fte", "neutral",
        "stock", source="S0, S1, S2, S3 (M06's complement)",
        headline=Headline("contract", OTHER_CONTRACTS, base="M45", summed=True),
        definition="The full-time equivalent of directly employed staff in post on the date "
        "on contracts other than permanent or fixed-term (apprentices, secondees, casual "
        "staff): the FTE in post (M45) less the permanence measures' numerator (M06a, M06b).")
def other_contracts(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """FTE in post on other direct contracts, and the people on them. Pages and reports
    show it beside the FTE in post and the permanent FTE it is the difference of, so the
    permanence measures are hidden wherever it is (`measures.shared`): its own complements
    are units with people on other contracts too (a 0 is hidden last), so that a unit with
    no one on them, hidden as permanence's complement, is never what protects a few
    apprentices (the FTE in post less the permanent FTE tells it is 0). It is the sum of
    the FTE in post's cells by contract for those contracts, so it is hidden wherever one
    of them is (`Headline`): 3.8 FTE on other contracts beside 3.0 casual told the one
    apprentice's 0.8."""
    return sum_of(stock(ledger, wins, None), ledger, wins, by, _permanent(False))



@stable("M06b", "Permanence (of the establishment)", "permanent and fixed-term FTE ÷ "
        "establishment FTE × 100", "percent", "up", "stock", POSTS, source="S3")
def permanence_establishment(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """FTE on permanent or fixed-term contracts as a percentage of the establishment's
    budgeted FTE on the date (S3's 'permanent social workers' target)."""
    return ind.rate(f.PERCENT, ledger, wins, by, parts(
        stock(ledger, wins, None), part=_permanent(True), outside=_permanent(False)),
        parts(posts_at(ledger, wins, None), whole=pl.col("fte")))


@stable("M07a", "Agency rate (FTE, whole workforce)", "agency FTE ÷ (agency + directly "
        "employed FTE) × 100", "percent", "down", "stock", source=f"{DFE}; S0, S3, S4")
def agency_rate_all(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Agency FTE as a percentage of all FTE working on the date, every staff group."""
    return ind.agency_rate(ledger, wins, by, None)


@stable("M07b", "Agency rate (FTE, social workers)", "agency SW FTE ÷ (agency + directly "
        "employed SW FTE) × 100", "percent", "down", "stock", source="DfE CSWW; S0, S3, S4")
def agency_rate_sw(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Agency social worker FTE as a percentage of all social worker FTE on the date: the
    same figure as DfE's agency_rate_fte."""
    return ind.agency_rate(ledger, wins, by, "social_worker")


@stable("M08", "Vacancies covered by agency workers", "agency FTE covering vacant posts ÷ "
        "vacant FTE × 100", "percent", "down", "stock", POSTS, source="DfE CSWW; S3, S4")
def agency_cover(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Agency FTE occupying vacant establishment posts (capped at each post's vacancy) as a
    percentage of the vacant FTE on the date, every staff group. The numerator is the agency
    FTE covering vacancies."""
    return ind.vacancy_cover_rate(ledger, wins, by, None)


@stable("M09", "Agency conversions to permanent", "people starting a permanent post after "
        "agency work in the previous 6 months ÷ agency headcount at window start × 100",
        "percent", "up", "flow", source="S0, S3, S4")
def agency_conversion(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """People who started a permanent assignment in the window having held an agency
    assignment in the 6 months before, as a percentage of the agency headcount on the
    window's first day. The numerator is the number of conversions."""
    from workforce.measures.careers import conversions

    conv = conversions(ledger, wins, None)
    ag = heads(ledger, wins, None, False, at="w_start")
    return ind.rate(f.PERCENT, ledger, wins, by, parts(conv, part=1.0),
                 parts(ag, whole=1.0))


@stable("M10", "Vacancy rate (FTE)", "vacant FTE ÷ (vacant + directly employed FTE) × 100",
        "percent", "down", "stock", POSTS, source=f"{DFE}; S0, S1, S2, S4")
def vacancy_rate(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Vacant establishment FTE as a percentage of vacant plus directly employed FTE in post
    on the date (DfE's formula, every staff group)."""
    return ind.vacancy_rate(ledger, wins, by, None)


@stable("M10b", "Vacancy rate (local variant: ÷ FTE in post)", "vacant FTE ÷ directly "
        "employed FTE × 100", "percent", "down", "stock", POSTS, local_variant=True,
        source="S4 (Sefton, domain.md 2.7)")
def vacancy_rate_local(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Vacant establishment FTE as a percentage of the directly employed FTE in post on the
    date, as Sefton reports it (41 ÷ 100.98 = 40.6%). Not DfE's formula, which adds the
    vacancies to the denominator (28.9% on the same figures)."""
    return ind.vacancy_rate(ledger, wins, by, None, f.VACANCY_LOCAL)


def _median_days(ledger: Ledger, wins: Frame, by: By, until: str) -> Frame:
    r = attach(recruitment_days(ledger, wins, until, None), ledger, by, "w_end")
    return median(r, by, "days", people="campaign_id", windows=wins)


@stable("M11a", "Time to hire: to offer (median days)", "median(offer date − approval date) "
        "over campaigns with an offer in the window", "days", "down", "flow", RECRUIT,
        source="S1, S2")
def time_to_offer(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Median number of days from a vacancy's approval to the offer being accepted, over
    recruitment campaigns with an accepted offer in the window. The denominator is the
    number of campaigns."""
    return _median_days(ledger, wins, by, "offer_date")


@stable("M11b", "Time to hire: to start (median days)", "median(start date − approval date) "
        "over campaigns whose appointee started in the window", "days", "down", "flow",
        RECRUIT, source="S1, S2")
def time_to_start(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """Median number of days from a vacancy's approval to the appointee's first day, over
    recruitment campaigns whose appointee started in the window. The denominator is the
    number of campaigns."""
    return _median_days(ledger, wins, by, "start_date")


@stable("M12a", "Starters (headcount)", "people joining the directly employed workforce in "
        "the window", "count", "neutral", "flow", (*STAFF, "start_origin"), source="S0, S1")
def starters_headcount(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """External appointments: people who joined the council's directly employed workforce in
    the window (returners included; agency workers taking a direct post included), counted
    once per start date. Break down by start_origin for where they came from."""
    return ind.flow(ledger, wins, by, None, "starters", "headcount")


@stable("M12b", "Starters (FTE)", "Σ FTE of people joining in the window", "fte", "neutral",
        "flow", (*STAFF, "start_origin"), source="S0, S1")
def starters_fte(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """FTE of the people who joined the council's directly employed workforce in the
    window."""
    return ind.flow(ledger, wins, by, None, "starters")


@stable("M12c", "Internal appointments (headcount)", "people already employed who start a "
        "new assignment (not only an FTE change) in the window", "count", "neutral", "flow",
        source="S0, S1")
def internal_appointments(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """People already directly employed who started a new assignment in the window that
    changes their unit, post, job title, role or grade (FTE changes alone do not count),
    counted once per window."""
    m = headcount(dated_in(moves(ledger, None).filter("moved"), wins, "start_date"))
    return ind.count_of(m, ledger, wins, by)


@stable("M13", "Internal promotions", "people promoted in the window ÷ average headcount "
        "× 100", "percent", "up", "flow", source="S0, S1, S3")
def promotions(ledger: Ledger, wins: Frame, by: By) -> Frame:
    """People promoted in the window (a new assignment in a more senior CSWW role, or the same
    role on a higher grade) as a percentage of the average directly employed headcount (mean
    of the first and last days). The numerator is the number of people promoted."""
    m = headcount(dated_in(moves(ledger, None).filter("promoted"), wins, "start_date"))
    start = heads(ledger, wins, None, at="w_start")
    end = heads(ledger, wins, None)
    return ind.rate(f.PER_AVERAGE, ledger, wins, by, parts(m, count=1.0),
                 parts(start, at_start=1.0), parts(end, at_end=1.0))
