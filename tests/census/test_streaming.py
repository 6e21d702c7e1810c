"""Reading is streamed: memory stays flat whatever the file size."""

from __future__ import annotations

import subprocess
import sys

from tests.census.helpers import worker, write
from workforce.census.read import iter_records

PEAK = """
import resource, sys
from workforce.census.validate import validate
report = validate(sys.argv[1])
assert report.workers > 0 and not report.errors, report.findings[:3]
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def peak_mb(path) -> int:
    out = subprocess.run([sys.executable, "-c", PEAK, str(path)], capture_output=True,
                         text=True, check=True)
    return int(out.stdout.strip())


def test_validating_a_file_ten_times_larger_takes_no_more_memory(tmp_path):
    small = write(tmp_path / "small.xml", 2024, [worker(2024, f"SW{i}") for i in range(2_000)])
    big = write(tmp_path / "big.xml", 2024, [worker(2024, f"SW{i}") for i in range(20_000)])
    assert big.stat().st_size > 7_500_000
    # A tree of the big file would take over 60 MB; streamed, the peak barely moves
    # (the checks across records keep 20 bytes per worker).
    assert peak_mb(big) - peak_mb(small) < 20


def test_records_are_yielded_in_file_order_with_worker_numbers(tmp_path):
    path = write(tmp_path / "r.xml", 2025, [worker(2025, "SW1"), worker(2025, "SW2")])
    kinds = [(r.kind, r.index, r.values.get("SWENo")) for r in iter_records(path)]
    assert kinds == [("header", 0, None), ("la", 0, None), ("worker", 1, "SW1"),
                     ("worker", 2, "SW2")]


def test_reading_a_little_at_a_time_gives_the_same_records(tmp_path):
    path = write(tmp_path / "r.xml", 2024, [worker(2024, f"SW{i}") for i in range(50)])
    whole = [(r.kind, r.index, r.line, r.values) for r in iter_records(path)]
    assert [(r.kind, r.index, r.line, r.values) for r in iter_records(path, chunk=64)] == whole


def test_a_repeated_item_is_noted_and_its_first_text_counts(tmp_path):
    path = write(tmp_path / "r.xml", 2024, [worker(2024, "SW1")])
    text = path.read_text()
    path.write_text(text.replace("<FTE>1</FTE>", "<FTE> 1.0 </FTE><FTE>0.5</FTE>", 1))
    (rec,) = [r for r in iter_records(path) if r.kind == "worker"]
    assert rec.values["FTE"] == "1.0" and rec.repeated == ["FTE"]
    assert rec.values["SWENo"] == "SW1" and not rec.nested
