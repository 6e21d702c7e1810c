"""Words for breakdown codes (a unit's name, a course's title, a leaving reason) and the order
groups are listed in: natural orders where there is one (age bands), else by name. Units that
share a name are told apart as the web's pages tell them apart (`unit_names`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import polars as pl

from workforce.ledger import Ledger, codes
from workforce.measures.dimensions import AGE_BANDS

CODES = {"leaving_reason": codes.REASON_LEAVE, "sex": codes.SEX,
         "disability": codes.DISABILITY, "staff_group": codes.STAFF_GROUP,
         "contract": codes.CONTRACT, "org_role": codes.ORG_ROLE,
         "leaver_destination": codes.LEAVER_DESTINATION, "start_origin": codes.START_ORIGIN}
HEADINGS = {"leaving_reason": "Reason for leaving", "ethnicity_group": "Ethnic group",
            "age_band": "Age band", "sex": "Sex", "disability": "Disability",
            "level": "Level", "course": "Course", "service": "Service", "team": "Team",
            "unit": "Unit"}
ORDERS = {"age_band": [label for _, label in AGE_BANDS],
          "ethnicity_group": ["White", "Mixed", "Asian", "Black", "Other"],
          "sex": list(codes.SEX), "disability": list(codes.DISABILITY),
          "level": ["Practitioner", "Manager"],
          "leaving_reason": list(codes.REASON_LEAVE)}
LAST = ("Not known", "(no service)", "U", "9", "10")


def unit_names(units: pl.DataFrame) -> dict[str, str]:
    """Each unit's name, told apart from others of the same name ("MASH" three times): by its
    parent's name, and by its code as well when the parent's name is shared too ("MASH
    (Front Door and Assessment, FDA-01)"). The web's pages (their unit lists, the people
    list, the work lists) and the board report name units so."""
    codes_ = units["code"].to_list()
    names = dict(zip(codes_, units["name"].to_list(), strict=True))
    parent = dict(zip(codes_, units["parent"].to_list(), strict=True))
    seen: dict[str, list[str]] = {}
    for c in codes_:
        seen.setdefault(names[c], []).append(c)
    out = dict(names)
    for name, same in seen.items():
        if len(same) < 2:
            continue
        parents = [names.get(parent.get(c) or "", "") for c in same]
        for c, p in zip(same, parents, strict=True):
            where = [p] if p and parents.count(p) == 1 else ([p, c] if p else [c])
            out[c] = f"{name} ({', '.join(where)})"
    return out


@dataclass(frozen=True)
class Labels:
    """Names of the organisation's units (told apart where they share one: `unit_names`) and
    courses, and the code lists."""

    units: dict[str, str] = field(default_factory=dict)
    courses: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, ledger: Ledger) -> Labels:
        units = unit_names(ledger.unit)
        courses = dict(zip(ledger.course["code"].to_list(), ledger.course["title"].to_list(),
                           strict=True))
        return cls(units, courses)

    def label(self, by: str, code: str | None) -> str:
        if code is None:
            return "Not known"
        if by in ("unit", "service", "team"):
            return "No service recorded" if code == "(no service)" else self.units.get(
                code, code)
        if by == "course":
            return self.courses.get(code, code)
        return CODES.get(by, {}).get(code, code)

    def heading(self, by: str) -> str:
        return HEADINGS.get(by, by.replace("_", " ").capitalize())

    def order(self, by: str, keys: Iterable[str | None]) -> list[str | None]:
        """Natural order when the breakdown has one, else by label; unknowns last."""
        known = ORDERS.get(by, [])

        def key(k: str | None) -> tuple[int, int, str]:
            last = k is None or k in LAST
            place = known.index(k) if k in known else len(known)
            return (int(last), place, self.label(by, k).lower())

        return sorted(set(keys), key=key)
