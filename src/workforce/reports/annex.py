"""The annexes: posts by section as councils publish them (establishment, permanent and agency
FTE, vacancies), and the definition of every measure the report uses, from the registry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from workforce.measures.registry import POLARITY
from workforce.reports.contents import ANNEX_IDS
from workforce.reports.figures import Figures, quarter_label
from workforce.reports.labels import Labels
from workforce.reports.model import Definition, Section, Source, Table
from workforce.strategy.plan import TrackedMeasure

POST_COLUMNS = (  # heading, measure, part, unit
    ("Establishment FTE", "M06b", "denominator", "fte"),
    ("Permanent and fixed-term FTE", "M06b", "numerator", "fte"),
    ("Agency FTE", "M07a", "numerator", "fte"),
    ("Vacant FTE", "M10", "numerator", "fte"),
    ("Vacancy rate", "M10", "value", "percent"),
)
UNIT_WORDS = {"percent": "Percentage", "count": "Number", "fte": "Full-time equivalent",
              "days": "Days", "cases": "Cases", "ratio": "Ratio", "score": "Score",
              "pounds": "Pounds", "rate": "Rate"}


def want_posts(fig: Figures, end: date) -> None:
    fig.want(ANNEX_IDS, "year", [end], "service")
    fig.want(ANNEX_IDS, "year", [end])


def posts_section(fig: Figures, end: date, labels: Labels, scope: str) -> Section:
    """Posts by service at the quarter end, with the whole scope's total."""
    s = Section("posts", "Annex A: posts by section",
                "The establishment (budgeted posts) and how it is filled at "
                f"{end.day} {end:%B %Y}, every staff group. Permanent and fixed-term FTE: "
                "directly employed staff in post. Agency FTE: agency workers in post, on an "
                "establishment post or not. Vacant FTE: each post's budgeted FTE less the "
                "directly employed FTE filling it (never below 0). Vacancy rate: vacant FTE ÷ "
                "(vacant + directly employed FTE), DfE's formula.", annex=True)
    cols = [c for c in POST_COLUMNS if fig.allows(c[1], "service")]
    t = Table("posts", f"Posts by service, {quarter_label(end)}",
              ["Service", *[c[0] for c in cols]], widths=[35, 13, 13, 13, 13, 13])
    keys = labels.order("service", {k for _, mid, _, _ in cols
                                    for k in fig.keys(mid, "year", end, "service")})
    for k in keys:
        t.add(labels.label("service", k),
              *[fig.cell(mid, "year", end, "service", k, part, unit)
                for _, mid, part, unit in cols])
    t.add(f"Total: {scope}", *[fig.cell(mid, "year", end, "", None, part, unit)
                               for _, mid, part, unit in cols])
    t.notes.append("Staff in units outside any service are in 'No service recorded'.")
    s.tables.append(t)
    return s


PERIODS = {12: "The 12 months to the quarter end", 3: "The quarter",
           1: "The quarter's last month"}


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
        m = fig.registry[mid]
        title = f"{m.title} (local variant)" if m.local_variant else m.title
        out.append(Definition(mid, title, " ".join(m.definition.split()), m.formula,
                              UNIT_WORDS.get(m.unit, m.unit), POLARITY[m.polarity].capitalize(),
                              "; ".join(sorted(used[mid])), m.source))
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
