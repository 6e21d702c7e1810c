"""Dashboard page times on the big demo, with concurrent users on loopback.

    .venv/bin/python bench/web.py [--staff 5000] [--years 10] [--users 20] [--requests 30]
                                  [--server prefork|runserver] [--workers 2] [--home DIR]

Builds the demo organisation into a fresh SQLite database (or reuses the one in --home), starts
the web app itself on a free 127.0.0.1 port, signs in as the workforce lead, a manager and a
viewer, and visits every dashboard page, a filtered view of each, downloads, work lists and
targets once (the cold times are reported), then runs --users concurrent users, each making
--requests requests over the same pages in a shuffled order: first pausing about --think
seconds between pages, as people reading a page do, then with no pause at all (a stress test).
Every request has a time limit, the whole run has a deadline, and the server is stopped at the
end. Results go to bench/results/web.json. Goal: 95th-percentile page time under 300 ms after
warm-up, with no errors.

Servers: `runserver` is Django's threaded development server (one process, so one core).
`prefork` (the default) is what a production server such as gunicorn does: the app is loaded
and warmed once in a parent process, which then forks --workers processes sharing one listening
socket, each serving requests on threads with Django's own WSGI handler. Only warmed pages are
requested from the forked workers (polars' thread pool does not survive a fork, so a worker
must not compute measures afresh; a production server would spawn and warm each worker).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import signal
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
    if not has.stdout.strip().endswith("True"):
        subprocess.run([WORKFORCE, "demo-data", "--staff", str(staff), "--years", str(years),
                        "--seed", "1"], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def start_server(env: dict[str, str], port: int, log: Path, kind: str,
                 workers: int) -> subprocess.Popen:
    cmd = ([sys.executable, "-m", "workforce_web", "runserver", f"127.0.0.1:{port}",
            "--noreload"] if kind == "runserver" else
           [sys.executable, __file__, "--serve", str(port), "--workers", str(workers)])
    server = subprocess.Popen(cmd, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    for _ in range(TIMEOUT * 2):  # a prefork server listens once it has warmed up
        if server.poll() is not None:
            raise SystemExit(f"the server stopped; see {log}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"the server did not start; see {log}")


def warm_up_times(log: Path) -> dict:
    """The prefork server's own warm-up (the first, cold, computation of every page)."""
    lines = [line.split(maxsplit=4) for line in log.read_text().splitlines()
             if line.startswith("warm ")]
    if not lines:
        return {}
    seconds = {f"{who} {path}": float(secs.rstrip("s")) for _, _, secs, who, path in lines
               if not path.endswith("(loads the ledger)")}
    first = [float(s.rstrip("s")) for _, _, s, _, p in lines if p.endswith("the ledger)")]
    return {"server_first_page_seconds": first[0] if first else None,
            "server_warm_up_seconds": round(sum(seconds.values()), 1),
            "server_warm_up_slowest": dict(sorted(seconds.items(), key=lambda kv: -kv[1])[:5])}


def sign_in(base: str, username: str) -> urllib.request.OpenerDirector:
    """An opener holding a signed-in session for `username`."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"{base}/login/", timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                   "csrfmiddlewaretoken": token, "next": "/healthz"}).encode()
    opener.open(urllib.request.Request(f"{base}/login/", data=data,
                                       headers={"Referer": f"{base}/login/"}), timeout=60)
    if not any(c.name == "sessionid" for c in jar):
        raise SystemExit(f"could not sign in as {username}")
    return opener


def paths(service_query: str) -> list[tuple[str, str]]:
    """(user, path) for every page each role sees, a filtered view, downloads, work lists."""
    out = [(who, f"/dashboards/{p}") for who in ("lead", "manager", "viewer") for p in PAGES]
    out += [("lead", f"/dashboards/{p}?{service_query}") for p in PAGES]
    out += [(who, f"/dashboards/{d}") for who in ("lead", "viewer") for d in DOWNLOADS]
    out += [(who, "/dashboards/work-lists/") for who in ("lead", "manager")]
    out += [("lead", "/dashboards/targets/")]
    return out


def urls(base: str, service_query: str) -> list[tuple[str, str]]:
    return [(who, base + path) for who, path in paths(service_query)]


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


def service_query(page: str) -> str:
    """A filtered view: the first unit one level down, by quarter."""
    codes = re.findall(r'<option value="([^"]+)">\u2003\S', page)
    return urllib.parse.urlencode({"unit": codes[0] if codes else "", "period": "quarter",
                                   "f": "1", "compare": ["target", "england", "region",
                                                         "neighbours"]}, doseq=True)


def load(openers: dict, targets: list[tuple[str, str]], users: int, requests: int,
         deadline: float, think: float) -> list[tuple[str, float, int]]:
    """`users` threads, each `requests` requests over shuffled targets, pausing about `think`
    seconds (0.5 to 1.5 times) between them; (url, secs, status) of every request."""
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
            if think:
                time.sleep(think * rng.uniform(0.5, 1.5))

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
    ap.add_argument("--think", type=float, default=1.0,
                    help="seconds each user pauses between pages (a second phase uses none)")
    ap.add_argument("--server", choices=("prefork", "runserver"), default="prefork")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve, args.workers)
        return
    deadline = time.monotonic() + DEADLINE
    with tempfile.TemporaryDirectory() as tmp:
        home = args.home or Path(tmp)
        home.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "WORKFORCE_HOME": str(home), "DEBUG": "0",
               "DATABASE_URL": f"sqlite:///{home}/bench.sqlite3"}
        build_seconds = build_demo(env, args.staff, args.years)
        port = free_port()
        server = start_server(env, port, home / "server.log", args.server, args.workers)
        try:
            result = run(f"http://127.0.0.1:{port}", args, deadline)
        finally:
            server.terminate()
            server.wait(timeout=30)
        warm = warm_up_times(home / "server.log")
    result.update(build_seconds=round(build_seconds, 1), staff=args.staff, years=args.years,
                  **warm)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "cold"}, indent=2))


def run(base: str, args, deadline: float) -> dict:
    openers = {who: sign_in(base, who) for who in ("lead", "manager", "viewer")}
    first = openers["lead"].open(f"{base}/dashboards/", timeout=TIMEOUT).read().decode()
    targets = urls(base, service_query(first))
    cold = {}
    for who, url in targets:  # warm-up: every page once, in turn
        secs, status = fetch(openers[who], url)
        cold[f"{who} {url.removeprefix(base)}"] = {"seconds": round(secs, 3), "status": status}
    load_before = os.getloadavg()
    phases = {f"think_{args.think:g}s": phase(base, openers, targets, args, deadline,
                                              args.think),
              "no_think_time": phase(base, openers, targets, args, deadline, 0.0)}
    return {
        "users": args.users, "pages": len(targets), "goal_p95_ms": 300,
        "server": (f"prefork: {args.workers} processes forked after warm-up, threads, Django "
                   "WSGI handler" if args.server == "prefork" else
                   "Django runserver (threaded, one process)") + "; SQLite; DEBUG off",
        "cpus": os.cpu_count(),
        "load_average_before_after": [round(load_before[0], 1), round(os.getloadavg()[0], 1)],
        **phases,
        "cold_total_seconds": round(sum(c["seconds"] for c in cold.values()), 1),
        "cold": cold,
    }


def phase(base: str, openers: dict, targets: list, args, deadline: float,
          think: float) -> dict:
    """Run the users once with `think` seconds between requests; the figures."""
    t = time.perf_counter()
    hits = load(openers, targets, args.users, args.requests, deadline, think)
    wall = time.perf_counter() - t
    errors = [(u.removeprefix(base), st) for u, _, st in hits if st != 200]
    ms = [secs * 1000 for _, secs, _ in hits]
    return {
        "think_seconds": think, "requests": len(hits), "errors": len(errors),
        "error_examples": errors[:10],
        "p50_ms": round(percentile(ms, 50), 1), "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1), "max_ms": round(max(ms), 1),
        "mean_ms": round(statistics.mean(ms), 1),
        "throughput_rps": round(len(hits) / wall, 1),
        "met_goal": percentile(ms, 95) < 300 and not errors,
        "slowest": slowest(hits, base),
    }


def slowest(hits: list[tuple[str, float, int]], base: str, n: int = 8) -> dict[str, float]:
    """The median milliseconds of the `n` slowest pages under load."""
    per: dict[str, list[float]] = {}
    for url, secs, _ in hits:
        per.setdefault(url.removeprefix(base), []).append(secs * 1000)
    medians = {u: round(statistics.median(v), 1) for u, v in per.items()}
    return dict(sorted(medians.items(), key=lambda kv: -kv[1])[:n])


def serve(port: int, workers: int) -> None:
    """Load and warm the app in this process, then fork `workers` servers on one socket."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workforce_web.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from django.db import connections
    from django.test import Client

    clients = {}
    for who in ("lead", "manager", "viewer"):
        clients[who] = Client(HTTP_HOST="127.0.0.1")
        clients[who].force_login(get_user_model().objects.get(username=who))
    started = time.perf_counter()
    first = clients["lead"].get("/dashboards/").content.decode()
    print(f"warm 200 {time.perf_counter() - started:7.2f}s lead /dashboards/ (loads the ledger)",
          flush=True)
    for who, path in paths(service_query(first)):
        started = time.perf_counter()
        status = clients[who].get(path).status_code
        print(f"warm {status} {time.perf_counter() - started:7.2f}s {who} {path}", flush=True)
        if status != 200:
            raise SystemExit(f"warm-up of {path} as {who} answered {status}")
    connections.close_all()
    listener = socket.create_server(("127.0.0.1", port), backlog=256)
    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            serve_child(listener, port, ThreadedWSGIServer, WSGIRequestHandler,
                        get_wsgi_application())
        children.append(pid)

    def stop(*_: object) -> None:
        for child in children:
            os.kill(child, signal.SIGTERM)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    for _ in children:
        os.wait()


def serve_child(listener: socket.socket, port: int, server_class, handler, app) -> None:
    """A forked worker: Django's threaded WSGI server on the shared socket, until stopped."""
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    server = server_class(("127.0.0.1", port), handler, bind_and_activate=False)
    server.socket.close()
    server.socket = listener
    server.server_name, server.server_port = "127.0.0.1", port
    server.setup_environ()
    server.set_app(app)
    server.serve_forever()
    os._exit(0)


if __name__ == "__main__":
    main()
