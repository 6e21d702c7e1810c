"""Words for breakdown codes (a unit's name, a course's title, a leaving reason) and the order
groups are listed in: natural orders where there is one (age bands), else by name."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Labels:
    """Names of the organisation's units and courses, and the code lists."""

    units: dict[str, str] = field(default_factory=dict)
    courses: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, ledger: Ledger) -> Labels:
        units = dict(zip(ledger.unit["code"].to_list(), ledger.unit["name"].to_list(),
                         strict=True))
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
