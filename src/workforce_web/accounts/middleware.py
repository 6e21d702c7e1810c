"""Every page needs a signed-in user, except the sign-in page and static files; and what a
signed-in user is shown is never kept by the browser or a proxy."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

OPEN_PREFIXES = ("/login/", "/static/", "/healthz")


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(OPEN_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to a signed-in user: pages and downloads
    hold staff data (names, records, small-team figures), which must not stay in a shared
    computer's browser cache or a proxy after sign-out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store, private"
        return response


def client_address(request) -> str | None:
    """The address a request comes from, for the sign-in limits: behind the trusted proxy
    (`TRUSTED_PROXY`) the last address it added to X-Forwarded-For (every request would
    otherwise come from the proxy, and 5 wrong passwords from anyone would lock a user out
    everywhere); else the connection's own address. Earlier X-Forwarded-For entries are the
    client's to write, so they are never believed."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")
