"""Page titles and landmarks that tell pages and regions apart: the census page names the
year it checked; the service navigation is one landmark, not a region and a navigation both
labelled "Menu"."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape

import pytest


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def title(html: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html).group(1))


def test_the_census_page_names_the_year_it_checked(as_user):
    client = as_user("lead")
    assert title(page(client, "/census/")) == "DfE workforce census – Workforce"
    for year in (2024, 2025):
        assert title(page(client, f"/census/?year={year}")) == (
            f"{year} return – DfE workforce census – Workforce")
    assert title(page(client, "/census/?year=abc")) == "Error: DfE workforce census – Workforce"


@pytest.mark.parametrize("path", ["/", "/people/", "/imports/", "/census/"])
def test_no_two_landmarks_share_a_label(as_user, path):
    html = page(as_user("lead"), path)
    labels = Counter(re.findall(
        r'<(?:nav|section|aside|header|footer|main|form)\b[^>]*\baria-label="([^"]*)"', html))
    assert [label for label, n in labels.items() if n > 1] == []
    assert '<nav aria-label="Menu" class="govuk-service-navigation__wrapper">' in html
    assert '<section aria-label="Menu"' not in html
