"""How fast a 200,000-row assignment CSV is read and fully checked (references, overlaps).

    .venv/bin/python bench/imports.py [--rows 200000]

Results go to bench/results/imports.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.core.test_imports_speed import big_assignment_file, context  # noqa: E402

from workforce.imports import read_file  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "assignment.csv"
        big_assignment_file(path, args.rows)
        stored = context(args.rows // 4)
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            result = read_file(path, stored)
            timings.append(time.perf_counter() - started)
        assert not result.errors, result.errors[:3]
    out = {"rows": args.rows, "seconds_best": round(min(timings), 2),
           "seconds_all": [round(t, 2) for t in timings],
           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / "imports.json").write_text(json.dumps(out, indent=2))
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
