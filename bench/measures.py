"""Time and peak memory of the whole measure registry as a monthly series by team.

    .venv/bin/python bench/measures.py                      # --staff 5000 --years 10
    .venv/bin/python bench/measures.py --staff 600 --years 6 --threads 2

The demo ledger (`workforce.demo.generate`) is generated first and saved as Parquet; the
measures then run in a fresh Python process limited to `--threads` polars threads (2 by
default, the goal's machine), so that its peak resident memory (from the operating system,
`ru_maxrss` of that process) is the measures' and not the generator's. That process times:

- **total**: wall and CPU seconds of `engine.run` over every registered measure, monthly
  windows over the last `--years` years, `by=["team"]`, suppression on, from a cold cache;
- **peak**: the process's peak resident memory at the end of that run (the goal's figure);
  the per-measure phase below runs later and its peak is reported separately;
- **per measure**: each measure's `Measure.many` over the same windows, cold cache, in
  registry order (intermediates shared between measures are built by the first that needs
  them), with whether it took the vectorised series path or the window-by-window loop;
- **phases** (with `--phases`): each family again on one lane, split into the measures' own
  computation, suppression and the tables by team (`phases`), to show where the time goes;
- **machine reference**: a fixed polars workload timed in the same process before the run
  (`machine_reference`), so that figures from different machines, or from one shared machine
  on a faster or slower day, can be compared.

Goal (issue "Measures engine"): under 2 s and under 2 GB on 2 cores for 5,000 staff and 10
years. Results go to bench/results/measures.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "measures.json"
TODAY = date(2026, 3, 31)


def save_ledger(ledger, folder: Path) -> None:
    for name in ledger:
        ledger[name].write_parquet(folder / f"{name}.parquet")


def load_ledger(folder: Path):
    import polars as pl

    from workforce.ledger import Ledger

    return Ledger({p.stem: pl.read_parquet(p) for p in folder.glob("*.parquet")})


def windows_for(years: int, today: date):
    from workforce.measures.windows import add_years, series

    return series("monthly", add_years(today, -years), today)


def _cpu() -> float:
    """CPU seconds of this process, all threads (wall time suffers on a shared machine)."""
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def machine_reference(repeat: int = 5) -> dict:
    """Seconds (median of `repeat`) of a fixed polars workload shaped like the measures'
    commonest step, a group-by of a 600,000-row stock by (window, team) with a sum and a
    distinct count, then a join on the person, so that figures taken on different machines
    (or on one machine that runs faster or slower from day to day) can be compared."""
    import statistics

    import polars as pl

    i = pl.int_range(0, 600_000, eager=True)
    frame = pl.DataFrame({
        "_w": (i % 121).cast(pl.Int32), "team": "T" + (i * 7919 % 695).cast(pl.String),
        "staff_id": "P" + (i * 104729 % 18_000).cast(pl.String),
        "fte": (i * 37 % 100).cast(pl.Float64) / 100})
    people = frame.select("staff_id").unique().with_columns(pl.lit(1).alias("x"))
    times = []
    for _ in range(repeat + 1):  # the first warms up
        t = time.perf_counter()
        frame.group_by("_w", "team").agg(pl.col("fte").sum(), pl.col("staff_id").n_unique())
        frame.join(people, on="staff_id")
        times.append(time.perf_counter() - t)
    return {"seconds": round(statistics.median(times[1:]), 4),
            "what": "median of 5: group-by of 600,000 rows by (window, team) with a sum and "
                    "a distinct count, then a join on the person (see machine_reference)"}


def phases(ledger, ids: list[str], windows, by: list[str]) -> dict:
    """Where a run's time goes, on one lane (so that the stages add up to its wall time):
    each family run on its own from a cold cache (so intermediates shared between families
    are built once per family: the families' sum is above the run's), and within it the
    seconds in the measures' own computation (`Measure.many`: records, sums, tables by unit
    with residual cells), in small-number suppression (`suppress`, with the tables it is
    linked to made inside the computation above) and in taking the tables by team from the
    tables by unit (`_teams`)."""
    from workforce.measures import all_measures, cache, engine, registry

    spent = {"compute": 0.0, "suppress": 0.0, "teams": 0.0}
    depth = [0]

    def timed(owner, name: str, stage: str):
        inner = getattr(owner, name)

        def wrapper(*args, **kwargs):
            if depth[0]:  # inside another timed stage: counted there
                return inner(*args, **kwargs)
            depth[0] += 1
            start = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[stage] += time.perf_counter() - start
                depth[0] -= 1

        setattr(owner, name, wrapper)
        return inner

    saved = [(registry.Measure, "many", timed(registry.Measure, "many", "compute")),
             (engine, "suppress", timed(engine, "suppress", "suppress")),
             (engine, "_teams", timed(engine, "_teams", "teams"))]
    registry_ = all_measures()
    families: dict[str, float] = {}
    try:
        for fam in sorted({registry_[i].family for i in ids}):
            cache.clear()
            start = time.perf_counter()
            engine.run(ledger, [i for i in ids if registry_[i].family == fam], windows=windows,
                       by=by, frugal=True, workers=1)
            families[fam] = round(time.perf_counter() - start, 3)
    finally:
        for owner, name, inner in saved:
            setattr(owner, name, inner)
    return {"seconds_by_stage": {k: round(v, 3) for k, v in spent.items()},
            "seconds_by_family": dict(sorted(families.items(), key=lambda kv: -kv[1])),
            "what": " ".join((phases.__doc__ or "").split())}


def run_measures(folder: Path, years: int, by: list[str], families: list[str],
                 with_phases: bool = False) -> dict:
    """In this (fresh) process: time the registry (or some families) on the saved ledger."""
    from workforce.measures import all_measures, cache
    from workforce.measures.engine import run

    reference = machine_reference()
    ledger = load_ledger(folder)
    windows = windows_for(years, TODAY)
    registry = {k: m for k, m in all_measures().items() if not families or m.family in families}
    cache.clear()
    t0, c0 = time.perf_counter(), _cpu()
    rows = run(ledger, list(registry), windows=windows, by=by, frugal=True)
    total, cpu = time.perf_counter() - t0, _cpu() - c0
    peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # the run's
    result_rows = rows.height
    del rows  # the per-measure timings below are for finding slow measures, not the goal
    org = ledger.for_organisation(ledger.organisations[0])
    cache.clear()
    per = []
    for m in registry.values():
        if any(b not in m.breakdowns for b in by):
            continue
        t = time.perf_counter()
        out = m.many(org, windows, by)
        per.append({"id": m.id, "family": m.family, "seconds": round(time.perf_counter() - t, 4),
                    "rows": out.height, "path": "series" if m.series else "loop"})
    staged = phases(ledger, list(registry), windows, by) if with_phases else None
    return {
        **({"phases_one_lane": staged} if staged else {}),
        "seconds": round(total, 3), "cpu_seconds": round(cpu, 3),
        "peak_rss_mb": peak,
        "peak_rss_mb_with_per_measure_phase": round(
            resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "result_rows": result_rows, "windows": len(windows), "measures_run": len(per),
        "measures_registered": len(registry), "machine_reference": reference,
        "per_measure": per,
    }


def summarise(per: list[dict]) -> dict:
    fams: dict[str, float] = {}
    paths: dict[str, float] = {}
    for p in per:
        fams[p["family"]] = fams.get(p["family"], 0) + p["seconds"]
        paths[p["path"]] = paths.get(p["path"], 0) + p["seconds"]
    slow = sorted(per, key=lambda p: -p["seconds"])[:10]
    return {"seconds_by_family": {k: round(v, 3) for k, v in sorted(fams.items())},
            "seconds_by_path": {k: round(v, 3) for k, v in paths.items()},
            "slowest": [{k: p[k] for k in ("id", "seconds", "path")} for p in slow]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--staff", type=int, default=5000)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--by", default="team", help="comma-separated breakdowns")
    ap.add_argument("--families", default="", help="comma-separated families (default: all)")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--phases", action="store_true",
                    help="also time each family on one lane, split into computation, "
                         "suppression and tables by team (`phases`; adds about a minute)")
    ap.add_argument("--run-from", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    by = [b for b in args.by.split(",") if b]
    if args.run_from:
        fams = [f for f in args.families.split(",") if f]
        print(json.dumps(run_measures(args.run_from, args.years, by, fams, args.phases)))
        return 0
    from workforce.demo import generate

    t0 = time.perf_counter()
    ledger = generate(staff=args.staff, years=args.years, seed=args.seed, today=TODAY)
    gen = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        save_ledger(ledger, Path(tmp))
        env = {**os.environ, "POLARS_MAX_THREADS": str(args.threads)}
        cmd = [sys.executable, __file__, "--run-from", tmp, "--years", str(args.years),
               "--by", args.by, "--families", args.families,
               *(["--phases"] if args.phases else [])]
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        print(done.stderr, file=sys.stderr)
        return done.returncode
    res = json.loads(done.stdout.strip().splitlines()[-1])
    report = {
        "staff": args.staff, "years": args.years, "seed": args.seed, "by": by,
        "families": args.families or "all",
        "threads": args.threads, "machine": f"{platform.machine()} {os.cpu_count()} cpus",
        "python": platform.python_version(), "generate_seconds": round(gen, 2),
        "ledger_rows": ledger.row_counts(),
        "goal": {"seconds": 2.0, "peak_rss_mb": 2048},
        **{k: v for k, v in res.items() if k != "per_measure"},
        **summarise(res["per_measure"]), "per_measure": res["per_measure"],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"{report['measures_run']} measures × {report['windows']} months by {args.by}: "
          f"{report['seconds']} s ({report['cpu_seconds']} s CPU), "
          f"peak {report['peak_rss_mb']} MB "
          f"(goal 2 s, 2048 MB); machine reference workload "
          f"{report['machine_reference']['seconds']} s; details in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
