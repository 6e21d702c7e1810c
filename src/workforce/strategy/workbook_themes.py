"""The Themes and Objectives sheets read on import (`workbook_read`): the plan's themes, a
theme renamed by its ref, and the problems of a ref or title that cannot be told apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from workforce.strategy import workbook as wb
from workforce.strategy.plan import Theme
from workforce.strategy.workbook_cells import Found
from workforce.strategy.workbook_reader import Reader


def read_themes(r: Reader, sheets: dict[str, Found], stored: Mapping[str, str]
                ) -> dict[str, Theme]:
    """The Themes sheet's themes by title, with their objectives; a theme whose ref is
    `stored` (refs to stored titles) under another title is renamed (`Reader.theme`). A
    stored title that passes to another row of the sheet (a swap, a chain of renames, a new
    theme) is a problem when the other sheets name it, since which theme they mean by it
    cannot be told; so is a ref no stored theme has (`_theme_ref`)."""
    found = sheets[wb.THEMES.name]
    r.unique(wb.THEMES, found, "title")
    r.unique(wb.THEMES, found, "ref")
    themes = {v["title"]: Theme(v["title"], v["description"], ref=v["ref"])
              for _, v in found.rows if v["title"]}
    refs = {v["ref"] for _, v in found.rows if v["ref"]}
    rows = {v["title"]: row for row, v in found.rows if v["title"]}
    named = {v["theme"] for s in (wb.OBJECTIVES, wb.ACTIONS, wb.TARGETS)
             for _, v in sheets[s.name].rows if v["theme"]}
    for row, v in found.rows:
        if not _theme_ref(r, row, v["ref"], stored):
            continue
        old = stored.get(v["ref"]) if v["ref"] else None
        if old is not None and old != v["title"] and old in rows and old in named:
            r.bad(wb.THEMES.name, rows[old], wb.THEMES.col("title").header, old,
                  f"This title belonged to another theme of the plan ({v['ref']}, on row "
                  f"{row}), and which of the two the other sheets mean by it cannot be told",
                  "Rename in two steps: give this theme an unused title and import the "
                  "workbook, then give it this title and import the workbook again.")
        if old is not None and v["title"] and old != v["title"] and old not in themes:
            r.renamed[old] = v["title"]
        taken = next((ref for ref, title in stored.items()
                      if title == v["title"] and ref != v["ref"] and ref not in refs), None)
        if v["ref"] in stored and taken is not None:
            r.bad(wb.THEMES.name, row, wb.THEMES.col("title").header, v["title"],
                  f"Another theme of the plan ({taken}) has this title",
                  f"Give the theme another title, or rename theme {taken} on this sheet too.")
    for row, v in sheets[wb.OBJECTIVES.name].rows:
        v["theme"] = r.theme(v["theme"])
        if v["theme"] and v["theme"] not in themes:
            no_theme(r, wb.OBJECTIVES.name, row, v["theme"])
        elif v["theme"] and v["title"]:
            t = themes[v["theme"]]
            themes[t.title] = replace(t, objectives=(*t.objectives, v["title"]))
    return themes


REF_LENGTH = 20
"""The longest theme ref stored (`Theme.ref`)."""


def _theme_ref(r: Reader, row: int, ref: str | None, stored: Mapping[str, str]) -> bool:
    """Whether the Themes sheet's `ref` on `row` may be stored: none (a new theme, or an
    older workbook), or one of the `stored` themes (when the strategy has any) and not
    longer than `REF_LENGTH`; a hand-typed ref for a new theme could be the one the next new
    theme is given."""
    header = wb.THEMES.col("ref").header
    if ref and len(ref) > REF_LENGTH:
        r.bad(wb.THEMES.name, row, header, ref,
              f"This ref is longer than {REF_LENGTH} characters",
              "Keep the ref the export wrote, or leave Ref empty for a new theme.")
        return False
    if ref and stored and ref not in stored:
        r.bad(wb.THEMES.name, row, header, ref, "No theme of the plan has this ref",
              "Leave Ref empty for a new theme (it is given one), or keep the ref the export "
              "wrote for a theme of the plan.")
        return False
    return True


def no_theme(r: Reader, sheet: str, row: int, theme: str) -> None:
    """The problem of a `theme` named on `sheet` that the Themes sheet does not have."""
    r.bad(sheet, row, "Theme", theme, "There is no such theme on the Themes sheet",
          "Use a theme exactly as written on the Themes sheet, or add it there.")
