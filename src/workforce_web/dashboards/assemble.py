"""Assemble one dashboard page for one organisation and set of filters: the one call views make.

Results are kept per process for the ledger version, the filters, the dashboard and strategy
targets, the units whose strategy targets the reader reads (a manager's page names none of
another unit's targets; `goals.for_scope`) and the benchmark data in use (named by its content,
so a second `workforce benchmarks load` is seen at once), and templates cache the rendered
body under `PageView.key`, so a page shown again (by anyone in the organisation who reads the
same targets, with the same filters) costs little more than its frame.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, Max

from workforce import benchmarks as bm
from workforce_web.bridge import ledger_version
from workforce_web.dashboards import goals, panels, summary
from workforce_web.dashboards.filters import Filters
from workforce_web.dashboards.models import Target
from workforce_web.dashboards.pages import BY_SLUG, HEADLINES, Page, family_extras
from workforce_web.dashboards.scope import Scope, build
from workforce_web.dashboards.tables import Block, Table

_MEMO: dict[tuple, PageView] = {}
MEMO_SIZE = 256


@dataclass
class PageView:
    """Everything a dashboard page shows."""

    page: Page
    scope: Scope
    panels: list[panels.PanelView] = field(default_factory=list)
    headlines: list[summary.Headline] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)  # downloadable non-chart tables
    key: str = ""  # names this content in the template fragment cache

    @property
    def abouts(self) -> list[dict]:
        return [h.about for h in self.headlines]

    def block(self, key: str) -> Block | None:
        for p in self.panels:
            for b in p.blocks:
                if b.key == key:
                    return b
        return None

    def table(self, key: str) -> Table | None:
        block = self.block(key)
        return block.table if block else self.tables.get(key)


def page_view(org: str, slug: str, filters: Filters, version: int | None = None, *,
              readable: set[str] | None) -> PageView:
    """The page `slug` for `org` with `filters` (KeyError for an unknown page), for ledger
    `version` (looked up when not given), for a reader of the strategy targets of the units
    `readable` (`strategy.access.target_units`; None: every unit's)."""
    page = BY_SLUG[slug]
    stamp = Target.objects.filter(organisation=org).aggregate(Max("updated_at"), Count("id"))
    version = ledger_version(org) if version is None else version
    benchmarks = bm.load()
    reader = None if readable is None else tuple(sorted(readable))
    key = (org, version, slug, filters, tuple(stamp.values()), goals.stamp(org), reader,
           benchmarks.key)
    if key not in _MEMO:
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.pop(next(iter(_MEMO)))
        view = _assemble(org, page, filters, benchmarks, readable)
        view.key = hashlib.sha256(repr(key).encode()).hexdigest()
        _MEMO[key] = view
    return _MEMO[key]


def _assemble(org: str, page: Page, filters: Filters, benchmarks: bm.Benchmarks,
              readable: set[str] | None) -> PageView:
    scope = build(org, filters, benchmarks, readable=readable)
    view = PageView(page, scope)
    when = f"{scope.unit_name}, as at {filters.at:%-d %B %Y}"
    if page.slug == "overview":
        view.headlines = summary.headlines(scope, HEADLINES, benchmarks=True)
        view.tables["headlines"] = summary.table(
            view.headlines, f"Headline measures against target: {when}"
            if "target" in filters.compare else f"Headline measures: {when}")
        bench = summary.benchmark_table(
            view.headlines, f"Headline measures compared with other local authorities: {when}")
        if bench is not None:
            view.tables["benchmarks"] = bench
        return view
    view.panels = [v for p in page.panels if (v := panels.build(scope, p)) is not None]
    extras = summary.headlines(scope, family_extras(page), benchmarks=False)
    if extras:
        view.headlines = extras
        view.tables["others"] = summary.table(
            extras, f"Other {page.title.lower()} measures: {when}")
    return view
