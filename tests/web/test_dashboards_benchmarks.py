"""Loading a newer DfE file changes what the dashboards show at once, every time: the page, its
CSV downloads and the overview (the caches are keyed on the benchmark content, not its path)."""

from __future__ import annotations

import csv
import io
import os
from datetime import date

import pytest

from workforce import benchmarks as bm
from workforce.benchmarks.store import SHIPPED
from workforce.demo import generate
from workforce_web.accounts.models import Membership, Role
from workforce_web.bridge import store_tables

SHIPPED_CSV = SHIPPED / "csww_indicators_2017_to_2025.csv"


@pytest.fixture
def lead(db, django_user_model, tmp_path, monkeypatch):
    monkeypatch.setenv("WORKFORCE_BENCHMARKS_DIR", str(tmp_path / "bench"))
    ledger = generate(staff=80, years=2, seed=5, today=date.today())
    store_tables(dict(ledger.frames))
    user = django_user_model.objects.create_user("bench-lead", password="x")
    Membership.objects.create(user=user, organisation=ledger.organisations[0],
                              role=Role.WORKFORCE_LEAD)
    return user


def dfe_file(tmp_path, england_turnover: str):
    """The shipped DfE file with England's 2025 turnover rate changed."""
    rows = list(csv.reader(io.StringIO(SHIPPED_CSV.read_text())))
    col = rows[0].index("turnover_rate_fte")
    for r in rows[1:]:
        if r[0] == "2025" and r[2] == "National":
            r[col] = england_turnover
    path = tmp_path / f"dfe-{england_turnover}.csv"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue())
    return path


def england_2025(client) -> tuple[str, str]:
    """England's 2025 turnover as the stability page's download and the overview's CSV say."""
    body = client.get("/dashboards/stability/turnover-benchmarks.csv").content.decode()
    rows = [r for r in csv.reader(io.StringIO(body)) if len(r) > 1]
    col = rows[0].index("England (%)")
    page = next(r[col] for r in rows if r[0] == "2025")
    body = client.get("/dashboards/overview/benchmarks.csv").content.decode()
    rows = [r for r in csv.reader(io.StringIO(body)) if len(r) > 1]
    col = rows[0].index("England")
    overview = next(r[col] for r in rows if r[0].startswith("Social worker turnover rate"))
    return page, overview


def test_a_second_benchmarks_load_changes_the_england_figure_shown(client, lead, tmp_path):
    client.force_login(lead)
    assert england_2025(client) == ("11.8", "11.8")

    folder = tmp_path / "bench"
    assert bm.install(dfe_file(tmp_path, "31.4"), folder).ok
    first = (folder / "csww_indicators.csv").stat()
    assert england_2025(client) == ("31.4", "31.4")
    page = client.get("/dashboards/stability/").content.decode()
    assert "31.4" in page

    assert bm.install(dfe_file(tmp_path, "42.6"), folder).ok
    # the same path, size and modification time as the first loaded file: only the content
    # (and the release note that records its hash) tells them apart
    os.utime(folder / "csww_indicators.csv", ns=(first.st_atime_ns, first.st_mtime_ns))
    assert (folder / "csww_indicators.csv").stat().st_size == first.st_size
    assert england_2025(client) == ("42.6", "42.6")
    page = client.get("/dashboards/stability/").content.decode()
    assert "42.6" in page and "31.4" not in page
    overview = client.get("/dashboards/").content.decode()
    assert "England 42.6" in overview
