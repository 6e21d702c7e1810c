"""Rendered pages (the templates' `{% cache %}` fragments) are kept in a cache of their own,
with a cap: they shared the one cache with the measure results, so a day of pages opened
with many filters (tens of KB each) pushed results out, and results pushed pages out. And a
page kept for one reader is never shown to another who may see less: a viewer never gets a
workforce lead's page, nor a manager the lead's."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.template import Context, Template

from workforce.measures.windows import as_at
from workforce_web import measures_cache

FILLER = Template("{% load cache %}{% cache 3600 filler n %}{{ n }}{% endcache %}")


def _fill_pages(count: int) -> list[int]:
    """`count` fragments rendered through `{% cache %}`, as the templates' are."""
    for n in range(count):
        FILLER.render(Context({"n": n}))
    return list(range(count))


def _measure_result():
    return measures_cache.results("T1", ["M45"], [as_at(date(2025, 3, 31))])


def test_a_dashboard_page_is_kept_in_the_page_cache_not_with_measure_results(as_user):
    response = as_user("lead").get("/dashboards/profile/")
    assert response.status_code == 200
    key = make_template_fragment_key("dashboard-body", [response.context["view"].key])
    assert 'class="wf-panel"' in caches["template_fragments"].get(key)
    assert caches["default"].get(key) is None


def test_filling_the_page_cache_leaves_measure_results_alone(personas, engine_calls):
    first = _measure_result()
    assert len(engine_calls) == 1
    _fill_pages(settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"])
    assert _measure_result().equals(first)
    assert len(engine_calls) == 1  # still kept: not computed again


def test_filling_the_measure_results_cache_leaves_pages_alone(as_user):
    response = as_user("lead").get("/dashboards/profile/")
    key = make_template_fragment_key("dashboard-body", [response.context["view"].key])
    default = caches["default"]
    for n in range(settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"]):
        default.set(f"measures:{n}", n)
    assert caches["template_fragments"].get(key) is not None


def test_the_page_cache_keeps_no_more_than_its_cap(personas):
    numbers = _fill_pages(settings.PAGE_CACHE_ENTRIES * 2)
    pages = caches["template_fragments"]
    kept = [n for n in numbers
            if pages.get(make_template_fragment_key("filler", [n])) is not None]
    assert 0 < len(kept) <= settings.PAGE_CACHE_ENTRIES
    assert numbers[-1] in kept  # the latest is kept


def _forget() -> None:
    """As if the server had just started: nothing kept from earlier requests."""
    from workforce_web.dashboards import assemble, choices, target_views, views, worklist_views

    for memo in (assemble._MEMO, choices._MEMO, views._FILES, target_views._MEMO,
                 worklist_views._MEMO):
        memo.clear()
    measures_cache._LEDGERS.clear()
    for cache in caches.all(initialized_only=False):
        cache.clear()


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.text)


def _main(page: str) -> str:
    """The page's own content, without the header that names the user and role."""
    return page[page.index("<main"):page.index("</main>")]


PAGES = ["/dashboards/?as_at=2025-06-14&f=1",
         "/dashboards/profile/?as_at=2025-06-14&f=1",
         "/dashboards/profile/?as_at=2025-05-31&f=1",
         "/dashboards/stability/?unit=T1-A&as_at=2025-06-14&f=1",
         "/dashboards/targets/"]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("reader", ["viewer", "manager_a"])
def test_a_page_kept_for_a_lead_is_never_shown_to_a_reader_who_may_see_less(
        client, personas, url, reader):
    if reader == "manager_a" and "unit=T1-A" not in url and "targets" not in url:
        url = url.replace("?", "?unit=T1-A&")  # a manager's own unit
    client.force_login(personas[reader])
    alone = _page(client, url)  # what the reader is shown with nothing kept
    _forget()
    client.force_login(personas["lead"])
    leads = _page(client, url)
    client.force_login(personas[reader])
    assert _page(client, url) == alone
    # where the lead's page is not the reader's: a viewer's figures are at the month end
    # before the day asked for; only the lead may change a target
    if "targets" in url or (reader == "viewer" and "2025-06-14" in url):
        assert _main(leads) != _main(alone)


def test_a_viewers_page_does_not_give_a_lead_figures_on_another_day(client, personas):
    url = "/dashboards/profile/?as_at=2025-06-14&f=1"
    client.force_login(personas["viewer"])
    assert "31 May 2025" in _page(client, url)
    client.force_login(personas["lead"])
    page = _page(client, url)
    assert "14 June 2025" in page and "31 May 2025" not in page


def test_a_work_lists_downloads_name_the_unit_chosen_after_the_whole_organisations(
        as_user):
    lead = as_user("lead")
    assert "?unit=&amp;" in lead.get("/dashboards/work-lists/").text
    # T1-D holds every unit: the same people as the whole organisation, but its own links
    page = lead.get("/dashboards/work-lists/?unit=T1-D").text
    assert "?unit=T1-D&amp;" in page and "?unit=&amp;" not in page
