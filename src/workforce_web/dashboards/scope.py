"""What a dashboard request is about: the organisation, its benchmark LA, the filters, the
targets (the strategy's where it has one for the scope, else the simple dashboard target; see
`goals`), and labels for breakdown codes; plus the one way dashboards fetch engine rows.

Engine rows come from `measures_cache.results` (cached per organisation and ledger version)
for every unit at once, then the chosen unit and role group are picked out, so changing a
filter reuses the cached computation. Aggregates are always suppressed on dashboards.

A panel asks for its measures over several sets of windows (the headline and a year earlier,
the trend's periods, DfE's years). Each engine call by unit has a cost of its own (the tables
by unit are made and suppressed for every unit, once per call), so a panel fetches all its
windows in one call first (`prefetch`) and `rows` picks each set out of it, the same rows as
the calls one by one: a manager's first views of four pages for their service on the web demo
took 4.4 to 4.6 s together against 5.8 to 7.0 s (three pairs run in turn).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from workforce import benchmarks as bm
from workforce.ledger import codes
from workforce.measures import all_measures
from workforce.measures.windows import Window
from workforce_web import measures_cache
from workforce_web.dashboards import goals as goals_
from workforce_web.dashboards.filters import Filters, unit_names
from workforce_web.dashboards.goals import Elsewhere, Goal

CODE_LABELS = {"leaving_reason": codes.REASON_LEAVE, "sex": codes.SEX,
               "disability": codes.DISABILITY, "staff_group": codes.STAFF_GROUP,
               "contract": codes.CONTRACT, "org_role": codes.ORG_ROLE,
               "leaver_destination": codes.LEAVER_DESTINATION,
               "start_origin": codes.START_ORIGIN}


@dataclass(frozen=True)
class Scope:
    """Everything a page needs besides the measures themselves."""

    org: str
    org_name: str
    la_code: str
    unit_name: str
    filters: Filters
    benchmarks: bm.Benchmarks
    targets: dict[str, Goal] = field(default_factory=dict)  # the strategy's, else the simple
    elsewhere: dict[str, Elsewhere] = field(default_factory=dict)  # strategy targets elsewhere
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    # engine rows fetched ahead (`prefetch`): {(by, ids, (start, end)s): rows}
    fetched: dict[tuple, pl.DataFrame] = field(default_factory=dict, compare=False,
                                               hash=False, repr=False)

    @property
    def whole_la(self) -> bool:
        """Quartiles and ranks compare whole LAs' social workers: only then are they shown."""
        return not self.filters.unit and self.filters.group in ("", "social_worker")

    def label(self, breakdown: str, code: str | None) -> str:
        if code is None:
            return "Not known"
        return self.labels.get(breakdown, {}).get(code) or CODE_LABELS.get(
            breakdown, {}).get(code, code)


def build(org: str, filters: Filters, benchmarks: bm.Benchmarks | None = None, *,
          readable: set[str] | None) -> Scope:
    """The scope of a request for `org` with `filters` (and the benchmark data in use), for a
    reader of the strategy targets of the units `readable` (None: every unit's; see
    `goals.for_scope`)."""
    ledger = measures_cache.org_ledger(org)
    org_row = ledger.organisation.row(0, named=True) if ledger.organisation.height else {}
    units = unit_names(ledger.unit)
    courses = dict(zip(ledger.course["code"].to_list(), ledger.course["title"].to_list(),
                       strict=True))
    org_name = org_row.get("name") or org
    la = org_row.get("benchmark_la") or org_row.get("old_la_code") or ""
    goals, elsewhere = goals_.for_scope(org, filters, readable=readable)
    return Scope(org, org_name, la, units.get(filters.unit, org_name), filters,
                 benchmarks or bm.load(), goals, elsewhere,
                 {"team": units, "unit": units, "service": units, "course": courses})


def supports(measure_id: str, by: Sequence[str]) -> bool:
    return all(b in all_measures()[measure_id].breakdowns for b in by)


def prefetch(scope: Scope, ids: Sequence[str], windows: Sequence[Window],
             extra: Sequence[str] = ()) -> None:
    """Fetch the engine rows of `ids` over all of `windows` in one call, for `rows` to pick
    out of when asked for some of them (each set of the same measures fetched alone would be
    an engine call of its own)."""
    by = (*scope.filters.by, *extra)
    ok = [i for i in dict.fromkeys(ids) if supports(i, by)]
    # (a period asked for twice, as a trend by quarter and the same quarters a year earlier
    # share four, is computed once by `engine.run`, whatever its labels)
    if ok and windows:
        found = measures_cache.results(scope.org, ok, list(windows), by, suppressed=True)
        scope.fetched[(by, frozenset(ok), frozenset((w.start, w.end) for w in windows))] = found


def _fetched(scope: Scope, ids: list[str], windows: Sequence[Window], by: tuple[str, ...]
             ) -> pl.DataFrame | None:
    """The rows of `ids` over `windows` out of rows fetched ahead, or None."""
    spans = {(w.start, w.end) for w in windows}
    for (f_by, f_ids, f_spans), found in scope.fetched.items():
        if f_by == by and set(ids) <= f_ids and spans <= f_spans:
            wanted = pl.DataFrame({"start": [s for s, _ in spans], "end": [e for _, e in spans]},
                                  schema={"start": found.schema["start"],
                                          "end": found.schema["end"]})
            return found.filter(pl.col("id").is_in(ids)).join(wanted, on=["start", "end"],
                                                               how="semi")
    return None


def rows(scope: Scope, ids: Sequence[str], windows: Sequence[Window],
         extra: Sequence[str] = ()) -> pl.DataFrame:
    """Suppressed engine rows for the measures that can be broken down as the filters need,
    picked out for the chosen unit and role group."""
    by = (*scope.filters.by, *extra)
    ok = [i for i in dict.fromkeys(ids) if supports(i, by)]
    if not ok or not windows:
        return pl.DataFrame()
    out = _fetched(scope, ok, windows, by)
    if out is None:
        out = measures_cache.results(scope.org, ok, list(windows), by, suppressed=True)
    if scope.filters.unit:
        out = out.filter(pl.col("unit") == scope.filters.unit)
    if scope.filters.group:
        out = out.filter(pl.col("staff_group") == scope.filters.group)
    return out


def index(frame: pl.DataFrame, *keys: str) -> dict[tuple, dict]:
    """Rows keyed by (id, start, end, *keys) for quick lookup."""
    if frame.is_empty():
        return {}
    return {(r["id"], r["start"], r["end"], *[r[k] for k in keys]): r
            for r in frame.iter_rows(named=True)}
