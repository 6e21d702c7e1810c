"""The dashboard pages and what each one shows, as data.

A panel names the measures it draws. Ids that the registry does not (yet) hold are left out,
so a page shows what the measures engine offers. Each page also lists, in one table, every
other measure of its families, so a measure added to the registry appears without editing this
file.
"""

from __future__ import annotations

from dataclasses import dataclass

from workforce.measures import Measure, all_measures


@dataclass(frozen=True)
class Panel:
    """One chart with its table: a trend over periods, or bars by a breakdown at the date."""

    key: str
    title: str
    ids: tuple[str, ...]
    by: str = ""  # breakdown for bars; "" draws a trend over the chosen periods
    note: str = ""

    def available(self) -> tuple[str, ...]:
        registry = all_measures()
        return tuple(i for i in self.ids if i in registry and (
            not self.by or self.by in registry[i].breakdowns))


@dataclass(frozen=True)
class Page:
    """One dashboard page."""

    slug: str
    title: str
    lead: str
    panels: tuple[Panel, ...] = ()
    families: tuple[str, ...] = ()
    short: str = ""  # the sub-menu's label when the title is long; "" = the title

    @property
    def menu_label(self) -> str:
        """The page's name in the dashboards' sub-menu, short enough for every page and
        Targets to sit on one row of a 1280 px screen."""
        return self.short or self.title


HEADLINES = ("turnover_rate_fte", "agency_rate_fte", "vacancy_rate_fte", "caseload_fte",
             "absence_rate_fte", "M16a", "M20", "M21", "M22", "M26", "M30", "M45")

PAGES: tuple[Page, ...] = (
    Page("overview", "Overview",
         "Headline measures: the direction of travel, the status against target and the "
         "position against England, the region and statistical neighbours."),
    Page("stability", "Stability",
         "Turnover, agency workers, vacancies, starters and leavers.",
         (Panel("turnover", "Social worker turnover rate", ("turnover_rate_fte",)),
          Panel("agency", "Agency worker rate", ("agency_rate_fte",)),
          Panel("vacancy", "Vacancy rate", ("vacancy_rate_fte",)),
          Panel("flows", "Starters and leavers", ("starters_headcount", "leavers_headcount")),
          Panel("reasons", "Leavers by reason for leaving", ("leavers_headcount",),
                by="leaving_reason")),
         ("stability", "exits")),
    Page("caseloads", "Caseloads",
         "Average and highest caseloads, by team and experience, and changes of social worker "
         "for children looked after.",
         (Panel("average", "Average caseload", ("caseload_fte",)),
          Panel("highest", "Highest caseload", ("M15a",)),
          Panel("above", "Case holders with more than 20 cases per FTE", ("M15b",)),
          Panel("team", "Average caseload by team", ("caseload_fte",), by="team"),
          Panel("experience", "Average caseload by experience", ("caseload_fte",),
                by="experience"),
          Panel("changes", "Children looked after with 3 or more social workers", ("M16a",))),
         ("caseload",)),
    Page("support", "Support and development",
         "Supervision, appraisal, mandatory training and induction.",
         (Panel("supervision", "One-to-one supervision within the month", ("M20",)),
          Panel("appraisal", "Appraisal rate", ("M21",)),
          Panel("training", "Mandatory training compliance", ("M22",)),
          Panel("courses", "Mandatory training compliance by course", ("M22",), by="course"),
          Panel("induction", "Induction completed within 90 days", ("M24", "M24a"))),
         ("support",), "Support"),
    Page("grow", "Grow our own",
         "The assessed and supported year in employment (ASYE), apprenticeships, progression "
         "and early-career retention.",
         (Panel("asye", "ASYE completed within 12 months", ("M25",)),
          Panel("retention", "Early-career retention", ("M26", "M26a")),
          Panel("progression", "Progression within 30 months of starting the ASYE", ("M27",)),
          Panel("apprentices", "Social work apprenticeships", ("M28", "M28b"))),
         ("growth",)),
    Page("wellbeing", "Wellbeing",
         "Sickness absence and staff-survey scores.",
         (Panel("absence", "Sickness absence rate", ("absence_rate_fte",)),
          Panel("split", "Short-term and long-term sickness", ("M18a", "M18b")),
          Panel("survey", "Staff-survey scores", ("M30", "M31"))),
         ("absence", "survey")),
    Page("profile", "Workforce profile",
         "Who the workforce are, by level and characteristic. Small groups are suppressed.",
         (Panel("level", "Headcount by level", ("M45a",), by="level"),
          Panel("minority", "Staff from ethnic minority backgrounds, by level", ("M37",),
                by="level"),
          Panel("female", "Women, by level", ("M41",), by="level"),
          Panel("career", "Social-work practitioners by career level", ("M40",),
                by="career_level"),
          Panel("sex", "Headcount by sex", ("M45a",), by="sex"),
          Panel("ethnicity", "Headcount by ethnic group", ("M45a",), by="ethnicity_group"),
          Panel("age", "Headcount by age band", ("M45a",), by="age_band"),
          Panel("disability", "Headcount by disability", ("M45a",), by="disability")),
         ("profile",), "Profile"),
)
BY_SLUG = {p.slug: p for p in PAGES}


def family_extras(page: Page) -> tuple[str, ...]:
    """Measures of the page's families that no panel draws, in registry order."""
    drawn = {i for p in page.panels for i in p.ids}
    return tuple(m.id for m in all_measures().values()
                 if m.family in page.families and m.id not in drawn)


ABOUT = ("id", "title", "definition", "formula", "unit", "polarity", "kind", "source",
         "local_variant", "family")


def about(m: Measure) -> dict:
    """A measure's declaration as plain data for templates (a Measure is callable, and Django
    templates call callables)."""
    return {k: getattr(m, k) for k in ABOUT}
