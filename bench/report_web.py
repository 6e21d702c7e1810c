"""Time the board report's downloads on the web, as a workforce lead makes them.

    .venv/bin/python bench/report_web.py --home DIR      # a WORKFORCE_HOME holding the demo
    .venv/bin/python bench/report_web.py                 # builds the web demo in a temp home

The finding it answers: the PDF took 11 to 14 s every time, even just after the same report
was downloaded. Each scenario runs in a fresh Python process (so the measures cache, the
chart engine and WeasyPrint start cold, as after a server start), through Django's test
client signed in as the demo's workforce lead, on the report for --period and --unit ("" is
the whole organisation), timing each download (wall and this process's CPU):

- **tester**: the exploratory tester's order: HTML, PDF, workbook, then the three again;
- **pdf_first**: the PDF first (the measures cold), then again;
- **parts**: where a PDF's time goes once the measures are cached: building the report
  (`reports.build`, figures from the measures cache), the HTML with its charts drawn
  (vl-convert), the same again (charts drawn before), and WeasyPrint printing the HTML.

The downloads are audited in the home's database, as any download is. Results go to
bench/results/report_web.json with the machine's load, since wall times grow with whatever
else the machine is doing; CPU seconds hardly do.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "report_web.json"
WORKFORCE = str(Path(sys.executable).with_name("workforce"))
SCENARIOS = {"tester": ("html", "pdf", "xlsx", "pdf", "html", "xlsx"),
             "pdf_first": ("pdf", "pdf")}


def timed(fn, *args):  # noqa: ANN001, ANN201
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(*args)
    return out, {"seconds": round(time.perf_counter() - wall, 2),
                 "cpu_seconds": round(time.process_time() - cpu, 2)}


def _setup(home: str):  # noqa: ANN202 - the signed-in client and the report
    os.environ["WORKFORCE_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workforce_web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    return get_user_model(), Client(HTTP_HOST="127.0.0.1")


def run_scenario(home: str, name: str, period: str, unit: str) -> dict:
    """In this (fresh) process: one scenario's downloads, or the parts of a PDF."""
    users, client = _setup(home)
    from workforce_web.accounts.models import Membership, Role
    from workforce_web.reports.models import Report

    lead = Membership.objects.filter(role=Role.WORKFORCE_LEAD).select_related("user").first()
    client.force_login(lead.user)
    report, _ = Report.objects.get_or_create(organisation=lead.organisation, period=period,
                                             unit=unit)
    if name == "parts":
        return _parts(report)
    out = []
    for fmt in SCENARIOS[name]:
        response, took = timed(client.get, f"/reports/{report.pk}/report.{fmt}")
        assert response.status_code == 200, (fmt, response.status_code)
        out.append({"format": fmt, "bytes": len(response.content), **took})
    return {"downloads": out}


def _parts(report) -> dict:  # noqa: ANN001
    from datetime import date

    from weasyprint import HTML

    from workforce import reports as core
    from workforce.reports import html, pdf
    from workforce_web import measures_cache
    from workforce_web.reports import inputs

    request = inputs.request_for(report, date.today())
    ledger = measures_cache.org_ledger(report.organisation)
    run = inputs.run_for(report.organisation)
    pdf.warm_up().join()
    _, cold = timed(core.build, ledger, request, run)  # fills the measures cache
    built, warm = timed(core.build, ledger, request, run)
    page, charts = timed(html.render, built, pdf.draw)
    _, again = timed(html.render, built, pdf.draw)
    _, printing = timed(lambda: HTML(string=page).write_pdf(
        pdf_variant=pdf.VARIANT, pdf_tags=True, custom_metadata=True))
    return {"build_measures_cold": cold, "build_measures_cached": warm,
            "html_with_charts": charts, "html_with_charts_again": again,
            "weasyprint": printing, "charts": len(built.charts()),
            "tables": len(built.tables())}


def build_home(home: Path) -> None:
    env = {**os.environ, "WORKFORCE_HOME": str(home)}
    subprocess.run([sys.executable, "-m", "workforce_web", "migrate", "-v", "0"], env=env,
                   check=True)
    subprocess.run([WORKFORCE, "demo-data"], env=env, check=True, stdout=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--home", type=Path, help="a WORKFORCE_HOME whose database holds the demo")
    ap.add_argument("--period", default="2026-Q3")
    ap.add_argument("--unit", default="")
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--run", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.run:
        print(json.dumps(run_scenario(str(args.home), args.run, args.period, args.unit)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp)
        if args.home is None:
            build_home(home)
        load_before = os.getloadavg()[0]
        results = {}
        for name in (*SCENARIOS, "parts"):
            cmd = [sys.executable, __file__, "--home", str(home), "--run", name,
                   "--period", args.period, "--unit", args.unit]
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if done.returncode:
                print(done.stderr, file=sys.stderr)
                return done.returncode
            results[name] = json.loads(done.stdout.strip().splitlines()[-1])
    report = {"period": args.period, "unit": args.unit or "(whole organisation)",
              "machine": f"{platform.machine()} {os.cpu_count()} cpus",
              "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
              "python": platform.python_version(), **results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for name in SCENARIOS:
        print(f"{name:10s}", "  ".join(f"{d['format']} {d['seconds']:.2f}s "
                                       f"({d['cpu_seconds']:.2f} cpu)"
                                       for d in results[name]["downloads"]))
    parts = results["parts"]
    print("parts     ", "  ".join(f"{k} {v['seconds']:.2f}s ({v['cpu_seconds']:.2f} cpu)"
                                  for k, v in parts.items() if isinstance(v, dict)))
    print(f"load average {report['load_average']}; details in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
