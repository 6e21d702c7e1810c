"""First views of the dashboards after a server start, with and without the warm-up.

    .venv/bin/python bench/first_view.py --home DIR     # a WORKFORCE_HOME holding the demo
    .venv/bin/python bench/first_view.py                # builds the web demo in a temp home

Each scenario runs in a fresh Python process (nothing cached, as after `workforce serve`
starts or an import), through Django's test client, timing the views a workforce lead opens
first (home, then every dashboard page for the whole organisation, then every page for the
first service), then a manager's (home, then every page for their unit), with the measures
engine's calls counted:

- **cold**: no warm-up (`WORKFORCE_WARM_CACHE=0`), the views as they were;
- **warmed**: the warm-up the server starts (`warm.start_all`) run to its end first, then
  the views; its own time is reported (`warm_up_seconds`);
- **racing**: the views opened at once while the warm-up runs, as by someone who opens the
  dashboards straight after an import: on two cores the two compete.

Results go to bench/results/first_view.json with the machine's load.
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
RESULTS = ROOT / "bench" / "results" / "first_view.json"
WORKFORCE = str(Path(sys.executable).with_name("workforce"))
PAGES = ("", "stability/", "caseloads/", "support/", "grow/", "wellbeing/", "profile/")


def scenario(home: str, name: str) -> dict:
    """Run `name` in this process (called in a fresh one); its figures."""
    os.environ.update(WORKFORCE_HOME=home, WORKFORCE_WARM_CACHE="0" if name == "cold" else "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workforce_web.settings")
    import django

    django.setup()
    import polars as pl
    from django.contrib.auth import get_user_model
    from django.test import Client

    from workforce.measures import engine
    from workforce_web import warm
    from workforce_web.bridge import load_table

    calls = []
    run = engine.run
    engine.run = lambda *a, **k: calls.append(1) or run(*a, **k)
    started = time.perf_counter()
    if name != "cold":
        warm.start_all()
    if name == "warmed":
        warm._WORKER.join()
    warmed = time.perf_counter() - started
    service = load_table("unit").filter(pl.col("kind") == "service")["code"][0]
    views = {}
    for who, query in (("lead", ""), ("lead", f"?unit={service}"), ("manager", "")):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.get(username=who))
        for path in ([] if query else ["/"]) + [f"/dashboards/{p}{query}" for p in PAGES]:
            before, t = len(calls), time.perf_counter()
            assert client.get(path).status_code == 200, path
            views[f"{who} {path}"] = {"seconds": round(time.perf_counter() - t, 2),
                                      "engine_calls": len(calls) - before}
    if warm._WORKER is not None:
        warm._WORKER.join()
    return {"warm_up_seconds": round(warmed, 1) if name == "warmed" else None,
            "views_seconds": round(sum(v["seconds"] for v in views.values()), 1),
            "slowest_view_seconds": max(v["seconds"] for v in views.values()),
            "views_engine_calls": sum(v["engine_calls"] for v in views.values()),
            "views": views}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--home", help="a WORKFORCE_HOME holding the demo (else one is built)")
    ap.add_argument("--rounds", type=int, default=2, help="runs of each scenario, in turn")
    ap.add_argument("--scenario", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.scenario:
        print(json.dumps(scenario(args.home, args.scenario)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or tmp
        if not args.home:
            subprocess.run([WORKFORCE, "demo-data"], env={**os.environ, "WORKFORCE_HOME": tmp},
                           check=True, stdout=subprocess.DEVNULL)
        load = os.getloadavg()[0]
        runs = {}
        for n in range(args.rounds):
            for name in ("cold", "warmed", "racing"):
                done = subprocess.run([sys.executable, __file__, "--home", home, "--scenario",
                                       name], capture_output=True, text=True, check=True)
                runs[f"{name} {n + 1}"] = json.loads(done.stdout.strip().splitlines()[-1])
    result = {"machine": platform.processor() or platform.machine(), "cpus": os.cpu_count(),
              "load_average_before_after": [round(load, 1), round(os.getloadavg()[0], 1)],
              "runs": runs}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: {f: v for f, v in r.items() if f != "views"}
                      for k, r in runs.items()}, indent=2))


if __name__ == "__main__":
    main()
