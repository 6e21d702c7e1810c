"""Time and peak memory of the demo generator writing CSVs and of importing them.

    .venv/bin/python bench/import_csv.py [--staff 5000] [--years 10]

Runs each step as its own `workforce` process against a fresh SQLite database in a temporary
folder, and reads the child's peak resident memory from the operating system. Results go to
bench/results/import_csv.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKFORCE = str(Path(sys.executable).with_name("workforce"))


def timed(cmd: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run cmd in a fresh process; return wall seconds and that process's peak RSS (MB)."""
    code = ("import resource,subprocess,sys,json,time;t=time.perf_counter();"
            "r=subprocess.run(sys.argv[1:]);"
            "print(json.dumps({'rc':r.returncode,'seconds':time.perf_counter()-t,"
            "'peak_mb':resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024}))")
    out = subprocess.run([sys.executable, "-c", code, *cmd], env=env, capture_output=True,
                         text=True, check=False)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if result["rc"] != 0:
        sys.stderr.write(out.stderr[-3000:])
        raise SystemExit(f"{' '.join(cmd)} failed")
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--staff", type=int, default=5000)
    ap.add_argument("--years", type=int, default=10)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "WORKFORCE_HOME": tmp,
               "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"}
        csv_dir = Path(tmp) / "csv"
        gen = timed([WORKFORCE, "demo-data", "--staff", str(args.staff), "--years",
                     str(args.years), "--seed", "1", "--out", str(csv_dir)], env)
        subprocess.run([sys.executable, "-m", "workforce_web", "migrate", "-v", "0"], env=env,
                       check=True)
        files = sorted(str(p) for p in csv_dir.glob("*.csv"))
        rows = sum(len(Path(f).read_text(encoding="utf-8").splitlines()) - 1 for f in files)
        imp = timed([WORKFORCE, "import", *files], env)
        again = timed([WORKFORCE, "import", *files], env)
    result = {"staff": args.staff, "years": args.years, "csv_rows": rows,
              "demo_data_to_csv": gen, "import_csv_into_sqlite": imp,
              "reimport_same_files": again}
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / "import_csv.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
