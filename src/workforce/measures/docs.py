"""Generate docs/measures.md from the registry: one definition drives code and docs.

    python -m workforce.measures.docs          # rewrite docs/measures.md
    python -m workforce.measures.docs --check  # exit 1 if it is out of date

A test fails when the file is stale or misses a measure, so regenerate it after adding or
changing a measure.
"""

from __future__ import annotations

import sys
from pathlib import Path

from workforce.measures.dfe import COLUMNS
from workforce.measures.dimensions import DIMENSIONS
from workforce.measures.output import EXPORT_FORMAT
from workforce.measures.registry import POLARITY, Measure, all_measures
from workforce.measures.suppression import rule_text

DOCS = Path(__file__).resolve().parents[3] / "docs" / "measures.md"
FAMILIES = {
    "dfe": "DfE children's social work workforce indicators",
    "stability": "Workforce stability",
    "caseload": "Caseloads",
    "absence": "Sickness absence",
}
CONVENTIONS = {
    "Who is in post, who started and who left": "population",
    "Vacancies and agency cover": "establishment",
    "Case holders": "cases",
    "Working days lost to sickness": "sickness",
    "Working days in a window (W)": "formulas.working_days",
    "Rounding": "formulas.round_half_away",
    "Moves, promotions and conversions": "careers",
}
"""Sections of docs/measures.md taken from the docstrings of the modules that read the
ledger, so that the rules behind every figure are documented once, next to the code."""
KIND = {"stock": "stock (as at the window end)", "flow": "flow (over the window)"}

INTRO = """\
# Measures

_Generated from the measure registry by `python -m workforce.measures.docs`; do not edit by
hand. A test fails when this file is out of date._

Every measure is one function in `workforce.measures`, declared once with its definition,
formula, unit, polarity and source. It is computed for a **window** (an inclusive date range):
a **stock** measure is taken as at the window's last day, a **flow** measure counts what
happened during the window. Windows can be any dates, or series of months, quarters,
financial years (to 31 March) or DfE census years (1 October to 30 September). Each result
has a numerator, a denominator and a value; arithmetic stays unrounded until it is shown,
and a value that cannot be computed (nothing to divide by) is empty, never 0.

**Suppression.** {suppression} A rate counts the smallest non-zero number of distinct people
behind any one of its parts (for turnover, the fewer of the leavers and the people in post),
and a share also counts the people outside it (7 women of 8 would tell who the one man is).

**Breakdowns.** A measure lists the breakdowns it supports. `unit` rolls up: a service's
figure includes its teams and the directorate's includes everything; `team` is a person's own
unit only. Missing data shows as "Not known", never dropped. Known breakdowns: {dims}.

**Local variants** are local definitions that differ from DfE's; they are labelled, and
the DfE definition sits beside them.

## Export format (stable)

{export}
"""


def _measure(m: Measure) -> str:
    lines = [f"### {m.id}: {m.title}", ""]
    if m.local_variant:
        lines += ["**Local variant**: not DfE's definition; label it when shown.", ""]
    lines += [m.definition.strip(), ""]
    facts = [
        ("Formula", m.formula),
        ("Unit", m.unit),
        ("Better", POLARITY[m.polarity]),
        ("Kind", KIND[m.kind]),
        ("Source", m.source),
        ("Breakdowns", ", ".join(f"`{b}`" for b in m.breakdowns) or "none"),
    ]
    lines += [f"- **{k}**: {v}" for k, v in facts]
    return "\n".join(lines) + "\n"


def _conventions() -> list[str]:
    import importlib
    import inspect

    out = ["## How the ledger is read\n"]
    for title, name in CONVENTIONS.items():
        module, _, attr = name.partition(".")
        obj = importlib.import_module(f"workforce.measures.{module}")
        doc = inspect.getdoc(getattr(obj, attr) if attr else obj) or ""
        out.append(f"### {title}\n\n{doc.strip()}\n")
    return out


def _family_title(family: str) -> str:
    return FAMILIES.get(family, family.replace("_", " ").capitalize() or "Other")


def render_markdown() -> str:
    """docs/measures.md as a string: introduction, export format, then every measure by
    family (families in registry order, measures in id order)."""
    measures = all_measures()
    families: dict[str, list[Measure]] = {}
    for m in measures.values():
        families.setdefault(m.family, []).append(m)
    if "dfe" in families:  # DfE's own column order, as in the published file
        families["dfe"].sort(key=lambda m: COLUMNS.index(m.id) if m.id in COLUMNS else 99)
    order = [f for f in FAMILIES if f in families] + sorted(f for f in families
                                                           if f not in FAMILIES)
    parts = [INTRO.format(suppression=rule_text(), dims=", ".join(f"`{d}`" for d in DIMENSIONS),
                          export=EXPORT_FORMAT), "## Contents\n"]
    parts += [f"- {_family_title(f)}: " + ", ".join(m.id for m in families[f]) for f in order]
    parts += ["", *_conventions()]
    for family in order:
        parts.append(f"\n## {_family_title(family)}\n")
        parts += [_measure(m) for m in families[family]]
    return "\n".join(parts).rstrip() + "\n"


def write(path: Path = DOCS) -> Path:
    """Write the generated file; returns its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--check" in args:
        stale = not DOCS.exists() or DOCS.read_text(encoding="utf-8") != render_markdown()
        print(f"{DOCS} is {'out of date' if stale else 'up to date'}")
        return int(stale)
    print(f"wrote {write()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
