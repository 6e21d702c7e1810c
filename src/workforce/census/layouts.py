"""Each collection year's layout of the CSWW return, declared once as data.

A layout names the LA-level element, its items, and the worker items in schema order (the
schemas use `xs:sequence`, so order matters). The writer, the reader, the rules and the
importer all read these declarations; nothing else knows which year has which item.

Sources: the shipped schemas (`schemas/README.md`), `reforms.md` 5.2 (the 2024-25 business and
technical specification): 2024 replaces `GenderCurrent` with `Sex`; 2025 renames
`LALevelVacancies` to `LALevel`, adds the LA-level incentive flags and the worker pay items,
and drops `QualInst` and `CFKSSstatus`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

YEARS = (2021, 2022, 2023, 2024, 2025)
SCHEMAS = Path(__file__).resolve().parent / "schemas"
LATEST = 2025
LA_ELEMENTS = ("LALevelVacancies", "LALevel")

# Item kinds: how a value is written and read.
#   code: a code from a list; str: free text; date: YYYY-MM-DD; int: whole number;
#   fte: decimal 0-1, at most 6 dp; dec2 / dec1: decimal with at most 2 / 1 dp.
KINDS = ("code", "str", "date", "int", "fte", "dec2", "dec1")


@dataclass(frozen=True)
class Item:
    """One data item: its element name, kind and whether the schema lets it repeat."""

    name: str
    kind: str
    repeat: bool = False
    always: bool = False  # the schema requires it: written empty when there is no value


HEADER_ITEMS = (
    Item("Collection", "str"), Item("Year", "int"), Item("ReferenceDate", "date"),
    Item("SourceLevel", "str"), Item("LEA", "str"), Item("SoftwareCode", "str"),
    Item("DateTime", "str"),
)

_LA_BASE = (Item("NumberOfVacancies", "dec2"), Item("NoAgencyFTE", "dec2"),
            Item("NoAgencyHeadcount", "int"))
INCENTIVE_FLAGS = ("RecruitmentBonus", "RetentionBonus", "PerformanceAward", "CarAllowance",
                   "RelocationPackage", "RegionalWeighting", "CostSWE", "CostDBS")
_LA_2025 = (*_LA_BASE, *(Item(n, "code") for n in INCENTIVE_FLAGS),
            Item("OtherAllowances", "str"))


def _workers(gender: str, qual_inst: bool, cfkss: bool, pay: bool) -> tuple[Item, ...]:
    items = [
        Item("AgencyWorker", "code"), Item("SWENo", "str"), Item("FTE", "fte"),
        Item("PersonBirthDate", "date"), Item(gender, "code"), Item("Ethnicity", "code"),
    ]
    if qual_inst:
        # Required for every record, agency workers included, although DfE only needs it
        # for directly employed ones; written empty when unknown.
        items.append(Item("QualInst", "str", repeat=True, always=True))
    items += [
        Item("QualLevel", "code"), Item("StepUpGrad", "code"), Item("OrgRole", "code"),
        Item("RoleStartDate", "date"), Item("StartOrigin", "code"), Item("RoleEndDate", "date"),
        Item("LeaverDestination", "code"), Item("ReasonLeave", "code"), Item("FTE30", "fte"),
        Item("Cases30", "int"), Item("WorkingDaysLost", "dec2"),
        Item("ContractWeeks", "dec1", repeat=True), Item("FrontlineGrad", "code"),
        Item("Absat30Sept", "code", repeat=True), Item("ReasonAbsence", "code", repeat=True),
    ]
    if cfkss:
        items.append(Item("CFKSSstatus", "code", repeat=True))
    if pay:
        items += [Item("BaseSalary", "dec2"), Item("RRPayments", "dec2"),
                  Item("OtherPayments", "dec2")]
    return tuple(items)


@dataclass(frozen=True)
class Layout:
    """One collection year's layout."""

    year: int
    la_element: str
    la_items: tuple[Item, ...]
    worker_items: tuple[Item, ...]

    @property
    def reference_date(self) -> date:
        """The census reference date: 30 September of the collection year."""
        return date(self.year, 9, 30)

    @property
    def schema_path(self) -> Path:
        """The shipped (corrected) XSD for this year."""
        # Beside this module (as `importlib.resources.files` finds it for a package on disk,
        # without the 1.5 ms its first call costs).
        return SCHEMAS / f"csww_schema_{self.year}.xsd"

    @cached_property
    def worker_names(self) -> frozenset[str]:
        return frozenset(i.name for i in self.worker_items)

    @cached_property
    def la_names(self) -> frozenset[str]:
        return frozenset(i.name for i in self.la_items)

    def has(self, name: str) -> bool:
        """True when this year's worker or LA-level module has the item `name`."""
        return name in self.worker_names or name in self.la_names

    def kind(self, name: str) -> str:
        for item in (*self.worker_items, *self.la_items, *HEADER_ITEMS):
            if item.name == name:
                return item.kind
        raise KeyError(f"The {self.year} layout has no item {name}")

    @cached_property
    def gender_item(self) -> str:
        return "Sex" if "Sex" in self.worker_names else "GenderCurrent"


_OLD = _workers("GenderCurrent", qual_inst=True, cfkss=True, pay=False)
LAYOUTS: dict[int, Layout] = {
    2021: Layout(2021, "LALevelVacancies", _LA_BASE, _OLD),
    2022: Layout(2022, "LALevelVacancies", _LA_BASE, _OLD),
    2023: Layout(2023, "LALevelVacancies", _LA_BASE, _OLD),
    2024: Layout(2024, "LALevelVacancies", _LA_BASE,
                 _workers("Sex", qual_inst=True, cfkss=True, pay=False)),
    2025: Layout(2025, "LALevel", _LA_2025,
                 _workers("Sex", qual_inst=False, cfkss=False, pay=True)),
}


def layout(year: int) -> Layout:
    """The layout for collection `year`, or a ValueError naming the years supported."""
    try:
        return LAYOUTS[year]
    except KeyError:
        known = ", ".join(str(y) for y in YEARS)
        raise ValueError(f"No census layout for {year}: supported years are {known}") from None


def guess_year(la_element: str, worker_names: set[str]) -> int | None:
    """Recognise a layout from what a file contains when its header gives no year: the
    LA-level element name and the worker items seen. Returns None when it cannot tell."""
    if la_element == "LALevel" or worker_names & {"BaseSalary", "RRPayments", "OtherPayments"}:
        return 2025
    if "Sex" in worker_names:
        return 2024
    if worker_names & {"GenderCurrent", "QualInst", "CFKSSstatus"}:
        return 2023
    return None
