"""A headline share (M37, M38, M38a, M39, M41, M37a) is a count of the staff in some categories
of a characteristic, which pages and reports show beside the headcount by that
characteristic (M45a). Where the headcount hides one of those categories' cells, the share
is hidden too: 16 in post, 8 not disabled and "6 of 16 not known" would tell 2 disabled."""

from datetime import date

import polars as pl

from tests.core.ledger_b import a, build, p
from workforce.demo import generate
from workforce.measures.engine import run
from workforce.measures.windows import Window, as_at

AT = as_at(date(2024, 3, 31))


def _team(disabled: int, unknown: int, not_disabled: int):
    """One team (T1) of people with these disability codes, and a second team (T2) of 12."""
    people, jobs = [], []
    codes = ["Y"] * disabled + ["U"] * unknown + ["N"] * not_disabled
    for i, code in enumerate(codes):
        people.append(p(f"A{i}", disability=code))
        jobs.append(a(f"A{i}", "2020-01-01"))
    for i in range(12):
        people.append(p(f"B{i}"))
        jobs.append(a(f"B{i}", "2020-01-01", unit="T2"))
    return build(person=people, assignment=jobs)


def _cell(ledger, mid: str, by: list[str], **keys: str):
    out = run(ledger, [mid], windows=[AT], by=by)
    for k, v in keys.items():
        out = out.filter(pl.col(k) == v)
    (row,) = out.select("value", "suppressed").rows()
    return None if row[1] else row[0]


def test_not_known_share_is_hidden_when_its_headcount_cell_is_the_complement_of_a_small_one():
    ledger = _team(disabled=2, unknown=6, not_disabled=8)
    # the headcount by disability hides the 2 disabled and, so that 16 - 8 - 6 tells
    # nothing, the 6 not known
    assert _cell(ledger, "M45a", ["unit", "disability"], unit="T1", disability="Y") is None
    assert _cell(ledger, "M45a", ["unit", "disability"], unit="T1", disability="U") is None
    assert _cell(ledger, "M45a", ["unit", "disability"], unit="T1", disability="N") == 8
    assert _cell(ledger, "M45a", ["unit"], unit="T1") == 16
    # 6 of 16 (37.5%) is enough people on its own, but it is the hidden cell
    assert _cell(ledger, "M38a", ["unit"], unit="T1") is None
    assert _cell(ledger, "M38", ["unit"], unit="T1") is None  # 2 people: hidden anyway


def test_a_share_whose_categories_are_all_shown_stays_shown():
    ledger = _team(disabled=5, unknown=6, not_disabled=8)
    assert _cell(ledger, "M45a", ["unit", "disability"], unit="T1", disability="Y") == 5
    assert _cell(ledger, "M38", ["unit"], unit="T1") == 100 * 5 / 19
    assert _cell(ledger, "M38a", ["unit"], unit="T1") == 100 * 6 / 19
    assert _cell(ledger, "M38a", ["unit"], unit="T2") == 0.0  # none not known of 12


def test_a_share_by_level_is_hidden_where_its_unit_hides_one_of_the_categories():
    """M37 by (unit, level) sums to the unit's minority headcount, which with the unit's
    headcount and its White cell would tell its hidden "Not known" cell."""
    people, jobs = [], []
    groups = ["WBRI"] * 9 + ["BAFR"] * 6 + ["AIND"] * 2 + ["NOBT"] * 3
    for i, code in enumerate(groups):
        people.append(p(f"A{i}", ethnicity=code))
        jobs.append(a(f"A{i}", "2020-01-01", org_role="3" if i % 4 == 0 else "5"))
    ledger = build(person=people, assignment=jobs)
    bars = run(ledger, ["M45a"], windows=[AT], by=["unit", "ethnicity_group"]).filter(
        pl.col("unit") == "T1")
    hidden = set(bars.filter(pl.col("suppressed"))["ethnicity_group"])
    assert {"Asian", "Not known"} <= hidden
    shares = run(ledger, ["M37"], windows=[AT], by=["unit", "level"]).filter(
        pl.col("unit") == "T1")
    assert shares["suppressed"].all()
    gap = run(ledger, ["M37a"], windows=[AT], by=["unit"]).filter(pl.col("unit") == "T1")
    assert gap["suppressed"].all()


def test_on_the_web_demo_no_headline_share_is_shown_beside_a_hidden_cell_of_its_categories():
    """The demo organisation as `make run` makes it, at the month ends of two years: every
    unit's headline share is hidden wherever the headcount by its characteristic hides one of
    its categories (402 such cells were shown before the guard)."""
    ledger = generate(staff=600, years=6, seed=1, today=date(2026, 12, 6))
    ends = [date(2025, 1, 31), date(2025, 6, 30), date(2025, 11, 30), date(2026, 3, 31),
            date(2026, 9, 30), date(2026, 11, 30)]
    windows = [Window(e, e, e.isoformat()) for e in ends]
    headlines = {"M38": ("disability", ["Y"]), "M38a": ("disability", ["U"]),
                 "M39": ("age_band", ["50 to 59", "60 and over"]), "M41": ("sex", ["F"]),
                 "M37": ("ethnicity_group", ["Mixed", "Asian", "Black", "Other"])}
    checked = 0
    for mid, (dim, cats) in headlines.items():
        bars = run(ledger, ["M45a"], windows=windows, by=["unit", dim])
        hidden = (bars.filter(pl.col(dim).is_in(cats) & pl.col("suppressed"))
                  .select("start", "unit").unique())
        shares = run(ledger, [mid], windows=windows, by=["unit"])
        together = shares.join(hidden, on=["start", "unit"])
        checked += together.height
        assert together["suppressed"].all(), (mid, together.filter(~pl.col("suppressed")))
    assert checked > 50  # the demo has such cells to check


def test_a_share_is_hidden_where_the_headcount_it_divides_by_is_hidden():
    """0 of 5 disabled tells a team's headcount of 5 as well as a hidden headcount would: a
    share has no cell for a category nobody is in, so the headcount itself is checked."""
    ledger = generate(staff=600, years=6, seed=1, today=date(2026, 12, 6))
    windows = [Window(e, e, e.isoformat()) for e in (date(2025, 1, 31), date(2025, 7, 31),
                                                     date(2026, 1, 31), date(2026, 7, 31))]
    heads = run(ledger, ["M45a"], windows=windows, by=["unit"]).filter(pl.col("suppressed"))
    assert heads.height > 0
    for mid in ("M37", "M38", "M38a", "M39", "M41"):
        shares = run(ledger, [mid], windows=windows, by=["unit"])
        under = shares.join(heads.select("start", "unit"), on=["start", "unit"])
        assert under.height == heads.height and under["suppressed"].all(), mid


def test_by_team_a_services_own_staff_are_linked_as_its_team(ledger_with_service_staff=None):
    """By team, a service's own staff are a team of their own (the table by unit's residual
    cell): their share was left shown beside the headcount's hidden cells (16 in post, 8 not
    disabled, "6 of 16 not known" told 2 disabled)."""
    from tests.core.ledger_b import a, build, p

    people, jobs = [], []
    for i, code in enumerate(["Y"] * 2 + ["U"] * 6 + ["N"] * 8):
        people.append(p(f"S{i}", disability=code))
        jobs.append(a(f"S{i}", "2020-01-01", unit="S1"))
    for team in ("T1", "T2"):
        for i in range(7):
            people.append(p(f"{team}-{i}"))
            jobs.append(a(f"{team}-{i}", "2020-01-01", unit=team))
    ledger = build(person=people, assignment=jobs)
    bars = run(ledger, ["M45a"], windows=[AT], by=["team", "disability"]).filter(
        pl.col("team") == "S1")
    hidden = set(bars.filter(pl.col("suppressed"))["disability"])
    assert {"Y", "U"} <= hidden
    for by in (["team"], ["unit"]):
        share = run(ledger, ["M38a"], windows=[AT], by=by).filter(pl.col(by[0]) == "S1")
        assert share["suppressed"].all(), (by, share)
