"""Measures that show another measure's figure, and so are hidden wherever it is.

A rate shows the counts it is built on: the turnover rate's denominator is the FTE in post
(M45), the agency rate's denominator less its numerator is the directly employed FTE, the
average caseload's numerator is the cases held. Each measure is suppressed in its own table,
with complements of its own; where the count is hidden as a complement (to protect a few
people in a sister unit), the rate beside it showed that cell's figure, and the sum told
the few people's. So each measure below is hidden wherever the measures named are, by the
same breakdowns (`registry.hidden_with`): it then shows a figure only where its source
shows it, and tells nothing that the source does not.

The list is what a search of every pair of measures by unit on the demo found (a figure of
one equal to another's numerator in every cell: `tests/core/test_suppression_shared.py`
asks it again), less the groups linked otherwise (the length-of-service shares are parts of
the headcount, `registry.parts_of`; the headline shares are hidden with the headcount,
`registry.Headline`). Some are equal by definition; some only where every agency worker is
a social worker (the whole workforce's agency FTE, M07a, is DfE's social workers',
`agency_fte`), which is the common case in children's services, so they are linked too.
One direction is enough: the linked measure shows a figure only where its source does.
"""

from __future__ import annotations

from workforce.measures.registry import hidden_with

SHOWS: dict[str, tuple[str, ...]] = {
    # the FTE in post (M45): the turnover rate's denominator; vacancy and agency rates'
    # denominators less their numerators; the local vacancy rate's denominator; with the
    # other direct contracts (M06c), the permanent FTE (M06b's numerator)
    "M01a": ("M45", "leavers_fte"),
    "M06b": ("M06c", "M45"),
    "M07a": ("M45", "agency_fte"),
    "M10": ("M45",),
    "M10b": ("M45",),
    # the headcount in post (M45a): turnover by headcount, voluntary turnover, training
    "M01b": ("M45a", "leavers_headcount"),
    "M02": ("M01b",),
    "M03": ("M45a",),
    "M23": ("M45a",),
    # vacant FTE (M10's numerator) and the agency FTE covering them
    "M08": ("M10", "agency_cover_fte"),
    # working days lost (M17's numerator); the sickness absence rate's denominator is the
    # FTE in post times the working days in the window (its parts, M18a and M18b, are
    # hidden wherever it is, `engine._linked`)
    "M19": ("M17",),
    "M17": ("M45",),
    # the leavers and starters of the whole workforce are DfE's social workers' where all
    # are social workers (the turnover rates above, and the counts here)
    "M12a": ("starters_headcount",),
    "M12b": ("starters_fte",),
    # the appraised (M21), the starters (M12a), ASYEs passed (M25a), the leavers (M01b,
    # M02), exit interviews by main reason (M32a), recruitment spend (M34a)
    "M21a": ("M21",),
    "M24": ("M12a",),
    "M24a": ("M12a",),
    "M25": ("M25a",),
    "M32": ("M01b", "M02"),
    "M32b": ("M32a",),
    "M34": ("M34a",),
    # caseloads: the cases held and the case holders' FTE
    "M14": ("cases", "case_holders_fte"),
    "caseload_fte": ("cases", "case_holders_fte"),
    # DfE's social worker indicators: each rate shows its counts
    "turnover_rate_fte": ("leavers_fte", "inpost_fte"),
    "turnover_rate_headcount": ("leavers_headcount", "inpost_headcount"),
    "agency_rate_fte": ("agency_fte", "inpost_fte"),
    "agency_rate_headcount": ("agency_headcount", "inpost_headcount"),
    "M07b": ("agency_fte", "inpost_fte"),
    "vacancy_rate_fte": ("vacancy_fte", "inpost_fte"),
    "agency_cover_rate_fte": ("agency_cover_fte",),
    "vacancy_agency_cover_rate_fte": ("agency_cover_fte", "vacancy_fte"),
    # the absence rate's denominator is the social workers' FTE in post times the working
    # days in the window
    "absence_rate_fte": ("working_days_lost_fte", "inpost_fte"),
}

for _measure, _sources in SHOWS.items():
    hidden_with(_measure, _sources)
