"""The caches are warmed in the background after an import and when the server starts: the
first view of each dashboard, for the whole organisation or a unit, then computes nothing
(up to 3 s a page on the demo). A warm-up of old data is never read for new data, two never
run at once, and a failing one breaks nothing."""

from __future__ import annotations

import threading

import polars as pl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.web.conftest import tiny_tables
from workforce.measures import engine
from workforce_web import warm
from workforce_web.bridge import store_tables
from workforce_web.dashboards import assemble, choices
from workforce_web.dashboards.pages import PAGES


@pytest.fixture
def engine_calls(monkeypatch):
    calls = []
    run = engine.run

    def counting(*args, **kwargs):
        calls.append((tuple(args[1]), tuple(args[3]) if len(args) > 3 else kwargs.get("by")))
        return run(*args, **kwargs)

    monkeypatch.setattr(engine, "run", counting)
    return calls


def _first_views(client, unit: str = "") -> None:
    """Home, then every dashboard page, as the client opens them (for `unit`)."""
    assert client.get("/").status_code == 200
    query = f"?unit={unit}" if unit else ""
    for page in PAGES:
        slug = "" if page.slug == "overview" else f"{page.slug}/"
        assert client.get(f"/dashboards/{slug}{query}").status_code == 200, page.slug


def _forget_pages() -> None:
    """Forget the pages assembled, keeping the measure results: a view then assembles its
    page again from the cache, and what it asks the engine for is what the warm-up missed."""
    assemble._MEMO.clear()
    choices._MEMO.clear()


@pytest.mark.parametrize(("who", "unit"), [("lead", ""), ("lead", "T1-B"), ("manager_a", ""),
                                           ("viewer", ""), ("viewer", "T1-A")])
def test_the_first_views_after_a_warm_up_compute_nothing(as_user, engine_calls, who, unit):
    assert warm.warm("T1") > 0
    assert engine_calls
    engine_calls.clear()
    _forget_pages()
    _first_views(as_user(who), unit)
    assert engine_calls == []


def test_without_a_warm_up_the_first_views_compute(as_user, engine_calls):
    _first_views(as_user("lead"), "T1-B")
    assert engine_calls


def test_a_warm_up_of_old_data_is_not_read_after_an_import(as_user, engine_calls):
    warm.warm("T1")
    tables = tiny_tables("T1")
    tables["unit"] = tables["unit"].with_columns(
        name=tables["unit"]["name"].str.replace("Team B", "Team Bravo"))
    store_tables(tables)
    engine_calls.clear()
    page = as_user("lead").get("/dashboards/caseloads/").content.decode()
    assert engine_calls and "Team Bravo" in page


def test_a_warm_up_stops_when_the_data_changes_under_it(personas, monkeypatch):
    views = []
    page_view = assemble.page_view

    def importing_meanwhile(org, slug, chosen, version, **kwargs):
        views.append(slug)
        if len(views) == 2:
            tables = tiny_tables("T1")
            store_tables(tables | {"organisation": tables["organisation"].with_columns(
                name=pl.lit("Renamed"))})
        return page_view(org, slug, chosen, version, **kwargs)

    monkeypatch.setattr(assemble, "page_view", importing_meanwhile)
    assert warm.warm("T1") == 3  # home, the overview, the stability page, then it stops
    assert len(views) == 2


@pytest.fixture
def warming(settings, monkeypatch):
    """Warming on, each warm-up held until released; the organisations warmed, in order,
    and the most warm-ups seen at once."""
    settings.WARM_CACHE = True
    seen = {"warmed": [], "most": 0, "now": 0}
    release = threading.Event()
    lock = threading.Lock()

    def held(org):
        with lock:
            seen["now"] += 1
            seen["most"] = max(seen["most"], seen["now"])
        release.wait(10)
        with lock:
            seen["now"] -= 1
            seen["warmed"].append(org)
        if org == "broken":
            raise RuntimeError("a warm-up that fails")

    monkeypatch.setattr(warm, "warm", held)
    yield seen, release
    release.set()
    _join()


def _join() -> None:
    worker = warm._WORKER
    if worker is not None:
        worker.join(10)


def test_one_warm_up_at_a_time_each_organisation_once_while_it_waits(warming):
    seen, release = warming
    assert warm.start("T0")
    for _ in range(500):  # the worker is warming T0, so T1 and T2 wait (else the worker
        if seen["now"]:   # could take T1 before it is asked for again: warmed again after)
            break
        threading.Event().wait(0.01)
    assert warm.start("T1") and warm.start("T2") and warm.start("T1") and warm.start("T2")
    release.set()
    _join()
    assert seen["warmed"] == ["T0", "T1", "T2"] and seen["most"] == 1


def test_an_organisation_asked_for_while_it_warms_is_warmed_again_after(warming):
    seen, release = warming
    warm.start("T1")
    for _ in range(100):  # the worker has taken T1 off the list and is warming it
        if seen["now"]:
            break
        threading.Event().wait(0.01)
    warm.start("T1")  # an import meanwhile: the data warmed is already old
    release.set()
    _join()
    assert seen["warmed"] == ["T1", "T1"]


def test_a_failing_warm_up_breaks_nothing(warming, caplog):
    seen, release = warming
    release.set()
    assert warm.start("broken", "T1")
    _join()
    assert seen["warmed"] == ["broken", "T1"]
    assert "Warming the caches of broken failed" in caplog.text
    assert warm.start("T2")
    _join()
    assert seen["warmed"][-1] == "T2"


def test_nothing_is_warmed_when_the_setting_is_off(settings, monkeypatch):
    settings.WARM_CACHE = False
    monkeypatch.setattr(warm, "warm", lambda org: pytest.fail("warmed"))
    assert not warm.start("T1")
    assert warm._WORKER is None


def test_an_import_on_the_web_warms_its_organisation(as_user, monkeypatch,
                                                     django_capture_on_commit_callbacks):
    started = []
    monkeypatch.setattr(warm, "start", lambda *orgs: started.extend(orgs))
    good = "organisation,staff_id,name,sex,ethnicity,disability\nT1,T1p9,Dana Dale,F,WBRI,N\n"
    bad = good.replace(",F,", ",Q,")
    client = as_user("lead")
    for text in (bad, good):  # once stored (the test's transaction is never committed)
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/imports/", {"files": [SimpleUploadedFile("person.csv",
                                                                   text.encode())]})
        assert started == ([] if text == bad else ["T1"])


def test_the_server_warms_every_organisation_before_it_serves(personas, monkeypatch):
    from django.core import management

    from workforce.cli import context

    done = []
    monkeypatch.setattr(warm, "start", lambda *orgs: done.append(("warm", sorted(orgs))))
    monkeypatch.setattr(management, "call_command", lambda *a, **k: done.append(a[0]))
    context.runserver("127.0.0.1", 8000)
    assert done == [("warm", ["T1", "T2"]), "runserver"]


def test_the_server_says_when_the_pages_styles_are_not_built(personas, monkeypatch, capsys,
                                                              tmp_path):
    """`make setup` alone leaves the stylesheet unbuilt (it is not committed): the pages were
    served unstyled with no word of why. The server now says so, and how to build it."""
    from django.core import management

    from workforce.cli import context
    from workforce_web import assets

    monkeypatch.setattr(warm, "start", lambda *orgs: None)
    monkeypatch.setattr(management, "call_command", lambda *a, **k: None)
    monkeypatch.setattr(assets, "STATIC", tmp_path)
    context.runserver("127.0.0.1", 8000)
    said = capsys.readouterr().err
    assert "css/app.css missing" in said and "make assets" in said
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "app.css").write_text("body {}")
    context.runserver("127.0.0.1", 8000)
    assert capsys.readouterr().err == ""
