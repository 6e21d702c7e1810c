"""Business rules and schema checks on hand-made faulty returns: exact sets of findings."""

from __future__ import annotations

import pytest
import xmlschema

from tests.census.helpers import SCHEMAS, agency, worker, write
from workforce.census.rules import RULES
from workforce.census.validate import validate


def found(report) -> set[tuple[str, str, str]]:
    return {(f.code, f.record, f.field) for f in report.findings}


def test_a_clean_return_has_no_findings(tmp_path):
    path = write(tmp_path / "ok.xml", 2024, [worker(2024, "SW1"), agency("SW2")])
    report = validate(path)
    assert report.findings == [] and report.workers == 2 and report.year == 2024


def test_injected_faults_are_each_reported_exactly(tmp_path):
    y = 2024
    workers = [
        worker(y, "SW1"),                                              # 1 clean
        worker(y, "SW2", Ethnicity="XXXX"),                            # 2 bad code
        worker(y, "SW3", RoleStartDate="2020-02-30"),                  # 3 impossible date
        worker(y, "SW4", FTE=1.5),                                     # 4 FTE above 1
        worker(y, "SW5", Ethnicity=None),                              # 5 missing mandatory
        worker(y, "SW6", FTE=0.0, RoleEndDate="2023-06-30", ReasonLeave="1",
               LeaverDestination="1", Cases30=None),                   # 6 left before the year
        worker(y, "SW7", FTE=0.5, RoleEndDate="2024-03-31", ReasonLeave="1",
               LeaverDestination="1", Cases30=None),                   # 7 leaver with FTE
        worker(y, "SW8", Absat30Sept="1"),                             # 8 absent, no reason
        worker(y, "SW9"), worker(y, "SW9"),                            # 9, 10 duplicates
        worker(y, None),                                               # 11 no SWE number
        agency("SW12", ContractWeeks=None),                            # 12 agency, no weeks
        worker(y, "SW13", Cases30=45),                                 # 13 very high caseload
    ]
    la = {"NumberOfVacancies": 2.0, "NoAgencyFTE": 3.0, "NoAgencyHeadcount": 2}
    path = write(tmp_path / "faults.xml", y, workers, la)
    report = validate(path)
    assert found(report) == {
        ("XSD", "worker 2", "Ethnicity"),
        ("XSD", "worker 3", "RoleStartDate"),
        ("XSD", "worker 4", "FTE"),
        ("CSWW-E11", "worker 5", "Ethnicity"),
        ("CSWW-E14", "worker 6", "RoleEndDate"),
        ("CSWW-E13", "worker 7", "FTE"),
        ("CSWW-E20", "worker 8", "ReasonAbsence"),
        ("CSWW-E30", "worker 9", "SWENo"),
        ("CSWW-E30", "worker 10", "SWENo"),
        ("XSD", "worker 11", "FTE"),  # FTE found where SWENo should be
        ("CSWW-Q13", "worker 12", "ContractWeeks"),
        ("CSWW-Q11", "worker 13", "Cases30"),
        ("CSWW-Q01", "la", "NoAgencyFTE"),
        ("CSWW-Q30", "la", "NoAgencyFTE"),
        ("CSWW-Q31", "la", "NoAgencyHeadcount"),
    }
    assert len(report.errors) == 10 and len(report.queries) == 5


def test_every_schema_fault_xmlschema_reports_is_reported(tmp_path):
    workers = [worker(2025, "SW1", Sex="X"),
               worker(2025, "SW2", StartOrigin="11", QualLevel="4"),
               worker(2025, "SW3", RoleEndDate="2025-13-01"), agency("SW4", QualInst=None)]
    path = write(tmp_path / "xsd.xml", 2025, workers)
    text = path.read_text()  # the writer formats numbers, so decimal faults are typed in
    text = text.replace("<FTE>1</FTE>", "<FTE>0.1234567</FTE>", 1)
    path.write_text(text.replace("<BaseSalary>40000.00<", "<BaseSalary>12.345<", 1))
    schema = xmlschema.XMLSchema(str(SCHEMAS / "csww_schema_2025.xsd"))
    expected = {(e.path.split("/")[2].replace("CSWWWorker[", "worker ").rstrip("]"),
                 e.path.split("/")[3]) for e in schema.iter_errors(str(path))}
    ours = {(f.record, f.field) for f in validate(path).findings if f.code == "XSD"}
    assert ours == expected == {("worker 1", "Sex"), ("worker 1", "FTE"),
                                ("worker 1", "BaseSalary"), ("worker 2", "QualLevel"),
                                ("worker 2", "StartOrigin"), ("worker 3", "RoleEndDate")}


CASES = {  # rule -> (worker changes, item expected at fault)
    "CSWW-E10": ({"FTE": None}, "FTE"),
    "CSWW-E12": ({"FTE": 0.0}, "FTE"),
    "CSWW-E15": ({"RoleStartDate": "2024-05-01", "FTE30": 0.0, "RoleEndDate": "2024-04-01",
                  "FTE": 0.0, "ReasonLeave": "1", "LeaverDestination": "1", "Cases30": None},
                 "RoleEndDate"),
    "CSWW-E16": ({"RoleStartDate": "2024-10-01", "FTE30": 0.0}, "RoleStartDate"),
    "CSWW-E17": ({"AgencyWorker": "1", "StartOrigin": None, "ContractWeeks": 10.0},
                 "StartOrigin"),
    "CSWW-E18": ({"RoleEndDate": "2024-05-01", "FTE": 0.0, "Cases30": None,
                  "LeaverDestination": "1"}, "ReasonLeave"),
    "CSWW-E19": ({"ReasonLeave": "1"}, "ReasonLeave"),
    "CSWW-E21": ({"PersonBirthDate": "2019-06-01"}, "PersonBirthDate"),  # and Q10
    "CSWW-E22": ({"WorkingDaysLost": -1.0}, "WorkingDaysLost"),
    "CSWW-E23": ({"RoleStartDate": "2024-01-01"}, "FTE30"),
    "CSWW-Q10": ({"PersonBirthDate": "1950-01-01"}, "PersonBirthDate"),
    "CSWW-Q12": ({"WorkingDaysLost": 254.5}, "WorkingDaysLost"),  # 2024: W is 254
    "CSWW-Q15": ({"RoleEndDate": "2024-05-01", "FTE": 0.0, "ReasonLeave": "1",
                  "LeaverDestination": "1"}, "Cases30"),
    "CSWW-Q16": ({"SWENo": "HC12345"}, "SWENo"),
    "CSWW-Q17": ({"Cases30": 0}, "Cases30"),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_rule_fires_on_its_hand_made_case_and_nothing_else(tmp_path, code):
    changes, item = CASES[code]
    w = worker(2024, "SW1", **changes)
    report = validate(write(tmp_path / "case.xml", 2024, [w]))
    also = {("CSWW-Q10", "worker 1", item)} if code == "CSWW-E21" else set()
    assert found(report) == {(code, "worker 1", item)} | also
    f = report.findings[0]
    assert f.swe == w.get("SWENo", "SW1") and f.message == RULES[code].text


def test_header_rules_check_the_reference_date(tmp_path):
    path = write(tmp_path / "h.xml", 2024, [worker(2024, "SW1")])
    path.write_text(path.read_text().replace("2024-09-30</ReferenceDate>",
                                             "2024-03-31</ReferenceDate>"))
    assert found(validate(path)) == {("CSWW-E01", "header", "ReferenceDate")}


def test_the_other_la_level_name_in_2025_is_accepted_with_a_query(tmp_path):
    path = write(tmp_path / "v.xml", 2025, [worker(2025, "SW1")])
    path.write_text(path.read_text().replace("LALevel>", "LALevelVacancies>"))
    report = validate(path)
    assert report.year == 2025 and found(report) == {("CSWW-Q32", "la", "")}


def test_every_rule_has_a_plain_english_text_and_a_code_in_our_scheme():
    for code, rule in RULES.items():
        assert code.startswith(("CSWW-E", "CSWW-Q")) and rule.text.endswith(".")
        assert rule.severity == ("error" if code.startswith("CSWW-E") else "query")


def test_a_return_without_a_header_is_an_error(tmp_path):
    path = write(tmp_path / "h.xml", 2024, [worker(2024, "SW1")])
    text = path.read_text()
    path.write_text(text[:text.index("<Header>")] + text[text.index("</Header>") + 10:])
    report = validate(path)
    assert report.year == 2024  # recognised from the layout: Sex, not GenderCurrent
    assert {(f.code, f.field) for f in report.errors} == {
        ("CSWW-E02", "Collection"), ("CSWW-E02", "Year"), ("CSWW-E02", "LEA")}


def test_records_sharing_an_swe_number_must_agree_on_the_person(tmp_path):
    # worker 2 has worker 1's SWE number (written with a leading zero) but is someone else
    y = 2025
    workers = [worker(y, "SW100860", PersonBirthDate="1965-12-10", Ethnicity="ABAN"),
               worker(y, "SW7"),
               worker(y, "sw0100860", PersonBirthDate="1991-06-03", Sex="M",
                      RoleStartDate="2022-09-29")]
    report = validate(write(tmp_path / "dup.xml", y, workers))
    assert found(report) == {("CSWW-E31", f"worker {n}", item) for n in (1, 3)
                             for item in ("PersonBirthDate", "Sex", "Ethnicity")}
    assert report.queries == []  # 2 FTE in all, but they are two people: the error says so
    birth = [f for f in report.findings if f.field == "PersonBirthDate"]
    assert [(f.swe, f.value, f.line > 0) for f in birth] == [
        ("SW100860", "1965-12-10", True), ("sw0100860", "1991-06-03", True)]
    assert birth[0].message.startswith(
        "Workers 1 and 3 share SWE number SW100860 (written sw0100860 in worker 3): "
        "PersonBirthDate is 1965-12-10 in worker 1 and 1991-06-03 in worker 3. ")
    assert birth[0].message.endswith(RULES["CSWW-E31"].text)
    assert RULES["CSWW-E31"].severity == "error"


def test_records_of_one_person_adding_up_to_more_than_full_time_are_a_query(tmp_path):
    y = 2024
    workers = [worker(y, "SW1", FTE=0.6), worker(y, "SW1", FTE=0.6, RoleStartDate="2023-01-01"),
               worker(y, "SW2", FTE=0.5), worker(y, "SW2", FTE=0.5, RoleStartDate="2022-03-01"),
               worker(y, "SW3"), worker(y, "SW3", FTE=0.0, RoleEndDate="2024-03-31",
                                         ReasonLeave="1", LeaverDestination="1", Cases30=None,
                                         RoleStartDate="2018-01-01"),
               agency("SW4"), worker(y, "SW4", FTE=0.2, RoleEndDate=None)]
    report = validate(write(tmp_path / "fte.xml", y, workers))
    assert found(report) == {("CSWW-Q34", "worker 1", "FTE"), ("CSWW-Q34", "worker 2", "FTE"),
                             ("CSWW-Q34", "worker 7", "FTE"), ("CSWW-Q34", "worker 8", "FTE")}
    assert report.errors == []
    first = report.findings[0]
    assert first.value == "0.6" and first.message == (
        "Workers 1 and 2 share SWE number SW1 and add up to 1.2 FTE at 30 September (0.6 in "
        "workers 1 and 2). " + RULES["CSWW-Q34"].text)


def test_two_posts_of_one_person_and_an_agency_record_without_details_pass(tmp_path):
    y = 2025
    workers = [worker(y, "SW1", FTE=0.5), worker(y, "SW01", FTE=0.5, RoleStartDate="2024-11-01",
                                                  StartOrigin="1", FTE30=0.0),
               agency("SW2", FTE=0.5), worker(y, "SW2", FTE=0.5)]
    assert validate(write(tmp_path / "ok.xml", y, workers)).findings == []


def test_exact_duplicates_are_one_error_not_a_query_too(tmp_path):
    y = 2024
    report = validate(write(tmp_path / "d.xml", y, [worker(y, "SW9"), worker(y, "sw09")]))
    assert found(report) == {("CSWW-E30", "worker 1", "SWENo"), ("CSWW-E30", "worker 2", "SWENo")}


@pytest.mark.parametrize("small", [True, False])
def test_records_of_one_person_are_compared_across_batches(tmp_path, monkeypatch, small):
    from workforce.census import returns, workers

    monkeypatch.setattr(workers, "SIZE", 2)  # each record pair in another batch
    if not small:  # the path of a large return: SWE numbers seen twice found by sorting
        monkeypatch.setattr(returns, "SMALL", 0)
    y = 2025
    path = write(tmp_path / "b.xml", y, [
        worker(y, "SW1"), worker(y, "SW2"), worker(y, "SW3"), worker(y, "SW4", FTE=0.5),
        worker(y, "SW01", Ethnicity="ABAN", RoleStartDate="2021-01-01"),
        worker(y, "SW4", FTE=0.75, RoleStartDate="2021-01-01"), worker(y, "SW3")])
    assert found(validate(path)) == {
        ("CSWW-E31", "worker 1", "Ethnicity"), ("CSWW-E31", "worker 5", "Ethnicity"),
        ("CSWW-Q34", "worker 4", "FTE"), ("CSWW-Q34", "worker 6", "FTE"),
        ("CSWW-E30", "worker 3", "SWENo"), ("CSWW-E30", "worker 7", "SWENo")}
