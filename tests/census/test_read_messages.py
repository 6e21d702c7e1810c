"""What a return that cannot be read is told: the line of the first fault, a UTF-16 return
read as such, and a header year that is not supported named rather than guessed."""

from __future__ import annotations

import pytest

from tests.census.helpers import worker, write
from workforce.census.load import load_return
from workforce.census.validate import validate


def with_ethnicity(tmp_path, name: str, value: str):
    """A valid 2025 return whose first worker's Ethnicity is `value`, written raw; the line
    it is on."""
    text = write(tmp_path / "good.xml", 2025, [worker(2025, "SW1"), worker(2025, "SW2")]
                 ).read_text()
    lines = text.splitlines(True)
    n = [i for i, line in enumerate(lines) if "<Ethnicity>" in line][0]
    lines[n] = lines[n].replace("WBRI", value)
    path = tmp_path / name
    path.write_text("".join(lines))
    return path, n + 1


def messages(path) -> list[str]:
    return [f.message for f in validate(path).findings]


def test_an_undeclared_entity_is_named_with_its_line(tmp_path):
    path, line = with_ethnicity(tmp_path, "pound.xml", "W&pound;")
    [said] = messages(path)
    assert f"line {line}, column" in said and "&pound; is not an XML entity" in said
    assert "Start tag expected" not in said and "no element found" not in said


def test_an_undeclared_entity_far_into_a_return_is_named_with_its_line(tmp_path):
    # far enough in that the schema check has streamed many records: libxml2 then loses
    # the parser's own message ("no element found", no line) unless the file is read again
    text = write(tmp_path / "good.xml", 2025,
                 [worker(2025, f"SW{i}") for i in range(1, 1201)]).read_text()
    lines = text.splitlines(True)
    n = [i for i, line in enumerate(lines) if "<Ethnicity>" in line][1100]
    lines[n] = lines[n].replace("WBRI", "W&pound;")
    path = tmp_path / "deep.xml"
    path.write_text("".join(lines))
    [said] = messages(path)
    assert f"line {n + 1}, column" in said and "&pound; is not an XML entity" in said
    loaded = load_return(path)
    assert not loaded.ok and [f.message for f in loaded.problems] == [said]


def test_a_bare_ampersand_is_named_with_its_line(tmp_path):
    path, line = with_ethnicity(tmp_path, "amp.xml", "W & B")
    [said] = messages(path)
    assert f"line {line}, column" in said and "bare '&'" in said


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_a_utf16_return_loads_as_its_utf8_copy(tmp_path, encoding):
    good = write(tmp_path / "good.xml", 2025, [worker(2025, "SW1")])
    text = good.read_text().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    wide = tmp_path / "wide.xml"
    wide.write_bytes(text.encode(encoding))
    assert messages(wide) == messages(good) == []
    loaded = load_return(wide)
    assert loaded.ok and loaded.tables["person"]["staff_id"].to_list() == ["SW1"]


def test_a_cut_short_utf16_return_is_still_refused(tmp_path):
    good = write(tmp_path / "good.xml", 2025, [worker(2025, "SW1")])
    text = good.read_text().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    cut = tmp_path / "cut.xml"
    cut.write_bytes(text[: text.index("</Message>")].encode("utf-16"))
    assert any("cut short" in m or "not well-formed" in m for m in messages(cut))


def test_a_header_year_that_is_not_supported_is_an_error_not_a_guess(tmp_path):
    good = write(tmp_path / "good.xml", 2025, [worker(2025, "SW1")])
    path = tmp_path / "y2030.xml"
    path.write_text(good.read_text().replace("<Year>2025</Year>", "<Year>2030</Year>"))
    report = validate(path)
    assert report.year is None and len(report.errors) == 1
    said = report.errors[0].message
    assert "'2030'" in said and "2021-2025" in said
    assert not load_return(path).ok


def test_a_code_with_spaces_around_it_is_told_so(tmp_path):
    # the reader strips items, the schema does not: 'F' alone would read as right
    good = write(tmp_path / "good.xml", 2025, [worker(2025, "SW1")]).read_text()
    path = tmp_path / "spaces.xml"
    path.write_text(good.replace("<Sex>F</Sex>", "<Sex>  F  </Sex>")
                    .replace("<FTE>1</FTE>", "<FTE> 1 </FTE>"))  # a number may have them
    [f] = validate(path).findings
    assert (f.code, f.field, f.value) == ("XSD", "Sex", "  F  ")
    assert f.message == ("Sex must be one of the codes M, F: the value '  F  ' has spaces "
                         "around it, which count in this item; write it as 'F', with no "
                         "spaces.")
    loaded = load_return(path)
    assert not loaded.ok and "has spaces around it" in loaded.problems[0].message


def test_a_line_break_around_a_code_is_shown_on_one_line(tmp_path):
    good = write(tmp_path / "good.xml", 2025, [worker(2025, "SW1")]).read_text()
    path = tmp_path / "break.xml"
    path.write_text(good.replace("<Ethnicity>WBRI</Ethnicity>", "<Ethnicity>WBRI\n</Ethnicity>"))
    [f] = validate(path).findings
    assert f.value == "WBRI\\n" and "the value 'WBRI\\n' has spaces around it" in f.message
