"""SUPPRESSION_THRESHOLD is read in one place (`workforce.runtime.configured_threshold`) and
the pages state the rule at the threshold the deployment set, not the default."""

from __future__ import annotations

import pytest
from django.test import override_settings

from workforce.runtime import configured_threshold


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
