"""Names on the dashboards: measures that share a title say who they count and which measure
they are; direction of travel reads the same everywhere and follows each measure's polarity;
units that share a name are told apart; the overview's tables fit the page."""

from __future__ import annotations

import csv
import io
from datetime import date

import polars as pl
import pytest

from workforce import benchmarks as bm
from workforce.demo import generate
from workforce.measures import get
from workforce_web.accounts.models import Membership, Role
from workforce_web.bridge import store_tables
from workforce_web.dashboards import labels
from workforce_web.dashboards.filters import unit_names, unit_options

TODAY = date.today()


@pytest.fixture
def lead(db, django_user_model):
    ledger = generate(staff=120, years=3, seed=5, today=TODAY)
    store_tables(dict(ledger.frames))
    user = django_user_model.objects.create_user("labels-lead", password="x")
    Membership.objects.create(user=user, organisation=ledger.organisations[0],
                              role=Role.WORKFORCE_LEAD)
    return user


def csv_rows(client, url: str) -> list[dict]:
    body = client.get(url).content.decode("utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(body)) if len(r) > 2]
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_measures_with_the_same_title_say_who_they_count():
    assert labels.name(get("vacancy_rate_fte")) == "Vacancy rate (FTE), social workers"
    assert labels.name(get("M10")) == "Vacancy rate (FTE), all staff"
    assert labels.name(get("absence_rate_fte")) == "Sickness absence rate (FTE), social workers"
    assert labels.name(get("M17")) == "Sickness absence rate, all staff"
    assert labels.name(get("M10"), "business_support") == "Vacancy rate (FTE), business support"
    # titles that already say who they count are left alone
    assert labels.name(get("turnover_rate_fte")) == "Social worker turnover rate (FTE)"
    assert labels.name(get("M07a")) == "Agency rate (FTE, whole workforce)"
    assert labels.name(get("M20")) == "Supervision within the month"


@pytest.mark.parametrize(("now", "before", "polarity", "words"), [
    (3.4, 3.6, "down", "Down (better)"), (3.4, 3.3, "down", "Up (worse)"),
    (83.3, 81.1, "up", "Up (better)"), (85.8, 86.1, "up", "Down (worse)"),
    (543.3, 530.0, "neutral", "Up (neither better nor worse)"), (5.0, 5.0, "down", "No change"),
    (None, 5.0, "down", "Not known")])
def test_direction_of_travel_follows_the_polarity(now, before, polarity, words):
    assert labels.travel(bm.travel(now, before, polarity), polarity) == words


def test_the_same_title_is_labelled_apart_on_every_page(client, lead):
    client.force_login(lead)
    overview = csv_rows(client, "/dashboards/overview/headlines.csv")
    vacancy = next(r for r in overview if r["Measure"].startswith("Vacancy rate"))
    assert (vacancy["Measure"], vacancy["Measure id"]) == (
        "Vacancy rate (FTE), social workers (%)", "vacancy_rate_fte")
    others = csv_rows(client, "/dashboards/stability/others.csv")
    m10 = next(r for r in others if r["Measure"].startswith("Vacancy rate (FTE)"))
    assert (m10["Measure"], m10["Measure id"]) == ("Vacancy rate (FTE), all staff (%)", "M10")
    wellbeing = client.get("/dashboards/wellbeing/").content.decode()
    assert "Sickness absence rate (FTE), social workers, as at " in wellbeing
    m17 = next(r for r in csv_rows(client, "/dashboards/wellbeing/others.csv")
               if r["Measure"].startswith("Sickness absence rate"))
    assert (m17["Measure"], m17["Measure id"]) == ("Sickness absence rate, all staff (%)",
                                                    "M17")
    # each row's direction of travel agrees with its own figures and polarity
    for row in (*overview, *others, m17):
        measure = get(row["Measure id"])
        now, before = (float(row[k].replace(",", "")) if row[k] not in ("c", "") else None
                       for k in ("At the date", "A year earlier"))
        expected = labels.travel(bm.travel(now, before, measure.polarity), measure.polarity)
        assert row["Direction of travel"] == expected, row


def test_the_overview_tables_have_few_enough_columns_to_fit(client, lead):
    client.force_login(lead)
    for key in ("headlines", "benchmarks"):
        rows = csv_rows(client, f"/dashboards/overview/{key}.csv")
        # the page shows a measure's id under its name; downloads give it a column of its own
        assert rows and "Measure id" in rows[0] and len(rows[0]) - 1 <= 7, key
    bench = csv_rows(client, "/dashboards/overview/benchmarks.csv")
    turnover = next(r for r in bench if r["Measure"].startswith("Social worker turnover"))
    assert turnover["England"] not in ("", "–")
    assert turnover["Position among local authorities"].count("ranked") == 1


def test_units_with_the_same_name_are_told_apart():
    units = pl.DataFrame({
        "code": ["CS", "FDA", "FDA-01", "FDA-02", "FDA-04", "EH", "EH-01", "EH-02"],
        "name": ["Children's Services", "Front Door", "MASH", "Assessment", "MASH",
                 "Early Help", "MASH", "Hub"],
        "parent": [None, "CS", "FDA", "FDA", "FDA", "CS", "EH", "EH"]})
    names = unit_names(units)
    assert names["FDA-01"] == "MASH (Front Door, FDA-01)"
    assert names["FDA-04"] == "MASH (Front Door, FDA-04)"
    assert names["EH-01"] == "MASH (Early Help)"
    assert names["FDA-02"] == "Assessment"
    labels_ = [o["label"].strip("\u2003") for o in unit_options(units, None)]
    assert len(set(labels_)) == len(labels_)


def test_each_headline_card_says_what_its_figure_covers(client, lead):
    """The supervision card's 12-month figure was read as the month's figure the strategy
    pages show for the same measure; it is now that month's figure, and says so."""
    import re

    client.force_login(lead)
    page = client.get("/dashboards/?as_at=2025-09-30").content.decode()
    cards = dict(re.findall(r'wf-card__title">([^<]+)</h3>\s*<p class="govuk-body-s '
                            r'wf-card__who">([^<]+)</p>', page))
    assert cards["Social worker turnover rate (FTE)"] == (
        "Social workers · The 12 months to 30 Sep 2025")
    assert cards["Average caseload (FTE)"] == "Social workers · On 30 Sep 2025"
    assert cards["Supervision within the month"] == "September 2025"
