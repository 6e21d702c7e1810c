"""Dashboard page times on the big demo, with concurrent users on loopback.

    .venv/bin/python bench/web.py [--staff 5000] [--years 10] [--users 20] [--requests 30]
                                  [--home DIR]

Builds the demo organisation into a fresh SQLite database (or reuses the one in --home), starts
the web app itself on a free 127.0.0.1 port, signs in as the workforce lead, a manager and a
viewer, visits every dashboard page, work list and download once to warm the caches (the
cold times are reported too), then runs --users concurrent users, each making --requests
requests over the same pages in a shuffled order. Every request has a time limit, the whole run
has a deadline, and the server is stopped at the end. Results go to bench/results/web.json.
Goal: 95th-percentile page time under 300 ms after warm-up, with no errors.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "web.json"
WORKFORCE = str(Path(sys.executable).with_name("workforce"))
PAGES = ("", "stability/", "caseloads/", "support/", "grow/", "wellbeing/", "profile/")
DOWNLOADS = ("stability/turnover-trend.csv", "caseloads/team-bars.xlsx", "overview/headlines.csv")
PASSWORD = "demo-password-2026"  # the published demo credential (accounts/demo_users.py)
TIMEOUT = 900  # seconds for one request (a cold page on 5,000 staff computes every measure)
DEADLINE = 3 * 3600  # seconds for the whole run


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_demo(env: dict[str, str], staff: int, years: int) -> float:
    """Migrate and load the demo unless the database already holds it; seconds taken."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "workforce_web", "migrate", "-v", "0"], env=env,
                   check=True)
    has = subprocess.run([sys.executable, "-m", "workforce_web", "shell", "-c",
                          "from django.contrib.auth.models import User;"
                          "print(User.objects.filter(username='lead').exists())"],
                         env=env, capture_output=True, text=True, check=True)
    if has.stdout.strip() != "True":
        subprocess.run([WORKFORCE, "demo-data", "--staff", str(staff), "--years", str(years),
                        "--seed", "1"], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "workforce_web", "runserver", f"127.0.0.1:{port}",
         "--noreload"], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"the server did not start; see {log}")


def sign_in(base: str, username: str) -> urllib.request.OpenerDirector:
    """An opener holding a signed-in session for `username`."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/login/", timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                   "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(f"{base}/login/", data=data,
                                       headers={"Referer": f"{base}/login/"}), timeout=60)
    if not any(c.name == "sessionid" for c in jar):
        raise SystemExit(f"could not sign in as {username}")
    return opener


def urls(base: str, service_query: str) -> list[tuple[str, str]]:
    """(user, url) for every page each role sees, a filtered view, downloads, work lists."""
    out = [(who, f"{base}/dashboards/{p}") for who in ("lead", "manager", "viewer")
           for p in PAGES]
    out += [("lead", f"{base}/dashboards/{p}?{service_query}") for p in PAGES]
    out += [(who, f"{base}/dashboards/{d}") for who in ("lead", "viewer") for d in DOWNLOADS]
    out += [(who, f"{base}/dashboards/work-lists/") for who in ("lead", "manager")]
    out += [("lead", f"{base}/dashboards/targets/")]
    return out


def fetch(opener, url: str) -> tuple[float, int]:
    t = time.perf_counter()
    try:
        with opener.open(url, timeout=TIMEOUT) as r:
            r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        status = e.code
    except (urllib.error.URLError, TimeoutError, ConnectionError):
        status = 0
    return time.perf_counter() - t, status


def service_query(base: str, opener) -> str:
    page = opener.open(f"{base}/dashboards/", timeout=TIMEOUT).read().decode()
    codes = re.findall(r'<option value="([^"]+)">\u2003\S', page)
    return urllib.parse.urlencode({"unit": codes[0] if codes else "", "period": "quarter",
                                   "f": "1", "compare": ["target", "england", "region",
                                                         "neighbours"]}, doseq=True)


def load(openers: dict, targets: list[tuple[str, str]], users: int, requests: int,
         deadline: float) -> list[tuple[str, float, int]]:
    """`users` threads, each `requests` requests over shuffled targets; (url, secs, status)."""
    out: list[tuple[str, float, int]] = []
    lock = threading.Lock()

    def user(n: int) -> None:
        rng = random.Random(n)
        for i in range(requests):
            if time.monotonic() > deadline:
                return
            who, url = targets[rng.randrange(len(targets))] if i else targets[n % len(targets)]
            secs, status = fetch(openers[who], url)
            with lock:
                out.append((url, secs, status))

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(
        values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--staff", type=int, default=5000)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--requests", type=int, default=30, help="requests per user")
    ap.add_argument("--home", type=Path, help="reuse this folder's database between runs")
    args = ap.parse_args()
    deadline = time.monotonic() + DEADLINE
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp)
        home.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "WORKFORCE_HOME": str(home), "DEBUG": "0",
               "DATABASE_URL": f"sqlite:///{home}/bench.sqlite3"}
        build_seconds = build_demo(env, args.staff, args.years)
        port = free_port()
        server = start_server(env, port, home / "server.log")
        try:
            result = run(f"http://127.0.0.1:{port}", args, deadline)
        finally:
            server.terminate()
            server.wait(timeout=30)
    result.update(build_seconds=round(build_seconds, 1), staff=args.staff, years=args.years)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "cold"}, indent=2))


def run(base: str, args, deadline: float) -> dict:
    openers = {who: sign_in(base, who) for who in ("lead", "manager", "viewer")}
    targets = urls(base, service_query(base, openers["lead"]))
    cold = {}
    for who, url in targets:  # warm-up: every page once, in turn
        secs, status = fetch(openers[who], url)
        cold[f"{who} {url.removeprefix(base)}"] = {"seconds": round(secs, 3), "status": status}
    t = time.perf_counter()
    hits = load(openers, targets, args.users, args.requests, deadline)
    wall = time.perf_counter() - t
    times = [s for _, s, _ in hits]
    errors = [(u.removeprefix(base), st) for u, _, st in hits if st != 200]
    ms = [x * 1000 for x in times]
    return {
        "users": args.users, "requests": len(hits), "pages": len(targets),
        "errors": len(errors), "error_examples": errors[:10],
        "p50_ms": round(percentile(ms, 50), 1), "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1), "max_ms": round(max(ms), 1),
        "mean_ms": round(statistics.mean(ms), 1),
        "throughput_rps": round(len(hits) / wall, 1), "goal_p95_ms": 300,
        "met_goal": percentile(ms, 95) < 300 and not errors,
        "cold_total_seconds": round(sum(c["seconds"] for c in cold.values()), 1),
        "server": "Django runserver (threaded, one process), SQLite, DEBUG off",
        "cold": cold,
    }


if __name__ == "__main__":
    main()
