"""Time the first board report on the demo organisation, as `workforce report` makes it.

    .venv/bin/python bench/report_first.py --home DIR           # a WORKFORCE_HOME with the demo
    .venv/bin/python bench/report_first.py                      # loads the demo in a temp home
    .venv/bin/python bench/report_first.py --home DIR --src before=OLD/src --src after=src

The finding it answers: `workforce report --period 2026-Q3 -o x.pdf` on the demo took 5 to
17 s. Every run of the command is a first render: a new process, the measures, the chart
engine (vl-convert) and WeasyPrint all cold. Each run is the command itself, in a process of
its own, timed from outside (wall, and the CPU of the process and its threads, user and
system, from `getrusage` of the children); with several `--src` folders the runs take turns
(old, new, old, new...), each `src` put first on the command's `PYTHONPATH` (`NAME=PATH`
names it in the results), so that what else the shared machine is doing falls on both alike.
An old `src` is one `git archive` wrote, e.g. `git archive main src | tar -x -C OLD`.

Then, once per `--src`, where a first report's time goes (**stages**), in a fresh process,
in the command's order: imports, loading the ledger (Django set-up and the database),
building the report (`reports.build`: the measures engine's runs), drawing the charts and
writing the HTML (vl-convert), and WeasyPrint printing the PDF.

Results go to bench/results/report_first.json with the machine's load, since wall times grow
with whatever else the machine is doing; CPU seconds hardly do.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report_web import build_home  # the demo in a WORKFORCE_HOME, as that benchmark makes it

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "report_first.json"
WORKFORCE = str(Path(sys.executable).with_name("workforce"))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command(home: Path, src: str | None, period: str, out: Path) -> dict:
    """`workforce report` once, in a process of its own: wall and CPU seconds."""
    env = {**os.environ, "WORKFORCE_HOME": str(home)}
    if src:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    cpu, wall = _children_cpu(), time.perf_counter()
    subprocess.run([WORKFORCE, "report", "--period", period, "-o", str(out)], env=env,
                   check=True, capture_output=True)
    return {"seconds": round(time.perf_counter() - wall, 2),
            "cpu_seconds": round(_children_cpu() - cpu, 2)}


def stages(period: str) -> dict:
    """In this (fresh) process: the command's steps, timed one after the other."""
    marks: dict[str, dict] = {}
    wall, cpu = time.perf_counter(), time.process_time()

    def mark(name: str) -> None:
        nonlocal wall, cpu
        marks[name] = {"seconds": round(time.perf_counter() - wall, 2),
                       "cpu_seconds": round(time.process_time() - cpu, 2)}
        wall, cpu = time.perf_counter(), time.process_time()

    from workforce.cli import context
    from workforce.reports import Request, build, pdf, render
    from workforce.runtime import configured_threshold

    mark("imports")
    ledger = context.load_ledger(None, None)
    code = ledger.organisations[0]
    plan = context.load_plan(code)
    mark("load_ledger")
    warming = pdf.warm_up()  # as `reports.produce` starts it
    report = build(ledger, Request(period, code, "", plan, threshold=configured_threshold()))
    warming.join()
    mark("build")
    page = render(report, "html").decode("utf-8")
    mark("charts_and_html")
    body = render(report, "pdf", page)  # printed from the page, as the web prints it
    mark("weasyprint")
    return {**marks, "pdf_bytes": len(body), "charts": len(report.charts()),
            "tables": len(report.tables())}


def _summary(runs: list[dict]) -> dict:
    return {key: {"median": round(statistics.median(r[key] for r in runs), 2),
                  "min": min(r[key] for r in runs), "max": max(r[key] for r in runs)}
            for key in ("seconds", "cpu_seconds")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--home", type=Path, help="a WORKFORCE_HOME whose database holds the demo")
    ap.add_argument("--period", default="2026-Q3")
    ap.add_argument("--runs", type=int, default=3, help="runs of the command per --src")
    ap.add_argument("--src", action="append", help="a src folder to run (in turn with the "
                                                   "others); default: the installed one")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--stages", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.stages:
        print(json.dumps(stages(args.period)))
        return 0
    named = dict(s.split("=", 1) if "=" in s else (s, s) for s in args.src or [])
    sources = list(named.values()) or [None]
    names = {path: name for name, path in named.items()}
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp)
        if args.home is None:
            build_home(home)
        load_before = os.getloadavg()[0]
        runs: dict[str, list[dict]] = {str(s): [] for s in sources}
        for _ in range(args.runs):
            for src in sources:
                runs[str(src)].append(command(home, src, args.period, Path(tmp) / "x.pdf"))
        parts = {}
        for src in sources:
            env = {**os.environ, "WORKFORCE_HOME": str(home)}
            if src:
                env["PYTHONPATH"] = src
            done = subprocess.run([sys.executable, __file__, "--stages", "--period",
                                   args.period], env=env, capture_output=True, text=True,
                                  check=True)
            parts[str(src)] = json.loads(done.stdout.strip().splitlines()[-1])
    report = {"period": args.period, "command": f"workforce report --period {args.period} "
              "-o x.pdf", "machine": f"{platform.machine()} {os.cpu_count()} cpus",
              "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
              "python": platform.python_version(),
              "note": ("seconds are wall-clock and grow with what else the machine is doing "
                       "(see load_average, before and after); cpu_seconds are the command's "
                       "own CPU time, all threads, and hardly depend on the load"),
              "runs": {names.get(s, s): {"src": s, "each": r, **_summary(r)}
                       for s, r in runs.items()},
              "stages": {names.get(s, s): p for s, p in parts.items()}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for src, r in runs.items():
        each = "  ".join(f"{x['seconds']:.2f}s ({x['cpu_seconds']:.2f} cpu)" for x in r)
        print(f"{names.get(src, src)}: {each}")
        print("   stages: " + "  ".join(f"{k} {v['seconds']:.2f}s ({v['cpu_seconds']:.2f} cpu)"
                                        for k, v in parts[src].items()
                                        if isinstance(v, dict)))
    print(f"load average {report['load_average']}; details in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
