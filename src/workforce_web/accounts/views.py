"""The audit log: who looked at or exported whose data, for the organisation's
administrators. Reading the log, on the page or as a download, is itself recorded, and so is
a refused request for it (`refusals_audited`), naming the filters asked for."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from workforce.spreadsheet import BOM, safe_row
from workforce_web.accounts import signins
from workforce_web.accounts.access import audit, cut, refusals_audited, require
from workforce_web.accounts.actions import label
from workforce_web.accounts.forms import AuditFilterForm
from workforce_web.accounts.models import AuditEvent, Role

PAGE_SIZE = 50
CSV_HEADER = ["When", "Who", "Action", "Action code", "What", "Where"]


class _Echo:
    """A file-like object whose `write` hands back what it is given, for streaming CSV."""

    def write(self, value: str) -> str:
        return value


def _rows(events) -> Iterator[list[str]]:  # noqa: ANN001 - a QuerySet of AuditEvent
    yield CSV_HEADER
    for e in events.iterator(chunk_size=2000):  # a detail may hold a typed title
        yield safe_row([timezone.localtime(e.at).isoformat(timespec="seconds"), e.username,
                        label(e.action), e.action, e.detail, e.path])


FILTERS = (("user", "user", 150), ("action", "action", 40), ("from", "date_from", 20),
           ("to", "date_to", 20), ("person", "person", 100))
"""The filters as `AuditFilterForm.describe` names them, their fields, and the most of each
a refused request's entry names: the form's or the log's own lengths (dates in any form the
form reads), so that all of them and the reason fit in one entry."""


def _filters_asked(request, **_) -> str:
    """The filters of a refused request as given (a refused request's form is not read), in
    the words `describe` uses, so that the Person filter finds someone a refused look asked
    about, however long the other filters given."""
    parts = [f"{name}={cut(request.GET[key].strip(), most)}" for name, key, most in FILTERS
             if request.GET.get(key, "").strip()]
    return " ".join(parts) if parts else "no filters"


def audit_log(request):
    """The log's page, or with `format=csv` its download: two actions, each refused as
    itself."""
    if request.GET.get("format") == "csv":
        return _log_download(request)
    return _log_page(request)


@refusals_audited("view_audit_log", _filters_asked)
def _log_page(request):
    return _log(request)


@refusals_audited("export_audit_log", _filters_asked)
def _log_download(request):
    return _log(request)


def _log(request):
    m = require(request, Role.ADMIN)
    # with the sign-ins of user names no one has, which are no organisation's (`signins`)
    mine = AuditEvent.objects.filter(
        Q(organisation=m.organisation)
        | Q(organisation=signins.SHARED, action__in=signins.SIGN_IN_ACTIONS))
    seen = list(mine.order_by().values_list("action", flat=True).distinct())
    form = AuditFilterForm(request.GET, seen=seen)
    context = {"form": form}
    if not form.is_valid():
        return render(request, "accounts/audit_log.html", context)
    # the log as it stood when asked for: this request's own record is not in it
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    events = form.apply(mine).filter(pk__lte=last).order_by("-at", "-pk")
    if request.GET.get("format") == "csv":
        audit(request, "export_audit_log", form.describe())
        writer = csv.writer(_Echo())
        lines = (writer.writerow(r) for r in _rows(events))
        response = StreamingHttpResponse(itertools.chain([BOM], lines),
                                         content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="audit-log-{date.today():%Y-%m-%d}.csv"')
        return response
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    audit(request, "view_audit_log", f"{form.describe()} page={page.number}")
    context.update(page=page, total=page.paginator.count,
                   events=[(e, label(e.action)) for e in page])
    return render(request, "accounts/audit_log.html", context)
