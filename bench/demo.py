"""Time and peak memory of the demo generator.

    .venv/bin/python bench/demo.py [--staff 5000] [--years 10] [--seed 1]

Prints the seconds taken (wall and CPU), the process's peak resident memory and the rows in
each table, and writes them to bench/results/demo.json. `today` is fixed so runs are
comparable. The generator is single-threaded pure Python, so a busy machine slows it: the
result also records `calibration_seconds`, the CPU time of a fixed 10-million-step Python loop
(about 0.4 s on an idle modern core), to read the other timings against.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

from workforce.demo import generate

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 3, 31)


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MB (ru_maxrss is KB on Linux, bytes on
    macOS)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def calibration() -> float:
    """CPU seconds of a fixed pure-Python loop: how fast this machine runs Python right now."""
    start, total = time.process_time(), 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--staff", type=int, default=5000)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    cpu, wall = time.process_time(), time.perf_counter()
    ledger = generate(staff=args.staff, years=args.years, seed=args.seed, today=TODAY)
    seconds = time.perf_counter() - wall
    cpu_seconds = time.process_time() - cpu
    rows = ledger.row_counts()
    result = {"staff": args.staff, "years": args.years, "seed": args.seed,
              "today": TODAY.isoformat(), "seconds": round(seconds, 2),
              "cpu_seconds": round(cpu_seconds, 2), "peak_rss_mb": round(peak_rss_mb(), 1),
              "calibration_seconds": round(calibration(), 2),
              "total_rows": sum(rows.values()), "rows": rows}
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "demo.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"generate(staff={args.staff}, years={args.years}, seed={args.seed}): "
          f"{seconds:.2f} s wall, {cpu_seconds:.2f} s CPU, peak RSS {result['peak_rss_mb']} MB "
          f"(calibration loop {result['calibration_seconds']} s CPU)")
    width = max(len(name) for name in rows)
    print(f"{'table':<{width}}  {'rows':>10}")
    for name, n in rows.items():
        print(f"{name:<{width}}  {n:>10,}")
    print(f"{'total':<{width}}  {result['total_rows']:>10,}")


if __name__ == "__main__":
    main()
