"""The census page and downloads are audited by person: the check names the people its
findings on the page name, the findings' CSV those all its findings name, the return everyone
in it, so that the audit log's Person filter finds someone seen or downloaded there (the
return holds SWE numbers and dates of birth)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import polars as pl
from lxml import etree

from workforce.census.select import workers
from workforce.census.workers import normalise_swe
from workforce.demo import generate
from workforce_web.accounts.access import DETAIL_LENGTH
from workforce_web.accounts.models import AuditEvent, Membership, Role
from workforce_web.bridge import store_tables
from workforce_web.census import views

YEAR = 2025


def _named(action: str) -> list[str]:
    """The staff numbers the entries of `action` name, in order, checking each entry's form
    ("2025 people: ...", then "2025 people, continued: ...") and length."""
    events = list(AuditEvent.objects.filter(action=action).order_by("pk"))
    assert events, action
    assert events[0].detail.startswith(f"{YEAR} people: ")
    assert all(e.detail.startswith(f"{YEAR} people, continued: ") for e in events[1:])
    assert all(len(e.detail) <= DETAIL_LENGTH for e in events)
    return [s for e in events for s in e.detail.split(": ", 1)[1].split(", ")]


def test_the_tiny_organisations_downloads_name_the_people_they_hold(as_user):
    lead = as_user("lead")
    assert lead.get(f"/census/{YEAR}.xml").status_code == 200
    assert lead.get(f"/census/{YEAR}-findings.csv").status_code == 200
    assert lead.get(f"/census/?year={YEAR}").status_code == 200
    for action in ("census_download", "census_findings", "census_check"):
        assert sorted(_named(action)) == ["T1p1", "T1p2", "T1p3"], action
    page = as_user("admin").get("/audit/?person=T1p3").text
    for words in ("Downloaded the census return", "Downloaded the census return&#x27;s "
                  "findings", "Checked the census return"):
        assert words in page


def _demo(django_user_model, client):
    """A small demo organisation whose people have no qualification level recorded, so that
    every directly employed worker's record has a finding (CSWW-E11) quoting their SWE
    number; its workforce lead signed in. (The ledger, SWE number to staff number.)"""
    ledger = generate(staff=120, years=3, seed=5, today=date.today())
    frames = dict(ledger.frames)
    frames["person"] = frames["person"].with_columns(pl.lit(None, pl.String).alias("qual_level"))
    store_tables(frames)
    org = ledger.organisations[0]
    for name, role in (("demo-lead", Role.WORKFORCE_LEAD), ("demo-admin", Role.ADMIN)):
        Membership.objects.create(user=django_user_model.objects.create_user(name),
                                  organisation=org, role=role)
    client.force_login(django_user_model.objects.get(username="demo-lead"))
    swe = {normalise_swe(s): p for s, p in ledger.person.select("swe_number", "staff_id")
           .drop_nulls().iter_rows()}
    return ledger.for_organisation(org), swe


def test_the_return_names_everyone_in_it_over_as_many_entries_as_it_takes(
        db, django_user_model, client):
    ledger, swe = _demo(django_user_model, client)
    response = client.get(f"/census/{YEAR}.xml")
    assert response.status_code == 200
    named = _named("census_download")
    assert AuditEvent.objects.filter(action="census_download").count() > 1  # a long list
    assert len(named) == len(set(named))
    assert set(named) == set(workers(ledger, YEAR)["staff_id"])
    numbers = etree.fromstring(response.content).xpath("//*[local-name()='SWENo']/text()")
    assert numbers and {swe[normalise_swe(n)] for n in numbers} <= set(named)
    client.force_login(django_user_model.objects.get(username="demo-admin"))
    someone = swe[normalise_swe(numbers[-1])]
    page = client.get(f"/audit/?person={someone}").text
    assert "Downloaded the census return" in page


def test_the_findings_csv_names_everyone_whose_swe_number_it_holds(
        db, django_user_model, client):
    _, swe = _demo(django_user_model, client)
    rows = list(csv.DictReader(io.StringIO(
        client.get(f"/census/{YEAR}-findings.csv").content.decode("utf-8-sig"))))
    quoted = {swe[normalise_swe(r["SWE number"])] for r in rows if r["SWE number"]}
    assert len(quoted) > 20
    named = _named("census_findings")
    assert set(named) == quoted and len(named) == len(set(named))
    assert AuditEvent.objects.filter(action="census_findings").count() > 1  # a long list


def test_the_check_names_the_people_of_the_findings_the_page_shows(
        db, django_user_model, client, monkeypatch):
    """The page shows the first `SHOW` findings (the CSV has them all): its entry names
    the people of those, not everyone the return holds."""
    monkeypatch.setattr(views, "SHOW", 5)
    _, swe = _demo(django_user_model, client)
    page = client.get(f"/census/?year={YEAR}").text
    shown = [swe[normalise_swe(n)] for n in re.findall(r"Worker (\S+) \(worker", page)]
    assert len(shown) == 5
    assert _named("census_check") == list(dict.fromkeys(shown))
