"""The demo organisation: deterministic, complete, internally consistent, and with the
dynamics of a real children's services department (computed here straight from the frames)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from workforce.demo import generate
from workforce.ledger import TABLES
from workforce.ledger.tables import parse_ref

TODAY = date(2026, 3, 31)
# Dates that may lie after today: budgeted posts, expected ends and expiry of training.
FUTURE_ALLOWED = {("post", "end_date"), ("programme", "expected_end_date"),
                  ("training", "expiry_date")}


@pytest.fixture(scope="module")
def small():
    return generate(staff=300, years=3, seed=7, today=TODAY)


@pytest.fixture(scope="module")
def default():
    return generate(staff=600, years=6, seed=1, today=TODAY)


@pytest.fixture(params=["small", "default"])
def ledger(request):
    return request.getfixturevalue(request.param)


def running(frame: pl.DataFrame, day: date, start="start_date", end="end_date"):
    return frame.filter((pl.col(start) <= day) & (pl.col(end).is_null() | (pl.col(end) >= day)))


def social_workers(ledger, agency: bool | None = False) -> pl.DataFrame:
    a = ledger.assignment.filter(pl.col("staff_group") == "social_worker")
    if agency is None:
        return a
    return a.filter((pl.col("contract") == "agency") == agency)


def census_years(ledger) -> list[tuple[date, date]]:
    """(1 October, 30 September) of every whole census year in the history (which starts the
    month before the first caseload snapshot)."""
    first = ledger.caseload["date"].min() - timedelta(days=31)
    out = []
    for year in range(first.year + 1, TODAY.year + 1):
        begin, end = date(year - 1, 10, 1), date(year, 9, 30)
        if begin >= first and end <= TODAY:
            out.append((begin, end))
    return out


def sw_rates(ledger, begin: date, end: date) -> dict[str, float]:
    direct, agency = social_workers(ledger), social_workers(ledger, agency=True)
    in_post = running(direct, end)["fte"].sum()
    agency_fte = running(agency, end)["fte"].sum()
    left = direct.filter(pl.col("leaving_reason").is_not_null()
                         & pl.col("end_date").is_between(begin, end))["fte"].sum()
    posts = running(ledger.post.filter(pl.col("staff_group") == "social_worker"), end)
    filled = (running(direct, end).filter(pl.col("post_id").is_not_null())
              .group_by("post_id").agg(pl.col("fte").sum().alias("filled")))
    vacant = (posts.join(filled, on="post_id", how="left")
              .select((pl.col("fte") - pl.col("filled").fill_null(0)).clip(0).sum()).item())
    return {"in_post": in_post, "agency": agency_fte, "turnover": 100 * left / in_post,
            "agency_rate": 100 * agency_fte / (agency_fte + in_post),
            "vacancy_rate": 100 * vacant / (vacant + in_post)}


# --- determinism -------------------------------------------------------------------------

def test_the_same_seed_and_today_give_identical_frames(small):
    again = generate(staff=300, years=3, seed=7, today=TODAY)
    for name in TABLES:
        assert small[name].equals(again[name]), name


def test_another_seed_gives_another_organisation(small):
    other = generate(staff=300, years=3, seed=8, today=TODAY)
    assert not small.person.equals(other.person)
    assert not small.assignment.equals(other.assignment)


# --- completeness and consistency ---------------------------------------------------------

def test_every_table_has_rows(ledger):
    empty = [name for name, n in ledger.row_counts().items() if n == 0]
    assert empty == []


def test_the_organisation_is_the_northbridge_demo(ledger):
    org = ledger.organisation.row(0, named=True)
    assert org["code"] == "demo"
    assert org["name"] == "Northbridge Children's Services (demo)"
    assert (org["old_la_code"], org["gss_code"], org["benchmark_la"]) == ("999", "E06999999",
                                                                          "333")
    assert (org["region_code"], org["region_name"]) == ("E12000005", "West Midlands")
    assert ledger.organisations == ["demo"]


def test_natural_keys_are_unique(ledger):
    for name, t in TABLES.items():
        dupes = ledger[name].select(list(t.key)).is_duplicated().sum()
        assert dupes == 0, f"{name} repeats its key {t.key}"


def test_references_point_at_existing_rows(ledger):
    for name, t in TABLES.items():
        for col in t.columns:
            if col.ref is None or col.name == "organisation":
                continue
            ref = parse_ref(col.ref)
            known = ledger[ref.table][ref.column].implode()
            bad = ledger[name].filter(pl.col(col.name).is_not_null()
                                      & ~pl.col(col.name).is_in(known))
            assert bad.height == 0, f"{name}.{col.name}: {bad[col.name].head(3).to_list()}"


def test_values_fit_their_columns(ledger):
    for name, t in TABLES.items():
        frame = ledger[name]
        for col in t.columns:
            values = frame[col.name]
            if col.required:
                assert values.null_count() == 0, f"{name}.{col.name} has blanks"
            if col.codes:
                assert set(values.drop_nulls().unique()) <= set(col.codes), f"{name}.{col.name}"
            if col.min is not None and values.drop_nulls().len():
                assert values.min() >= col.min, f"{name}.{col.name}"
            if col.max is not None and values.drop_nulls().len():
                assert values.max() <= col.max, f"{name}.{col.name}"


def test_no_span_ends_before_it_starts(ledger):
    for name, t in TABLES.items():
        if t.span:
            start, end = t.span
            assert ledger[name].filter(pl.col(end) < pl.col(start)).height == 0, name


def test_nothing_happens_after_today(ledger):
    for name, t in TABLES.items():
        for col in t.columns:
            if col.kind == "date" and (name, col.name) not in FUTURE_ALLOWED:
                late = ledger[name].filter(pl.col(col.name) > TODAY).height
                assert late == 0, f"{name}.{col.name}"


def test_nobody_is_directly_employed_above_one_fte_on_any_day(ledger):
    a = ledger.assignment.filter(pl.col("contract") != "agency")
    changes = pl.concat([
        a.select("staff_id", pl.col("start_date").alias("day"), pl.col("fte").alias("delta")),
        a.filter(pl.col("end_date").is_not_null()).select(
            "staff_id", (pl.col("end_date") + pl.duration(days=1)).alias("day"),
            (-pl.col("fte")).alias("delta")),
    ])
    load = (changes.group_by("staff_id", "day").agg(pl.col("delta").sum()).sort("staff_id", "day")
            .with_columns(pl.col("delta").cum_sum().over("staff_id").alias("fte")))
    assert load["fte"].max() <= 1.0 + 1e-9


def test_assignments_fill_posts_of_their_own_unit_and_staff_group(ledger):
    a = ledger.assignment.filter(pl.col("post_id").is_not_null()).join(
        ledger.post.select("post_id", pl.col("unit").alias("post_unit"),
                           pl.col("staff_group").alias("post_group")), on="post_id")
    assert a.filter(pl.col("unit") != pl.col("post_unit")).height == 0
    assert a.filter(pl.col("staff_group") != pl.col("post_group")).height == 0


# --- the shape of the organisation -------------------------------------------------------

def test_the_default_has_about_250_fte_social_workers_in_teams_of_six_to_eight(default):
    sw = running(social_workers(default, agency=None), TODAY)["fte"].sum()
    assert 220 <= sw <= 290
    units = default.unit
    assert units.filter(pl.col("kind") == "directorate").height == 1
    assert 5 <= units.filter(pl.col("kind") == "service").height <= 8
    teams = units.filter(pl.col("kind") == "team")["code"]
    posts = default.post.filter(pl.col("unit").is_in(teams.implode())).group_by("unit").len()
    assert 6 <= posts["len"].mean() <= 8.5
    people = running(default.assignment, TODAY)["staff_id"].n_unique()
    assert 500 <= people <= 700


def test_a_bigger_organisation_has_more_services_and_teams():
    big = generate(staff=2400, years=1, seed=2, today=TODAY)
    services = big.unit.filter(pl.col("kind") == "service").height
    assert services >= 14
    sw = running(social_workers(big, agency=None), TODAY)["fte"].sum()
    assert 850 <= sw <= 1150


def test_social_work_posts_carry_an_org_role_and_some_are_vacant(default):
    posts = default.post.filter(pl.col("staff_group") == "social_worker")
    assert posts["org_role"].null_count() == 0
    assert set(posts["org_role"]) == {"1", "2", "3", "4", "5", "6"}


# --- the dynamics ----------------------------------------------------------------------

def test_social_worker_turnover_is_around_15_percent_a_year(default):
    rates = [sw_rates(default, *y)["turnover"] for y in census_years(default)]
    assert len(rates) >= 4
    assert 10 <= sum(rates) / len(rates) <= 20
    assert all(5 <= r <= 28 for r in rates)


def ends(ledger, rate: str) -> tuple[float, float]:
    """The mean of `rate` over the first two and over the last two census years."""
    values = [sw_rates(ledger, *y)[rate] for y in census_years(ledger)]
    return sum(values[:2]) / 2, sum(values[-2:]) / 2


def test_agency_share_falls_from_about_a_fifth_towards_an_eighth(default):
    first, last = ends(default, "agency_rate")
    assert 14 <= first <= 26
    assert 7 <= last <= 16
    assert first - last >= 3


def test_vacancies_are_ten_to_fifteen_percent_and_falling(default):
    first, last = ends(default, "vacancy_rate")
    assert 9 <= first <= 20
    assert 5 <= last <= 15
    assert first > last


def test_agency_workers_cover_vacant_posts_and_some_are_in_a_project_team(default):
    agency = default.assignment.filter(pl.col("contract") == "agency")
    assert agency.filter(pl.col("post_id").is_not_null()).height > agency.height / 2
    assert agency["agency"].null_count() == 0
    charge = agency.filter(pl.col("org_role") == "5")["hourly_charge"]
    assert 40 <= charge.median() <= 55
    assert agency["project_team"].sum() > 0


def test_sickness_is_about_three_and_a_half_percent_of_working_days(default):
    rates = []
    for begin, end in census_years(default):
        sick = default.absence.filter((pl.col("reason") == "SIC")
                                      & pl.col("start_date").is_between(begin, end))
        fte = running(default.assignment.filter(pl.col("contract") != "agency"), end)["fte"]
        rates.append(100 * sick["working_days_lost"].sum() / (fte.sum() * 253))
    assert 2.5 <= sum(rates) / len(rates) <= 4.5
    sick = default.absence.filter(pl.col("reason") == "SIC")
    spell_days = (sick["end_date"] - sick["start_date"]).dt.total_days()
    assert (spell_days >= 27).sum() > 0  # long-term spells of 20+ working days
    assert (spell_days <= 4).sum() > sick.height / 2  # mostly short spells
    assert {"MAT", "TRN", "OTH"} <= set(default.absence["reason"])


def test_caseloads_average_16_to_20_with_hot_teams_and_protected_nqsws(default):
    day = date(2025, 9, 30)
    holders = running(social_workers(default, agency=None), day)
    cases = default.caseload.filter(pl.col("date") == day).join(
        holders.group_by("staff_id").agg(pl.col("fte").sum(), pl.col("unit").first(),
                                        pl.col("grade").first()), on="staff_id")
    cases = cases.filter(pl.col("cases") > 0)
    assert 14 <= cases["cases"].sum() / cases["fte"].sum() <= 21
    team = cases.group_by("unit").agg((pl.col("cases").sum() / pl.col("fte").sum()).alias("m"))
    assert team["m"].max() >= 22
    assert cases["cases"].max() >= 28
    year = default.caseload.filter(pl.col("date").is_between(date(2025, 1, 1), day)).join(
        social_workers(default).select("staff_id", "grade", "start_date", "end_date"),
        on="staff_id").filter((pl.col("start_date") <= pl.col("date"))
                              & (pl.col("end_date").is_null()
                                 | (pl.col("end_date") >= pl.col("date"))))
    by_grade = dict(year.group_by("grade").agg(pl.col("cases").mean()).rows())
    assert by_grade["SW1"] < by_grade["SW3"]


def test_a_fifth_or_so_of_looked_after_children_have_three_or_more_social_workers(default):
    day = date(2025, 3, 31)
    alloc = default.allocation
    cla = running(alloc.filter(pl.col("looked_after")), day)["child_id"].unique()
    year = alloc.filter(pl.col("child_id").is_in(cla.implode()) & (pl.col("start_date") <= day)
                        & (pl.col("end_date").is_null()
                           | (pl.col("end_date") > day - timedelta(days=365))))
    workers = year.group_by("child_id").agg(pl.col("staff_id").n_unique().alias("n"))
    share = 100 * (workers["n"] >= 3).sum() / cla.len()
    assert 10 <= share <= 35
    assert alloc["child_id"].str.contains(r"^C\d{6}$").all()


def test_most_social_workers_are_supervised_each_month_and_more_so_later(default):
    def share(month_start: date, month_end: date) -> float:
        eligible = social_workers(default).filter(
            (pl.col("start_date") <= month_start)
            & (pl.col("end_date").is_null() | (pl.col("end_date") >= month_end)))["staff_id"]
        seen = default.supervision.filter(
            (pl.col("kind") == "individual")
            & pl.col("date").is_between(month_start, month_end))["staff_id"]
        return 100 * eligible.is_in(seen.implode()).sum() / eligible.n_unique()

    early, late = share(date(2020, 6, 1), date(2020, 6, 30)), share(date(2025, 11, 1),
                                                                     date(2025, 11, 30))
    assert 65 <= early <= 92 and 75 <= late <= 98 and late > early
    assert {"group", "reflective"} <= set(default.supervision["kind"])
    assert default.supervision["supervisor_id"].null_count() < default.supervision.height / 20


def test_nqsws_join_in_september_and_most_complete_the_asye(default):
    nq = default.assignment.filter(pl.col("start_origin") == "1")
    september = nq.filter(pl.col("start_date").dt.month() == 9).height
    assert september > nq.height / 2
    asye = default.programme.filter(pl.col("kind") == "asye")
    outcomes = dict(asye.group_by("outcome").len().rows())
    assert outcomes["completed"] > 2.5 * outcomes.get("withdrawn", 0)
    assert {"asye", "sw_apprenticeship", "step_up", "frontline", "aspiring_managers"} <= set(
        default.programme["kind"])


def test_careers_move_promote_change_hours_and_sometimes_return(default):
    a = default.assignment.filter(pl.col("contract") != "agency").sort("staff_id", "start_date")
    nxt = a.with_columns(pl.col("start_date").shift(-1).over("staff_id").alias("next_start"),
                         pl.col("grade").shift(-1).over("staff_id").alias("next_grade"),
                         pl.col("fte").shift(-1).over("staff_id").alias("next_fte"))
    chained = nxt.filter(pl.col("next_start") == pl.col("end_date") + pl.duration(days=1))
    assert chained.filter(pl.col("next_grade") != pl.col("grade")).height > 20
    assert chained.filter(pl.col("next_fte") != pl.col("fte")).height > 5
    returned = nxt.filter(pl.col("leaving_reason").is_not_null() & pl.col("next_start")
                          .is_not_null())
    assert returned.height > 0
    now = running(default.assignment.filter(pl.col("contract") != "agency"), TODAY)
    per_person = now.group_by("staff_id").agg(pl.col("fte").sum(), pl.len())
    assert per_person.filter(pl.col("len") > 1).height > 0
    part_time = 100 * per_person.filter(pl.col("fte") < 1).height / per_person.height
    assert 8 <= part_time <= 25


def test_people_look_like_the_childrens_social_care_workforce(default):
    now = running(default.assignment, TODAY).join(default.person, on="staff_id")
    sw = now.filter(pl.col("staff_group") == "social_worker").unique("staff_id")
    assert 0.75 <= (sw["sex"] == "F").mean() <= 0.94
    people = now.unique("staff_id")
    assert 0.45 <= (people["ethnicity"] == "WBRI").mean() <= 0.8
    assert people["ethnicity"].is_in(["REFU", "NOBT"]).sum() > 0
    assert 0.03 <= (people["disability"] == "Y").mean() <= 0.13
    worked = default.assignment.join(default.person, on="staff_id").select(
        ((pl.col("start_date") - pl.col("birth_date")).dt.total_days() / 365.25).min(),
        ((pl.col("end_date").fill_null(TODAY) - pl.col("birth_date")).dt.total_days()
         / 365.25).max()).row(0)
    assert worked[0] >= 21.99 and worked[1] < 68
    swe = default.person["swe_number"].drop_nulls()
    assert swe.str.contains(r"^SW[1-9]\d*$").all() and swe.n_unique() == swe.len()
    assert sw["qual_date"].null_count() == 0 and sw["qual_route"].null_count() == 0


def test_starters_and_leavers_carry_census_codes(default):
    direct = social_workers(default)
    leavers = direct.filter(pl.col("leaving_reason").is_not_null())
    assert leavers["leaver_destination"].null_count() == 0
    assert set(leavers["leaving_reason"]) >= {"1", "5"}
    assert set(direct["start_origin"].drop_nulls()) >= {"1", "2", "4"}


def test_support_records_cover_appraisal_learning_induction_and_pay(default):
    assert (default.appraisal["status"] == "completed").mean() > 0.75
    mandatory = default.course.filter(pl.col("mandatory"))
    assert mandatory.filter(pl.col("code") == "SAFEGUARD")["validity_months"].item() == 36
    assert mandatory.filter(pl.col("code") == "DATAPROT")["validity_months"].item() == 12
    assert default.course["intervention_specific"].sum() >= 3
    steps = set(default.induction["step"])
    assert steps == {"corporate_day1", "corporate_day2", "local", "probation"}
    pay = default.pay
    # 31 March snapshots, and pay on appointment: the first day of one of the person's posts
    appointed = pay.filter(pl.col("snapshot_date").dt.strftime("%m-%d") != "03-31")
    starts = default.assignment.select("staff_id", pl.col("start_date").alias("snapshot_date"))
    assert appointed.height > 0
    assert appointed.join(starts, on=["staff_id", "snapshot_date"], how="anti").height == 0
    assert pay.filter(pl.col("weekly_hours") > 37.0 + 1e-9).height == 0
    kinds = dict(default.payment.group_by("kind").agg(pl.col("amount").first()).rows())
    assert (kinds["golden_hello"], kinds["market_supplement"], kinds["nqsw"]) == (3000, 2000,
                                                                                1000)


def test_recruitment_takes_two_to_four_months_and_exit_interviews_reach_most_leavers(default):
    hired = default.recruitment.filter(pl.col("outcome") == "appointed")
    days = (hired["start_date"] - hired["approved_date"]).dt.total_days()
    assert 55 <= days.median() <= 125
    assert {"not_appointed", "open"} <= set(default.recruitment["outcome"])
    exits = default.interview.filter(pl.col("kind") == "exit")
    leavers = default.assignment.filter(pl.col("leaving_reason").is_not_null()
                                        & (pl.col("end_date") >= date(2021, 1, 1)))
    exits = exits.join(leavers.select("staff_id"), on="staff_id", how="semi").filter(
        pl.col("date") >= date(2020, 12, 15))
    share = exits.height / leavers.select("staff_id", "end_date").unique().height
    assert 0.45 <= share <= 0.75
    assert "workload" in set(exits["reason_1"])
    assert {"stay", "movement"} <= set(default.interview["kind"])


def test_survey_results_are_aggregates_of_five_or_more(default):
    s = default.survey_result
    assert s["respondents"].min() >= 5
    means = dict(s.group_by("theme").agg(pl.col("favourable_pct").mean()).rows())
    assert 52 <= means["engagement"] <= 72 and 72 <= means["wellbeing"] <= 88


def test_the_register_holds_every_kind_of_event(default):
    reg = default.register
    assert set(reg["kind"]) == {"hr_case", "compliment", "complaint", "case_audit",
                                "practice_observation", "recruitment_event",
                                "course_evaluation", "hs_incident", "hs_audit"}
    audits = reg.filter(pl.col("kind") == "case_audit")
    assert set(audits["category"]) == {"outstanding", "good", "requires_improvement",
                                       "inadequate"}
    evals = reg.filter(pl.col("kind") == "course_evaluation")
    assert set(evals["category"]) <= {"3", "6", "12"}
    assert reg.filter(pl.col("kind").is_in(["hs_incident", "hs_audit"]))["on_time"] \
        .null_count() == 0
    years = reg.filter(pl.col("kind") == "recruitment_event").group_by(
        pl.col("date").dt.year()).len()
    assert years["len"].max() <= 4
