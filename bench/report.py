"""Time the quarterly workforce report (PDF and workbook) for the large demo organisation.

    .venv/bin/python bench/report.py                     # --staff 5000 --years 10
    .venv/bin/python bench/report.py --staff 600 --years 6
    .venv/bin/python bench/report.py --ledger DIR        # a ledger saved by an earlier run

The demo ledger (`workforce.demo.generate`) and its demo strategy are made first (not timed:
they are the data a council already holds) and saved; the report is then made in a fresh
Python process, as the command `workforce report` makes it, timing:

- **figures**: `reports.build`, the measures engine's runs and the sections' assembly;
- **pdf**: drawing the charts (vl-convert, including its start-up) and printing the tagged PDF
  (WeasyPrint), then the two again apart (**pdf_parts**); **xlsx**: writing the workbook;
- **pdf_total**: `reports.produce(..., "pdf")` end to end, as the command does it (the chart
  engine starts in a thread while the figures compute), from a cold measures cache.

Goal (issue "Board and committee reports"): the report for the 5,000-staff, 10-year demo in
under 15 s. Results go to bench/results/report.json, with the machine's load, since the
figure depends on what else the machine is doing.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "report.json"
TODAY = date(2026, 3, 31)
PERIOD = "2026-Q1"
GOAL_SECONDS = 15.0


def save(folder: Path, staff: int, years: int, seed: int) -> dict:
    """Generate the demo ledger and strategy into `folder`; (rows, seconds)."""
    from workforce.demo import generate
    from workforce.strategy.demo import build_demo_strategy

    t0 = time.perf_counter()
    ledger = generate(staff=staff, years=years, seed=seed, today=TODAY)
    plan = build_demo_strategy(ledger.organisations[0], ledger, TODAY)
    for name in ledger:
        ledger[name].write_parquet(folder / f"{name}.parquet")
    (folder / "plan.pickle").write_bytes(pickle.dumps(plan))
    return {"generate_seconds": round(time.perf_counter() - t0, 2),
            "ledger_rows": ledger.row_counts()}


def load(folder: Path):  # noqa: ANN201 - (Ledger, Plan)
    import polars as pl

    from workforce.ledger import Ledger

    ledger = Ledger({p.stem: pl.read_parquet(p) for p in folder.glob("*.parquet")})
    return ledger, pickle.loads((folder / "plan.pickle").read_bytes())


def timed(fn, *args):  # noqa: ANN001, ANN201
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args)
    return out, {"seconds": round(time.perf_counter() - wall, 2),
                 "cpu_seconds": round(time.process_time() - cpu, 2)}


def run_report(folder: Path, period: str) -> dict:
    """In this (fresh) process: the report end to end, then its parts."""
    from workforce import reports
    from workforce.measures import cache
    from workforce.reports import excel, html, pdf

    ledger, plan = load(folder)
    request = reports.Request(period, plan=plan, produced=TODAY,
                              commentary={"summary": "Benchmark commentary."})
    body, total = timed(reports.produce, ledger, request, "pdf")
    cache.clear()
    report, figures = timed(reports.build, ledger, request)
    pdf._DRAWN.clear()  # charts are kept once drawn: time them drawn afresh, as at first
    _, pdf_time = timed(pdf.write, report)
    pdf._DRAWN.clear()
    page, charts_time = timed(html.render, report, pdf.draw)
    _, print_time = timed(_print, page)
    book, xlsx_time = timed(excel.write, report)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(body)
        f.flush()
        pages = _pages(Path(f.name))
    return {"pdf_total": total, "figures": figures, "pdf": pdf_time,
            "pdf_parts": {"charts_and_html": charts_time, "weasyprint": print_time},
            "xlsx": xlsx_time,
            "pdf_bytes": len(body), "xlsx_bytes": len(book), "pages": pages,
            "engine_figures": len(report.sources()), "charts": len(report.charts()),
            "tables": len(report.tables())}


def _print(page: str) -> bytes:
    """WeasyPrint alone, as `pdf.write` calls it, on HTML whose charts are drawn already."""
    from weasyprint import HTML

    from workforce.reports import pdf

    return HTML(string=page).write_pdf(pdf_variant=pdf.VARIANT, pdf_tags=True,
                                       custom_metadata=True)


def _pages(path: Path) -> int | None:
    try:
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return next((int(line.split()[-1]) for line in out.splitlines()
                 if line.startswith("Pages:")), None)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--staff", type=int, default=5000)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--period", default=PERIOD)
    ap.add_argument("--ledger", type=Path, help="reuse a folder an earlier run saved")
    ap.add_argument("--keep", type=Path, help="save the ledger and strategy to this folder")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--run-from", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.run_from:
        print(json.dumps(run_report(args.run_from, args.period)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.ledger or args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        made = {} if args.ledger else save(folder, args.staff, args.years, args.seed)
        cmd = [sys.executable, __file__, "--run-from", str(folder), "--period", args.period]
        load_before = os.getloadavg()[0]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode:
        print(done.stderr, file=sys.stderr)
        return done.returncode
    res = json.loads(done.stdout.strip().splitlines()[-1])
    report = {
        "staff": args.staff, "years": args.years, "seed": args.seed, "period": args.period,
        "machine": f"{platform.machine()} {os.cpu_count()} cpus",
        "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
        "python": platform.python_version(), "goal": {"seconds": GOAL_SECONDS},
        "note": ("seconds are wall-clock and grow with what else the machine is doing (see "
                 "load_average, before and after, on the machine's cpus); cpu_seconds are "
                 "this process's own CPU time, all threads, and hardly depend on the load"),
        **made, **res,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    t = res["pdf_total"]["seconds"]
    print(f"Report {args.period} for {args.staff} staff, {args.years} years: PDF in {t} s "
          f"({res['pages']} pages; figures {res['figures']['seconds']} s, printing "
          f"{res['pdf']['seconds']} s), workbook {res['xlsx']['seconds']} s more "
          f"(goal {GOAL_SECONDS:g} s; load average {report['load_average'][0]}); "
          f"details in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
