"""Logging for the web app: a refusal (403) is logged in one line, not with a traceback.

Django logs every `PermissionDenied` a view raises as a warning on the `django.request`
logger, "Forbidden (Permission denied): /people/T1p1/", with the exception's traceback: some
thirty lines for an ordinary refusal (a viewer following a link to a person's record), which
bury the server's real faults. `OneLineRefusals` keeps the line, adds the refusal's reason
and drops the traceback; other records, server errors' tracebacks included, pass as they are.
Settings attach it to the `django.request` logger, so that it applies whichever handler
writes the record:

    LOGGING = {
        ...
        "filters": {"one_line_refusals": {"()": "workforce_web.logging.OneLineRefusals"}},
        "loggers": {"django.request": {"filters": ["one_line_refusals"]}},
    }
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class OneLineRefusals(logging.Filter):
    """A record of a `PermissionDenied` ("Forbidden (Permission denied): /path/") is written
    without its traceback, with the reason the view gave: "Forbidden (Permission denied):
    /people/T1p1/ (Your role does not give access to this page.)". Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, PermissionDenied):
            reason = " ".join(str(exc).split())
            if reason:  # a message with args is %-formatted with them: a % of its own doubled
                said = reason.replace("%", "%%") if record.args else reason
                record.msg = f"{record.msg} ({said})"
            record.exc_info, record.exc_text = None, None
        return True
