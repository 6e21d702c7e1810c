"""The annexes: posts by service as councils publish them (establishment, permanent and agency
FTE, vacancies), and the definition of every measure the report uses, from the registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from workforce.charts import style
from workforce.measures.formulas import round_half_away
from workforce.measures.registry import POLARITY
from workforce.reports.contents import ANNEX_IDS
from workforce.reports.figures import Figures, quarter_label, shown
from workforce.reports.labels import Labels
from workforce.reports.model import DASH, Cell, Definition, Section, Source, Table
from workforce.reports.sections import as_shown, services
from workforce.strategy.plan import TrackedMeasure

POST_COLUMNS = (  # heading, measure, part, unit: figures from the engine
    ("Establishment FTE", "M06b", "denominator", "fte"),
    ("Permanent and fixed-term FTE", "M06b", "numerator", "fte"),
    ("Vacant FTE", "M10", "numerator", "fte"),
    ("Vacancy rate", "M10", "value", "percent"),
    ("Agency FTE", "M07a", "numerator", "fte"),
)
OTHER = "Other direct contracts FTE"
BEYOND = "Beyond the establishment FTE"
DERIVED_COLUMNS = (OTHER, BEYOND)
"""Columns worked out from the engine's figures as shown, so that every row adds up:
establishment = permanent and fixed-term + other direct contracts + vacant − beyond."""
UNIT_WORDS = {"percent": "Percentage", "count": "Number", "fte": "Full-time equivalent",
              "days": "Days", "cases": "Cases", "ratio": "Ratio", "score": "Score",
              "pounds": "Pounds", "rate": "Rate"}


def want_posts(fig: Figures, end: date) -> None:
    fig.want(ANNEX_IDS, "year", [end], "service")
    fig.want(ANNEX_IDS, "year", [end])


def posts_section(fig: Figures, end: date, labels: Labels, scope: str) -> Section:
    """Posts by service at the quarter end (when the scope spans services), with the whole
    scope's total. Each row adds up:
    the establishment is the permanent and fixed-term FTE, plus the other direct contracts
    (apprentices, secondees, casual staff), plus the vacant FTE, less any directly employed
    FTE beyond the establishment (on no post, or beyond a post's FTE). Agency workers are
    beside the sum: they do not fill a post, so the post stays vacant."""
    s = Section("posts", "Annex A: posts by service",
                "The establishment (budgeted posts) and how it is filled at "
                f"{end.day} {end:%B %Y}, every staff group. Each row adds up: establishment = "
                "permanent and fixed-term FTE + other direct contracts FTE (apprentices, "
                "secondees, casual staff) + vacant FTE − directly employed FTE beyond the "
                "establishment. Vacant FTE: each post's budgeted FTE less the directly "
                "employed FTE filling it (never below 0). Vacancy rate: vacant FTE ÷ (vacant "
                "+ directly employed FTE), DfE's formula. Agency FTE: agency workers in post; "
                "they do not fill a post, so a post an agency worker covers is counted as "
                "vacant.", annex=True)
    cols = {c[0]: c for c in POST_COLUMNS if fig.allows(c[1], "service")}
    keys = services(fig, [mid for _, mid, _, _ in cols.values()], end, labels)  # a team: none
    rows = [(labels.label("service", k), _posts_row(fig, cols, end, "service", k))
            for k in keys]
    rows.append((f"Total: {scope}", _posts_row(fig, cols, end, "", None)))
    # the column is left out only when every row's figure is shown and is 0: a hidden one
    # left out would read as 0, and the hidden other contracts beside it could be worked out
    beyond = any(r[BEYOND].value or r[BEYOND].suppressed for _, r in rows)
    heads = ["Establishment FTE", "Permanent and fixed-term FTE", OTHER, "Vacant FTE",
             *([BEYOND] if beyond else []), "Vacancy rate", "Agency FTE"]
    heads = [h for h in heads if h in DERIVED_COLUMNS or h in cols]
    t = Table("posts", f"Posts by service, {quarter_label(end)}", ["Service", *heads],
              widths=[23] + [77 / len(heads)] * len(heads))
    for name, row in rows:
        t.add(name, *[row[h] for h in heads])
    t.notes.append("Staff in units outside any service are in 'No service recorded'. "
                   "Other direct contracts and beyond the establishment are worked out from "
                   "the figures as shown, so each row adds up as printed"
                   + ("." if beyond else "; no directly employed FTE is beyond the "
                      "establishment in any row, so that column is left out."))
    s.tables.append(t)
    return s


def _posts_row(fig: Figures, cols: dict, end: date, by: str, key: str | None
               ) -> dict[str, Cell]:
    out = {h: fig.cell(mid, "year", end, by, key, part, unit)
           for h, (_, mid, part, unit) in cols.items()}
    est, perm, vacant = (out.get(h, Cell(DASH)) for h in (
        "Establishment FTE", "Permanent and fixed-term FTE", "Vacant FTE"))
    # M10's denominator is vacant + directly employed FTE in post, every contract: the same
    # staff records as M06b's numerator, so the difference is exactly the other contracts
    # (M06c), which the engine protects: M06b is hidden wherever M06c is, so the
    # difference is hidden with it, and its complements are services with people on other
    # contracts too (a service with none, hidden beside a few apprentices, protects nothing)
    direct = _difference(fig.cell("M10", "year", end, by, key, "denominator", "fte"), vacant)
    out[OTHER] = _difference(direct, perm)
    out[BEYOND] = _difference(_sum(direct, vacant), est)
    if out[OTHER].suppressed:  # else the hidden figure could be worked out from the row
        out[BEYOND] = HIDDEN
    return out


HIDDEN = Cell("c", None, "fte", suppressed=True)


def _sum(a: Cell, b: Cell) -> Cell:
    """a + b as shown; 'c' when either is suppressed (see `_combine`)."""
    return _combine(a, b, 1)


def _difference(a: Cell, b: Cell) -> Cell:
    """a − b as shown (so the row adds up as printed); 'c' when either is suppressed."""
    return _combine(a, b, -1)


def _combine(a: Cell, b: Cell, sign: int) -> Cell:
    if a.suppressed or b.suppressed:
        return HIDDEN
    x, y = as_shown(a), as_shown(b)
    if x is None or y is None:
        return Cell(DASH, unit="fte")
    return _fte(x + sign * y)


def _fte(v: float) -> Cell:
    v = round_half_away(v, style.DECIMALS.get("fte", 1)) + 0.0  # never '-0.0'
    return Cell(shown(v, "fte"), v, "fte")


PERIODS = {12: "The 12 months to the quarter end", 3: "The quarter",
           1: "The quarter's last month"}
PERIOD_ORDER = ("At the quarter end", *PERIODS.values())


def period_words(found: Iterable[str]) -> str:
    """The periods a measure's figures are over, in one sentence without its full stop:
    "The 12 months to the quarter end and the quarter" (in `PERIOD_ORDER`, any other
    after them)."""
    order = {w: i for i, w in enumerate(PERIOD_ORDER)}
    words = sorted(set(found), key=lambda w: (order.get(w, len(order)), w))
    words = words[:1] + [w[0].lower() + w[1:] if w in order else w for w in words[1:]]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _period_words(src: Source, kind: str) -> str:
    if kind == "stock":
        return "At the quarter end"
    months = round((src.end - src.start).days / 30.4)
    return PERIODS.get(months, f"{src.start} to {src.end}")


def definitions(fig: Figures, sources: Iterable[Source],
                tracked: Iterable[TrackedMeasure] = ()) -> list[Definition]:
    """Every measure with a figure in the report, in the order the report first shows them,
    then the tracked measures."""
    used: dict[str, set[str]] = {}
    for src in sources:
        m = fig.registry[src.measure]
        used.setdefault(src.measure, set()).add(_period_words(src, m.kind))
    out = []
    for mid in used:
        m, unit = fig.registry[mid], fig.declared[mid].unit  # "Cases", though shown whole
        title = f"{m.title} (local variant)" if m.local_variant else m.title
        out.append(Definition(mid, title, " ".join(m.definition.split()), m.formula,
                              UNIT_WORDS.get(unit, unit),
                              POLARITY[m.polarity].capitalize(), period_words(used[mid]),
                              m.source))
    for t in tracked:
        out.append(Definition(t.code, t.title, t.definition, "Entered each period",
                              UNIT_WORDS.get(t.unit, t.unit),
                              POLARITY.get(t.polarity, "").capitalize(),
                              "As entered", "Tracked measure (values entered, not computed)"))
    return out


def definitions_section(defs: list[Definition]) -> Section:
    s = Section("definitions", "Annex B: definitions",
                "How every measure in this report is defined and computed. The same "
                "definitions drive the dashboards, the exports and the DfE return.", annex=True)
    t = Table("definitions", "Definitions of the measures used",
              ["Id", "Measure", "Definition", "Formula", "Unit", "Better", "Period"],
              widths=[7, 15, 36, 17, 8, 8, 9])
    for d in defs:
        t.add(d.id, d.title, d.definition, d.formula, d.unit, d.better, d.period)
    s.tables.append(t)
    return s
