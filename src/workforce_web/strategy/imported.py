"""Which stored strategy a plan workbook being imported is of (`services.import_workbook`):
an export that holds the values it exported is of the strategy it was exported from, found
by the last change it records, whatever that strategy's title now; any other workbook is of
the organisation's strategy with its title, or of a new one. An export whose title alone
was changed is refused (`retitled`): it is more often next year's plan started from this
year's than a rename."""

from __future__ import annotations

from workforce.imports.errors import ImportProblem
from workforce.strategy import workbook as wb
from workforce.strategy.merge import STRATEGY
from workforce.strategy.plan import Plan
from workforce.strategy.workbook_read import Read
from workforce_web.strategy.clashes import BIGGEST
from workforce_web.strategy.models import Strategy, Theme


def exported_from(organisation: str, change: int) -> Strategy | None:
    """The organisation's strategy whose history holds the change `change`: the strategy an
    export recording it as its last change was of, whatever its title now."""
    if not 0 <= change <= BIGGEST:
        return None
    return Strategy.objects.filter(organisation=organisation, changes__pk=change).first()


def stored_strategy(plan: Plan, read: Read) -> Strategy | None:
    """The stored strategy a workbook's `plan` is of: for an export that holds the values it
    exported (`Read.base`), the strategy it was exported from, renamed or not since
    (`exported_from` its last change); else the organisation's strategy with its title;
    None: a new strategy."""
    if read.base is not None and plan.last_change is not None:
        found = exported_from(plan.organisation, plan.last_change)
        if found is not None:
            return found
    return Strategy.objects.filter(organisation=plan.organisation, title=plan.title).first()


def title_taken(plan: Plan, read: Read, strategy: Strategy | None, filename: str
                ) -> list[ImportProblem]:
    """The problem of a workbook that would give its strategy the title of another of the
    organisation's strategies (none when it keeps its title)."""
    if strategy is None or plan.title == strategy.title or not Strategy.objects.filter(
            organisation=plan.organisation, title=plan.title).exclude(pk=strategy.pk).exists():
        return []
    return [ImportProblem(filename, wb.STRATEGY.name, read.rows.get(STRATEGY),
                          wb.STRATEGY.col("title").header, plan.title,
                          "Another strategy of the organisation has this title",
                          f"Keep the title “{strategy.title}”, or give the strategy a title "
                          "no other strategy has.")]


def theme_refs(organisation: str, title: str) -> dict[str, str]:
    """The themes of the organisation's strategy titled `title`, their titles by their refs
    (none when it is not stored), as the import reads the Themes sheet (`Known.themes`)."""
    return dict(Theme.objects.filter(strategy__organisation=organisation,
                                     strategy__title=title).exclude(ref="")
                .values_list("ref", "title"))


def retitled(plan: Plan, read: Read, strategy: Strategy | None, filename: str,
             replace_how: str) -> list[ImportProblem]:
    """The problem of an export of `strategy` whose title the workbook alone changed: the
    merged `plan`'s title is not the stored one (changed on the web only, the web's is
    kept; on both, the import was refused already). Storing it would rename the strategy
    and rewrite its plan, when people often start next year's plan from this year's export
    by changing its title: the user is told how to do either (`replace_how`, the way the
    caller is told to store the workbook as it is)."""
    if strategy is None or plan.title == strategy.title:
        return []
    old, new = strategy.title, plan.title
    return [ImportProblem(filename, wb.STRATEGY.name, read.rows.get(STRATEGY),
                          wb.STRATEGY.col("title").header, new,
                          f"This workbook is an export of “{old}” with its title changed to "
                          f"“{new}”: importing it would rename “{old}” and store the "
                          "workbook's plan in it, not start a new strategy",
                          f"To rename “{old}” to “{new}”, {replace_how}, or rename it on "
                          "the web first; to start a new strategy from this copy, empty "
                          "the Last change cell on the Strategy sheet and import it again.")]
