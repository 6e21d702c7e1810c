"""A refusal (403) is logged in one line with its reason, not with a traceback; a server
error keeps its traceback."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied

from workforce_web.logging import OneLineRefusals

REQUEST_LOGGER = logging.getLogger("django.request")
RECOMMENDED = settings.LOGGING
"""The settings' LOGGING, with the filter."""


@pytest.fixture
def one_line():
    """The filter on `django.request`, as the settings attach it."""
    f = OneLineRefusals()
    REQUEST_LOGGER.addFilter(f)
    yield
    REQUEST_LOGGER.removeFilter(f)


def _formatted(caplog) -> list[str]:
    formatter = logging.Formatter()
    return [formatter.format(r) for r in caplog.records if r.name == "django.request"]


def test_a_refusal_is_one_line_with_its_reason(as_user, one_line, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert as_user("viewer").get("/people/T1p1/").status_code == 403
    [line] = _formatted(caplog)
    assert line == ("Forbidden (Permission denied): /people/T1p1/ (Your role does not give "
                    "access to this page.)")


def test_without_the_filter_django_logs_the_traceback(as_user, caplog, monkeypatch):
    """What the filter is for (and why the settings need it)."""
    monkeypatch.setattr(REQUEST_LOGGER, "filters", [
        f for f in REQUEST_LOGGER.filters if not isinstance(f, OneLineRefusals)])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        as_user("viewer").get("/people/T1p1/")
    [text] = _formatted(caplog)
    assert "Traceback" in text and len(text.splitlines()) > 5


def test_the_settings_attach_the_filter(as_user, caplog):
    assert any(isinstance(f, OneLineRefusals) for f in REQUEST_LOGGER.filters)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        as_user("manager_a").get("/census/")
    [line] = _formatted(caplog)
    assert "\n" not in line and line.startswith("Forbidden (Permission denied): /census/ (")


def _record(exc: BaseException, msg: str = "Forbidden (Permission denied): %s",
            args: tuple = ("/x/",)) -> logging.LogRecord:
    try:
        raise exc
    except BaseException:
        return logging.LogRecord("django.request", logging.WARNING, __file__, 1, msg, args,
                                 sys.exc_info())


def test_other_errors_keep_their_traceback():
    record = _record(ValueError("boom"), "Internal Server Error: %s")
    assert OneLineRefusals().filter(record) is True
    assert "Traceback" in logging.Formatter().format(record)


def test_a_reason_with_a_percent_sign_and_one_without_a_reason():
    record = _record(PermissionDenied("100% not yours"))
    OneLineRefusals().filter(record)
    assert record.getMessage() == "Forbidden (Permission denied): /x/ (100% not yours)"
    bare = _record(PermissionDenied())
    OneLineRefusals().filter(bare)
    assert logging.Formatter().format(bare) == "Forbidden (Permission denied): /x/"


def test_the_settings_write_a_refusal_in_one_line(tmp_path):
    """The settings' LOGGING, applied as Django applies it, in a process of its own: a
    refusal is one line on standard error."""
    script = f"""
import logging.config, django
from django.conf import settings
settings.configure(LOGGING={RECOMMENDED!r})
django.setup()
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseForbidden
from django.utils.log import log_response
try:
    raise PermissionDenied("Your role does not give access to this page.")
except PermissionDenied as exc:
    log_response("Forbidden (Permission denied): %s", "/people/T1p1/",
                 response=HttpResponseForbidden(), exception=exc)
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, cwd=tmp_path)
    assert done.stderr.splitlines() == [
        "Forbidden (Permission denied): /people/T1p1/ (Your role does not give access to "
        "this page.)"]
