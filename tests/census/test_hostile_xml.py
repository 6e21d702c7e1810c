"""Hostile or broken files give a clear error, never a crash, and load nothing."""

from __future__ import annotations

import pytest

from tests.census.helpers import worker, write
from workforce.census.load import load_return
from workforce.census.read import CensusReadError, iter_records
from workforce.census.validate import validate

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Message [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
 <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<Message><LALevelVacancies><NumberOfVacancies>1.00</NumberOfVacancies></LALevelVacancies>
<CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>&i;</SWENo></CSWWWorker></Message>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Message><CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>&secret;</SWENo></CSWWWorker>
</Message>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Message SYSTEM "http://127.0.0.1:9/evil.dtd">
<Message><CSWWWorker><AgencyWorker>0</AgencyWorker></CSWWWorker></Message>"""


def deep_nesting(depth: int = 100_000) -> bytes:
    return b"<Message>" + b"<a>" * depth + b"</a>" * depth + b"</Message>"


def deep_inside_a_record() -> bytes:
    return (b"<Message><CSWWWorker><AgencyWorker>" + b"<x>" * 50 + b"1" + b"</x>" * 50
            + b"</AgencyWorker></CSWWWorker></Message>")


def huge_text(size: int = 20_000_000) -> bytes:
    return (b"<Message><CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>"
            + b"9" * size + b"</SWENo></CSWWWorker></Message>")


def long_item() -> bytes:
    return (b"<Message><CSWWWorker><AgencyWorker>0</AgencyWorker><QualInst>"
            + b"x" * 50_000 + b"</QualInst></CSWWWorker></Message>")


CASES = {
    "billion laughs": (BILLION_LAUGHS, "DTD"),
    "external entity": (EXTERNAL_ENTITY, "DTD"),
    "external DTD": (EXTERNAL_DTD, "DTD"),
    "deep nesting": (deep_nesting(), "nested too deeply"),
    "deep inside a record": (deep_inside_a_record(), "nested"),
    "huge text": (huge_text(), "too large"),
    "long item": (long_item(), "no census item is longer"),
    "not XML": (b"PK\x03\x04 this is a zip file", "not well-formed"),
    "truncated": (b"<Message><CSWWWorker><AgencyWorker>0</Agen", "not well-formed"),
    "wrong root": (b"<html><body>hello</body></html>", "not a CSWW return"),
    "empty": (b"", "not well-formed"),
}


@pytest.mark.parametrize("case", CASES)
def test_hostile_file_is_refused_with_a_clear_error(tmp_path, case):
    data, words = CASES[case]
    path = tmp_path / "hostile.xml"
    path.write_bytes(data)
    with pytest.raises(CensusReadError, match=words):
        list(iter_records(path))


@pytest.mark.parametrize("case", CASES)
def test_validate_reports_a_hostile_file_as_one_error(tmp_path, case):
    path = tmp_path / "hostile.xml"
    path.write_bytes(CASES[case][0])
    report = validate(path)
    assert [(f.code, f.severity) for f in report.findings] == [("READ", "error")]


@pytest.mark.parametrize("case", CASES)
def test_import_of_a_hostile_file_loads_nothing(tmp_path, case):
    path = tmp_path / "hostile.xml"
    path.write_bytes(CASES[case][0])
    result = load_return(path)
    assert not result.ok and result.tables == {}


def test_external_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    path = tmp_path / "xxe.xml"
    path.write_bytes(EXTERNAL_ENTITY.replace(b"file:///etc/passwd", secret.as_uri().encode()))
    report = validate(path)
    assert "TOP SECRET" not in repr(report)


def test_a_missing_file_is_a_finding_not_a_traceback(tmp_path):
    report = validate(tmp_path / "nowhere.xml")
    assert report.findings[0].code == "READ" and "Cannot open" in report.findings[0].message


def test_a_file_with_schema_faults_is_not_half_loaded(tmp_path):
    workers = [worker(2024, "SW1"), worker(2024, "SW2", Ethnicity="XXXX"), worker(2024, "SW3")]
    result = load_return(write(tmp_path / "bad.xml", 2024, workers))
    assert not result.ok and result.tables == {}
    assert [(p.record, p.field) for p in result.problems] == [("worker 2", "Ethnicity")]


@pytest.mark.parametrize("cut", ["after a worker", "inside a worker"])
def test_a_cut_short_return_is_refused_by_validate_and_import(tmp_path, cut):
    whole = write(tmp_path / "whole.xml", 2024,
                  [worker(2024, f"SW{i}") for i in range(1, 6)]).read_bytes()
    at = whole.index(b"</CSWWWorker>", whole.index(b"SW3")) + len(b"</CSWWWorker>")
    path = tmp_path / "cut.xml"
    path.write_bytes(whole[:at] if cut == "after a worker" else whole[:at - 40])
    report = validate(path)
    assert [(f.code, f.severity) for f in report.findings] == [("READ", "error")]
    assert "not well-formed" in report.findings[0].message
    result = load_return(path)
    assert not result.ok and result.tables == {}


def test_a_complete_return_with_a_trailing_comment_is_not_called_cut_short(tmp_path):
    path = write(tmp_path / "whole.xml", 2024, [worker(2024, "SW1")])
    path.write_bytes(path.read_bytes() + b"\n<!-- exported by HR -->\n")
    assert all(f.code != "READ" for f in validate(path).findings)


def test_a_worker_record_at_the_top_is_called_not_a_return_by_import_too(tmp_path):
    path = tmp_path / "worker.xml"
    path.write_bytes(b"<CSWWWorker><AgencyWorker>0</AgencyWorker></CSWWWorker>")
    with pytest.raises(CensusReadError, match="top element is <CSWWWorker>"):
        list(iter_records(path))
    result = load_return(path)
    assert not result.ok
    assert any("top element is <CSWWWorker>" in str(p) for p in result.problems)
