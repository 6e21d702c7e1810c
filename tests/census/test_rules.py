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
