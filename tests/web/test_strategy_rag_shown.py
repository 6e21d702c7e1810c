"""A target's status agrees with its figures as the target page shows them: green when the
figure shown is on or better than the trajectory shown, amber inside the band shown as
'Green or amber' ('Up to 13.3%', '85.0% or more', '13.9% to 15.4%'), red beyond it (the
status used to be worked out on unrounded figures, so 17.2 against a band shown as 16.7 to
17.2 could be red)."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from tests.web.conftest import stored_demo_lead
from workforce_web.strategy.demo import store_demo_strategy
from workforce_web.strategy.models import Target

TODAY = date.today()
ROW = re.compile(r"<tr class=\"govuk-table__row\">(.*?)</tr>", re.S)
CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)


@pytest.fixture
def demo(db, django_user_model):
    ledger, org, user, _ = stored_demo_lead(django_user_model, TODAY)
    return user, store_demo_strategy(org, ledger, TODAY).strategy


def number(text: str) -> float | None:
    text = text.strip().rstrip("%").lstrip("£").replace(",", "")
    return None if text in ("", "–", "c") else float(text)


def band_of(text: str, expected: float | None) -> tuple[float | None, float | None]:
    """The band as the page writes it, by the target's direction: 'Up to 13.3%' (lower is
    better: from the trajectory up), '85.0% or more' (higher is better), '13.9% to 15.4%'."""
    if text.startswith("Up to "):
        return expected, number(text.removeprefix("Up to "))
    if text.endswith(" or more"):
        return number(text.removesuffix(" or more")), expected
    low, high = (number(x) for x in text.split(" to "))
    return low, high


def shown_rows(client, target: Target) -> list[dict]:
    body = client.get(f"/strategy/targets/{target.pk}/").content.decode()
    table = body[body.index('id="target-table"'):]
    table = table[:table.index("</table>")]
    out = []
    for row in ROW.findall(table):
        cells = CELL.findall(row)
        if len(cells) < 5:  # the heading row
            continue
        rag = re.search(r'data-rag="(\w+)"', cells[-1])
        band = html.unescape(re.sub(r"<[^>]+>", "", cells[-2]))
        if rag is None or band == "–":
            continue
        expected = number(cells[2])
        low, high = band_of(band, expected)
        out.append({"date": date.fromisoformat(cells[0].strip()), "actual": number(cells[1]),
                    "expected": expected, "low": low, "high": high, "rag": rag.group(1)})
    return out


def test_every_status_on_a_target_page_agrees_with_the_figures_shown(client, demo):
    user, strategy = demo
    client.force_login(user)
    checked = 0
    for target in Target.objects.filter(strategy=strategy, tracked__isnull=True):
        strictly = target.target_value is None and not target.benchmark
        for r in shown_rows(client, target):
            if r["actual"] is None or (target.target_date and r["date"] > target.target_date):
                continue
            a, e, low, high = r["actual"], r["expected"], r["low"], r["high"]
            if low == e:  # lower is better: the band runs up from the trajectory
                better, inside = (a < e if strictly else a <= e), a <= high
            elif high == e:  # higher is better
                better, inside = (a > e if strictly else a >= e), a >= low
            else:  # a band either side
                continue
            expected_rag = "green" if better else "amber" if inside else "red"
            assert r["rag"] == expected_rag, (target.ref, r)
            checked += 1
    assert checked > 20
