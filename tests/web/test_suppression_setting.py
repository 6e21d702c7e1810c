"""SUPPRESSION_THRESHOLD is read in one place (`workforce.runtime.configured_threshold`) and
the pages state the rule at the threshold the deployment set, not the default."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from workforce.runtime import configured_threshold
from workforce_web.accounts.apps import suppression_threshold_check


@pytest.mark.parametrize(("raw", "want"), [("", 5), ("3", 3), (" 10 ", 10), ("0", 0)])
def test_the_threshold_comes_from_the_environment(monkeypatch, raw, want):
    monkeypatch.setenv("SUPPRESSION_THRESHOLD", raw)
    assert configured_threshold() == want


@pytest.mark.parametrize(("raw", "says"), [("five", "whole number"), ("-1", "0 or more")])
def test_a_threshold_that_is_not_a_count_is_refused_plainly(monkeypatch, raw, says):
    monkeypatch.setenv("SUPPRESSION_THRESHOLD", raw)
    with pytest.raises(ValueError, match=says):
        configured_threshold()


@pytest.mark.parametrize("path", ["/", "/dashboards/"])
def test_pages_state_the_rule_at_the_configured_threshold(as_user, path):
    with override_settings(SUPPRESSION_THRESHOLD=8):
        page = as_user("lead").get(path).content.decode()
    assert "Figures about 1 to 7 people are suppressed" in page
    assert "1 to 4 people" not in page


@pytest.mark.parametrize(("value", "warned"), [(5, None), (12, None), (3, "3 people"),
                                                (1, "one person"), (0, "one person")])
def test_a_threshold_below_the_default_is_warned_about_at_start_up(value, warned):
    with override_settings(SUPPRESSION_THRESHOLD=value):
        found = suppression_threshold_check()
        out = io.StringIO()  # Django's own check command (and start-up) shows it too
        call_command("check", stderr=out, stdout=out)
    assert ("workforce.W001" in out.getvalue()) == (warned is not None)
    assert [m.id for m in found] == ([] if warned is None else ["workforce.W001"])
    if warned:
        assert f"figures about as few as {warned} are shown" in found[0].msg


def test_the_warning_is_logged_when_the_app_starts_whatever_serves_it(caplog):
    from django.apps import apps

    with override_settings(SUPPRESSION_THRESHOLD=2), caplog.at_level("WARNING", "workforce"):
        apps.get_app_config("accounts").ready()
    assert "SUPPRESSION_THRESHOLD is 2" in caplog.text and "workforce.W001" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", "workforce"):
        apps.get_app_config("accounts").ready()  # at the default: nothing
    assert "SUPPRESSION_THRESHOLD" not in caplog.text
