"""Support measures (M20-M24) on tiny hand-built ledgers with exact answers."""

from datetime import date

import pytest

from tests.core.ledger_b import a, build, p
from tests.core.series import assert_series_is_each_window
from workforce.measures import get
from workforce.measures.windows import Window, month, quarter


def one(result):
    """The single row of an unbroken-down result, as a dict."""
    assert result.height == 1
    return result.row(0, named=True)


def by_key(result, key):
    return {r[key]: (r["numerator"], r["denominator"], r["value"]) for r in result.to_dicts()}


def sup(staff, on, kind="individual"):
    return {"staff_id": staff, "date": on, "kind": kind}


# --- M20 supervision ----------------------------------------------------------------------

def supervision_ledger():
    people = [p(x) for x in "ABCDEFGHI"]
    assignments = [
        a("A", "2023-01-01"), a("B", "2023-01-01"),
        a("C", "2024-03-02"),                       # started mid-month: not eligible
        a("D", "2024-03-01"),                       # started on the 1st: eligible
        a("E", "2023-01-01"),                       # long-term sick: not eligible
        a("F", "2023-01-01", contract="agency"),    # agency workers are supervised too
        a("G", "2023-01-01", fte=0.5), a("G", "2023-01-01", unit="T2", fte=0.5),
        a("H", "2023-01-01", "2024-03-30"),         # left before the month end
        a("I", "2023-01-01"),                       # a short absence does not exclude
    ]
    absence = [
        {"staff_id": "E", "start_date": "2024-02-20", "end_date": "2024-03-31",
         "reason": "SIC", "working_days_lost": 29},
        {"staff_id": "I", "start_date": "2024-03-04", "end_date": "2024-03-08",
         "reason": "SIC", "working_days_lost": 5},
    ]
    sessions = [sup("A", "2024-03-10"), sup("B", "2024-03-12", "group"),
                sup("C", "2024-03-15"), sup("E", "2024-03-20"), sup("F", "2024-03-31"),
                sup("G", "2024-03-05"), sup("H", "2024-03-01"), sup("I", "2024-02-28")]
    return build(person=people, assignment=assignments, absence=absence, supervision=sessions)


def test_supervision_counts_eligible_staff_with_a_one_to_one_in_the_month():
    r = one(get("M20")(supervision_ledger(), month(2024, 3)))
    # people is the smaller count behind the rate: the 3 supervised, not the 6 eligible
    assert (r["numerator"], r["denominator"], r["people"]) == (3, 6, 3)
    assert r["value"] == 50.0


def test_a_person_in_two_teams_counts_once_in_each_and_once_above():
    r = by_key(get("M20")(supervision_ledger(), month(2024, 3), ["unit"]), "unit")
    assert r == {"T1": (3, 6, 50.0), "T2": (1, 1, 100.0), "S1": (3, 6, 50.0),
                 "DIR": (3, 6, 50.0)}


def test_group_supervision_is_reported_separately():
    r = one(get("M20a")(supervision_ledger(), month(2024, 3)))
    assert (r["numerator"], r["denominator"]) == (1, 6)


def test_over_a_quarter_supervision_is_averaged_over_person_months():
    ledger = build(person=[p("A")], assignment=[a("A", "2023-01-01")],
                   supervision=[sup("A", "2024-01-09"), sup("A", "2024-03-09")])
    r = one(get("M20")(ledger, quarter(2024, 1)))
    assert (r["numerator"], r["denominator"], r["people"]) == (2, 3, 1)


def test_a_month_with_no_supervision_is_zero_and_a_month_with_no_staff_is_none():
    ledger = build(person=[p("A")], assignment=[a("A", "2023-01-01", "2024-05-10")],
                   supervision=[sup("A", "2024-03-09")])
    assert one(get("M20")(ledger, month(2024, 4)))["value"] == 0.0
    assert one(get("M20")(ledger, month(2024, 5)))["value"] is None


def test_supervision_gap_counts_staff_with_no_one_to_one_in_two_months():
    ledger = build(
        person=[p(x) for x in "ABCD"],
        assignment=[a("A", "2023-01-01"), a("B", "2023-01-01"), a("C", "2024-02-01"),
                    a("D", "2024-02-02")],
        supervision=[sup("A", "2024-02-01"), sup("B", "2024-01-31"),
                     sup("C", "2024-02-20", "group")])
    r = one(get("M20b")(ledger, month(2024, 3)))
    # eligible A, B, C (D started after 1 Feb); B's session was before the two months and
    # C had group supervision only
    assert (r["numerator"], r["denominator"], r["value"]) == (2, 3, 2 / 3 * 100)


# --- M21 appraisal ------------------------------------------------------------------------

def appraisal_ledger():
    def appr(staff, on, kind="annual", status="completed"):
        return {"staff_id": staff, "date": on, "kind": kind, "status": status}

    return build(
        person=[p(x) for x in "ABCDEF"],
        assignment=[a("A", "2020-01-01"), a("B", "2023-12-30"), a("C", "2023-12-31"),
                    a("D", "2020-01-01"), a("E", "2020-01-01"),
                    a("F", "2020-01-01", contract="agency")],
        appraisal=[appr("A", "2023-07-01"), appr("B", "2024-06-01", "checkin"),
                   appr("C", "2024-06-01"), appr("D", "2023-06-30"),
                   appr("E", "2024-06-30", status="scheduled"), appr("F", "2024-01-01")])


def test_appraisal_rate_counts_completed_appraisals_in_the_last_12_months():
    r = one(get("M21")(appraisal_ledger(), Window(date(2024, 1, 1), date(2024, 6, 30))))
    # eligible: A, B (6 months' service exactly), D, E; C too new; F agency
    assert (r["numerator"], r["denominator"]) == (1, 4)


def test_check_ins_count_for_the_six_monthly_variant():
    r = one(get("M21a")(appraisal_ledger(), Window(date(2024, 1, 1), date(2024, 6, 30))))
    assert (r["numerator"], r["denominator"]) == (1, 4)  # only B (A's appraisal is older)


# --- M22, M23 training --------------------------------------------------------------------

def training_ledger():
    courses = [
        {"code": "SAFE", "title": "Safeguarding", "mandatory": True},
        {"code": "GDPR", "title": "Data protection", "mandatory": True, "validity_months": 12},
        {"code": "SWONLY", "title": "Court skills", "mandatory": True,
         "audience": "social_worker"},
        {"code": "OPT", "title": "Optional", "mandatory": False},
    ]

    def done(staff, course, on, expiry=None):
        return {"staff_id": staff, "course": course, "completed_date": on, "expiry_date": expiry}

    return build(
        person=[p("A"), p("B")],
        assignment=[a("A", "2020-01-01"),
                    a("B", "2020-01-01", staff_group="business_support", org_role=None)],
        course=courses,
        training=[done("A", "SAFE", "2020-02-01"), done("A", "GDPR", "2023-06-30"),
                  done("A", "SWONLY", "2024-07-01"), done("A", "OPT", "2024-05-01"),
                  done("B", "SAFE", "2023-01-01", "2024-07-01"), done("B", "GDPR", "2023-07-01")])


def test_training_that_expires_on_the_date_is_not_valid():
    r = one(get("M22")(training_ledger(), Window(date(2024, 1, 1), date(2024, 6, 30))))
    assert (r["numerator"], r["denominator"], r["value"]) == (3, 5, 60.0)


def test_training_compliance_by_course_only_counts_the_audience():
    r = get("M22")(training_ledger(), Window(date(2024, 1, 1), date(2024, 6, 30)), ["course"])
    assert by_key(r, "course") == {"GDPR": (1, 2, 50.0), "SAFE": (2, 2, 100.0),
                                   "SWONLY": (0, 1, 0.0)}


def test_training_take_up_counts_optional_courses_in_the_window():
    r = one(get("M23")(training_ledger(), quarter(2024, 2)))
    assert (r["numerator"], r["denominator"]) == (1, 2)
    assert one(get("M23a")(training_ledger(), quarter(2024, 2)))["value"] == 1


# --- M24 induction ------------------------------------------------------------------------

def induction_ledger():
    def step(staff, name, on, outcome="completed"):
        return {"staff_id": staff, "step": name, "completed_date": on, "outcome": outcome}

    return build(
        person=[p(x) for x in "ABCDE"],
        assignment=[a("A", "2024-01-01"), a("B", "2024-03-31"), a("C", "2023-12-31"),
                    a("D", "2024-02-01"),
                    a("E", "2023-01-01", "2024-01-31"), a("E", "2024-02-01", unit="T2")],
        induction=[step("A", "corporate_day1", "2024-01-01"),
                   step("A", "corporate_day2", "2024-03-31"), step("A", "local", "2024-01-05"),
                   step("B", "corporate_day1", "2024-03-31"),
                   step("C", "corporate_day1", "2024-01-02"),
                   step("C", "corporate_day2", "2024-01-03"),
                   step("D", "corporate_day1", "2024-02-01"),
                   step("D", "corporate_day2", "2024-05-02")])


def test_induction_counts_starters_on_the_window_edges_and_the_90th_day():
    r = one(get("M24")(induction_ledger(), quarter(2024, 1)))
    # starters A (1 Jan), B (31 Mar), D; C started before; E moved team (not a starter).
    # A's day 2 is on day 90 (counts); D's is on day 91 (1 Feb + 90 days = 1 May).
    assert (r["numerator"], r["denominator"]) == (1, 3)


def test_local_induction_is_its_own_variant():
    r = one(get("M24a")(induction_ledger(), quarter(2024, 1)))
    assert (r["numerator"], r["denominator"]) == (1, 3)


# --- the part-B registry ------------------------------------------------------------------

def test_every_measure_from_m20_to_m49_is_declared_with_a_source_and_formula():
    from workforce.measures import all_measures

    measures = all_measures()
    assert all(f"M{n}" in measures for n in range(20, 50))
    for mid, m in measures.items():
        if mid[1:3].isdigit() and 20 <= int(mid[1:3]) <= 49:
            assert m.definition and m.formula and m.source, mid
            assert m.compute.__doc__, mid


@pytest.mark.parametrize("by", [["staff_group"], ["staff_group", "course"], ["team", "sex"]])
def test_training_compliance_breaks_down_by_any_staff_dimension(by):
    r = get("M22")(training_ledger(), Window(date(2024, 1, 1), date(2024, 6, 30)), by)
    assert r["denominator"].sum() == 5 and r["numerator"].sum() == 3
    if by == ["staff_group"]:
        # A (social worker) holds SAFE only (GDPR expires on the date, SWONLY comes later);
        # B (business support) holds both of the courses that apply to everyone
        assert by_key(r, "staff_group") == {"social_worker": (1, 3, 1 / 3 * 100),
                                            "business_support": (2, 2, 100.0)}


def test_a_person_in_two_staff_groups_at_once_needs_the_courses_for_everyone_once():
    ledger = build(
        person=[p("A")],
        assignment=[a("A", "2020-01-01", fte=0.5),
                    a("A", "2020-01-01", fte=0.5, staff_group="business_support")],
        course=[{"code": "SAFE", "title": "Safeguarding", "mandatory": True},
                {"code": "SWONLY", "title": "Court skills", "mandatory": True,
                 "audience": "social_worker"}],
        training=[{"staff_id": "A", "course": "SAFE", "completed_date": "2023-01-01"}])
    june = month(2024, 6)
    assert (lambda r: (r["numerator"], r["denominator"]))(one(get("M22")(ledger, june))) == (1, 2)
    assert by_key(get("M22")(ledger, june, ["staff_group"]), "staff_group") == {
        "social_worker": (1, 2, 50.0), "business_support": (1, 1, 100.0)}
    assert by_key(get("M22")(ledger, june, ["course"]), "course") == {
        "SAFE": (1, 1, 100.0), "SWONLY": (0, 1, 0.0)}


def test_a_person_in_two_teams_with_two_staff_groups_needs_the_courses_for_everyone_once_above():
    """B is a social worker in T1 and business support in T2 (both in S1): each team asks
    of B what B's staff group there needs, and the service above both asks for the course
    everyone needs once, as the organisation does (not the teams' figures added up: 2 of
    5)."""
    ledger = build(
        person=[p("A"), p("B")],
        assignment=[a("A", "2020-01-01"), a("B", "2020-01-01", fte=0.5),
                    a("B", "2020-01-01", unit="T2", fte=0.5, staff_group="business_support")],
        course=[{"code": "SAFE", "title": "Safeguarding", "mandatory": True},
                {"code": "SWONLY", "title": "Court skills", "mandatory": True,
                 "audience": "social_worker"}],
        training=[{"staff_id": "B", "course": "SAFE", "completed_date": "2023-01-01"}])
    june = month(2024, 6)
    got = {k: v[:2] for k, v in by_key(get("M22")(ledger, june, ["unit"]), "unit").items()}
    assert got == {"T1": (1, 4), "T2": (1, 1), "S1": (1, 4), "DIR": (1, 4)}
    assert one(get("M22")(ledger, june))["denominator"] == 4


# --- a whole series at once ---------------------------------------------------------------

SERIES = [month(2024, 1), month(2024, 2), month(2024, 3), quarter(2024, 1),
          Window(date(2024, 3, 15), date(2024, 3, 15)), Window(date(2023, 7, 1),
                                                                date(2024, 6, 30))]


@pytest.mark.parametrize("ledger, ids", [
    (supervision_ledger, ["M20", "M20a", "M20b"]), (appraisal_ledger, ["M21", "M21a"]),
    (training_ledger, ["M22", "M23", "M23a"]), (induction_ledger, ["M24", "M24a"])])
@pytest.mark.parametrize("by", [[], ["unit"]])
def test_a_series_gives_each_window_what_it_gives_alone(ledger, ids, by):
    """Windows that overlap, share months or last one day are each computed as on their own."""
    led = ledger()
    for mid in ids:
        assert_series_is_each_window(led, mid, SERIES, by)
