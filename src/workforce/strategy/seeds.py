"""The targets of the five seed strategies, written as `Target`s: the proof that the model
holds every baseline and target in `reference/measures.md` (last column), and worked
examples for people setting up their own plan.

S0 Sandwell Workforce Strategy 2025-28, S1 Swindon Children's Workforce Strategy 2024-26
(Annex targets dated 2029), S2 Sandwell Improvement Plan 2021-24, S3 Dudley Workforce
Development Strategy 2021-23, S4 Sefton Children's Social Care People Strategy 2022-24.
Targets stated without a number ("reduce", "increase") are "better than the baseline", with
the baseline measured from the ledger at the strategy's start (`baseline_date` without a
value). Where a seed gives no date, its strategy's end is used. Seeds' inconsistencies are
stored as given (S4's apprenticeship steps add up to 10, not its "9 a year").
"""

from __future__ import annotations

from datetime import date
from typing import Any

from workforce.strategy.plan import Milestone, Target, TrackedMeasure

SW = "staff_group=social_worker"


def _t(ref: str, title: str, measure: str, **kw: Any) -> Target:
    tracked = kw.pop("tracked", False)
    return Target(ref, title, None if tracked else measure, measure if tracked else None, **kw)


def _d(text: str) -> date:
    return date.fromisoformat(text)


S0_END, S1_DUE, S2_START, S2_END = _d("2028-03-31"), _d("2029-03-31"), _d("2021-04-01"), \
    _d("2024-03-31")
S3_START, S3_END, S4_START, S4_END = _d("2021-04-01"), _d("2023-03-31"), _d("2022-04-01"), \
    _d("2024-03-31")

SEEDS: dict[str, tuple[Target, ...]] = {
    "S0": (
        _t("S0-T1", "Turnover (local, rolling 12 months) 30% to 19.6%", "M02",
           baseline_value=30.0, baseline_date=_d("2022-05-31"), target_value=19.6,
           target_date=_d("2024-12-31")),
        _t("S0-T2", "Social worker agency rate 25.5% to 16.7%", "M07b", baseline_value=25.5,
           baseline_date=_d("2022-05-31"), target_value=16.7, target_date=_d("2024-12-31")),
        _t("S0-T3", "Permanent social worker vacancy rate 43.6% to 21.9%", "M10",
           scope_filter=SW, baseline_value=43.6, baseline_date=_d("2022-05-31"),
           target_value=21.9, target_date=_d("2024-12-31")),
        _t("S0-T4", "Mandatory training compliance increases", "M22",
           baseline_date=_d("2025-03-31"), target_date=S0_END),
        _t("S0-T5", "Gender pay gap (mean) below 7.1%", "M36", baseline_value=7.1,
           baseline_date=_d("2024-03-31"), target_date=S0_END),
        _t("S0-T6", "Gender pay gap (median) below 1.2%", "M36a", baseline_value=1.2,
           baseline_date=_d("2024-03-31"), target_date=S0_END),
        _t("S0-T7", "Disability not known below 12.48%", "M38a", direction="at_most",
           baseline_value=12.48, baseline_date=_d("2024-03-31"), target_date=S0_END),
    ),
    "S1": (
        _t("S1-T1", "Turnover at or below the England average", "turnover_rate_fte",
           benchmark="national", baseline_value=15.3, baseline_date=_d("2024-03-31"),
           target_date=S1_DUE),
        _t("S1-T2", "Permanent workforce 75% to 85% or more", "M06a", baseline_value=75.0,
           baseline_date=_d("2024-03-31"), target_value=85.0, target_date=S1_DUE),
        _t("S1-T3", "Average caseload 18.6 to 15", "M14", baseline_value=18.6,
           baseline_date=_d("2024-03-31"), target_value=15.0, target_date=S1_DUE),
        _t("S1-T4", "75% or more of early-career social workers stay 2 years", "M26",
           target_value=75.0, target_date=S1_DUE),
        _t("S1-T5", "Engagement 51.1% to 70%", "M30", baseline_value=51.1,
           baseline_date=_d("2024-03-31"), target_value=70.0, target_date=S1_DUE),
        _t("S1-T6", "Wellbeing 80.2% to 90%", "M31", baseline_value=80.2,
           baseline_date=_d("2024-03-31"), target_value=90.0, target_date=S1_DUE),
        *(_t(f"S1-T7{level}", f"{level} share within 3 points of the operating model", "M40",
             scope_filter=f"career_level={level}", direction="within", band=3.0,
             baseline_value=share, baseline_date=_d("2024-03-31"), target_value=share,
             target_date=S1_DUE)
          for level, share in (("NQSW", 16.0), ("QSW", 38.0), ("ESW", 31.0), ("ASW", 15.0))),
        _t("S1-T8", "Female share of managers reflects the workforce (92%)", "M41",
           scope_filter="level=Manager", direction="within", band=3.0, baseline_value=83.0,
           baseline_date=_d("2024-03-31"), target_value=92.0, target_date=S1_DUE),
        _t("S1-T9", "Ethnic minority share reflects the borough (ONS 2021)", "M37",
           direction="within", band=3.0, target_value=18.8, target_date=S1_DUE,
           note="Target value: the borough's ONS Census 2021 share, typed in by the "
                "workforce lead (illustrative here)."),
        _t("S1-T10", "Agency spend reduces", "M33", baseline_date=_d("2024-03-31"),
           target_date=S1_DUE),
        _t("S1-T11", "Appraisal every year for everyone", "M21", target_value=100.0,
           tolerance=5.0),
        _t("S1-T12", "Supervision every month", "M20", target_value=100.0, tolerance=5.0,
           period="month"),
    ),
    "S2": (
        _t("S2-T1", "A greater share of staff supervised every month", "M20",
           baseline_date=S2_START, target_date=S2_END, period="month"),
        _t("S2-T2", "Less time to appoint", "M11a", baseline_date=S2_START,
           target_date=S2_END),
        _t("S2-T3", "Re-referrals within 12 months fall", "REREF", tracked=True,
           baseline_value=24.0, baseline_date=S2_START, target_value=20.0,
           target_date=S2_END, period="quarter"),
        _t("S2-T4", "Child protection plans reviewed on time", "CPREV", tracked=True,
           target_value=95.0, target_date=S2_END, tolerance=3.0, period="quarter"),
        _t("S2-T5", "Case audits graded good or outstanding increase", "M44",
           baseline_date=S2_START, target_date=S2_END, period="month"),
    ),
    "S3": (
        _t("S3-T1", "92% permanent social workers by 2023", "M06b", scope_filter=SW,
           baseline_value=87.2, baseline_date=_d("2021-02-28"), target_value=92.0,
           target_date=S3_END),
        _t("S3-T2", "Turnover reduces", "turnover_rate_fte", baseline_date=S3_START,
           target_date=S3_END),
        _t("S3-T3", "Fewer agency workers covering vacant posts", "M08",
           baseline_date=S3_START, target_date=S3_END),
        _t("S3-T4", "More internal promotions", "M13", baseline_date=S3_START,
           target_date=S3_END),
        _t("S3-T5", "Average caseload reduces", "M14", baseline_date=S3_START,
           target_date=S3_END),
        _t("S3-T6", "Highest caseload reduces", "M15a", baseline_date=S3_START,
           target_date=S3_END),
        _t("S3-T7", "Fewer children with 3 or more social workers in a year", "M16a",
           baseline_date=S3_START, target_date=S3_END,
           note="DfE 2024: England 27%, Dudley 23%."),
        _t("S3-T8", "More social workers completing the ASYE", "M25a",
           baseline_date=S3_START, target_date=S3_END),
        _t("S3-T9", "Agency costs reduce", "M33", baseline_date=S3_START, target_date=S3_END),
        _t("S3-T10", "More compliments than complaints", "M43", target_value=1.0,
           note="Equal numbers count as met."),
        _t("S3-T11", "Good or outstanding audits increase every month", "M44a",
           baseline_value=0.0, baseline_date=S3_START, target_date=S3_END, period="month",
           note="'Better than the baseline' of no change: any monthly increase."),
        _t("S3-T12", "Three to four recruitment events a year", "M46", direction="within",
           band=0.5, target_value=3.5),
        _t("S3-T13", "Aspiring managers on the programme", "M29", baseline_date=S3_START,
           target_date=S3_END),
    ),
    "S4": (
        _t("S4-T1", "Agency workforce at 10%", "agency_rate_fte", baseline_value=18.79,
           baseline_date=_d("2022-01-31"), target_value=10.0, target_date=S4_END),
        _t("S4-T2", "Vacancy rate below 14.45%", "vacancy_rate_fte", baseline_value=14.45,
           baseline_date=_d("2022-07-31"), target_date=S4_END),
        _t("S4-T3", "Vacancy rate (local: per FTE in post) below 40.60%", "M10b",
           scope_filter=SW, baseline_value=40.60, baseline_date=_d("2022-07-31"),
           target_date=S4_END),
        _t("S4-T4", "Sickness absence below 7.36%", "M17", baseline_value=7.36,
           baseline_date=_d("2021-09-30"), target_date=S4_END, period="quarter"),
        _t("S4-T5", "Short-term sickness below 0.94%", "M18a", baseline_value=0.94,
           baseline_date=_d("2021-09-30"), target_date=S4_END, period="quarter"),
        _t("S4-T6", "Long-term sickness below 6.42%", "M18b", baseline_value=6.42,
           baseline_date=_d("2021-09-30"), target_date=S4_END, period="quarter"),
        _t("S4-T7", "Every starter completes induction", "M24", target_value=100.0),
        _t("S4-T8", "Nine new social work apprentices a year", "M28", baseline_value=3.0,
           baseline_date=_d("2021-12-31"), target_value=9.0, target_date=_d("2024-12-31"),
           trajectory="stepped", milestones=(Milestone(_d("2022-12-31"), 5.0),
                                             Milestone(_d("2023-12-31"), 7.0),
                                             Milestone(_d("2024-12-31"), 10.0))),
        _t("S4-T9", "More ASYEs completed within 12 months", "M25", baseline_date=S4_START,
           target_date=S4_END),
        _t("S4-T10", "Caseloads of newly qualified social workers reduce", "M14",
           scope_filter="experience=Newly qualified", baseline_date=S4_START,
           target_date=S4_END),
        _t("S4-T11", "Practice observed twice a year for everyone", "M47", target_value=100.0),
        _t("S4-T12", "Agency spend reduces", "M33", baseline_date=S4_START,
           target_date=S4_END),
        _t("S4-T13", "Monthly supervision", "M20", target_value=100.0, tolerance=5.0,
           period="month"),
    ),
}

SEED_TRACKED = {
    "REREF": TrackedMeasure("REREF", "Re-referrals within 12 months", unit="percent",
                            polarity="down"),
    "CPREV": TrackedMeasure("CPREV", "Child protection plans reviewed on time",
                            unit="percent", polarity="up"),
}
