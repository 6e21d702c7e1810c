"""Settings for running with real staff data: Secure cookies and HSTS behind HTTPS, sign-ins
that end, stronger passwords, nothing a signed-in user sees kept in a cache, and a SQLite
database readable by its owner only."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

SHOW = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS",
        "SESSION_COOKIE_AGE", "SESSION_EXPIRE_AT_BROWSER_CLOSE", "REPORT_CACHE_ENTRIES",
        "PAGE_CACHE_ENTRIES", "CACHES")


def settings_with(tmp_path: Path, **env: str) -> dict:
    """The settings a fresh process reads with `env` (settings are read once per process)."""
    code = ("import json, django.conf, os; os.environ['DJANGO_SETTINGS_MODULE']="
            "'workforce_web.settings'; from django.conf import settings as s; "
            f"print(json.dumps({{k: getattr(s, k, None) for k in {SHOW!r}}}))")
    base = {k: v for k, v in os.environ.items() if k not in ("HTTPS", "TRUSTED_PROXY",
                                                            "CSRF_TRUSTED_ORIGINS",
                                                            "SESSION_HOURS",
                                                            "REPORT_CACHE_ENTRIES",
                                                            "PAGE_CACHE_ENTRIES")}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**base, "WORKFORCE_HOME": str(tmp_path), **env}, check=False)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1]}
    return json.loads(done.stdout)


def test_the_demo_on_plain_http_gets_no_secure_cookies_but_sign_ins_end(tmp_path):
    got = settings_with(tmp_path)
    assert not got["SESSION_COOKIE_SECURE"] and not got["SECURE_SSL_REDIRECT"]
    assert got["SESSION_COOKIE_AGE"] == 8 * 3600 and got["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    assert got["REPORT_CACHE_ENTRIES"] == 100


def test_the_number_of_board_report_files_kept_is_a_setting(tmp_path):
    assert settings_with(tmp_path, REPORT_CACHE_ENTRIES="40")["REPORT_CACHE_ENTRIES"] == 40


def test_the_number_of_rendered_page_parts_kept_is_a_setting(tmp_path):
    pages = settings_with(tmp_path)["CACHES"]["template_fragments"]
    assert pages["OPTIONS"]["MAX_ENTRIES"] == 500
    got = settings_with(tmp_path, PAGE_CACHE_ENTRIES="40")
    assert got["PAGE_CACHE_ENTRIES"] == 40
    assert got["CACHES"]["template_fragments"]["OPTIONS"]["MAX_ENTRIES"] == 40
    # a store of its own: LocMem caches of one LOCATION share their entries and their cull
    assert len({c["LOCATION"] for c in got["CACHES"].values()}) == len(got["CACHES"])


def test_https_turns_on_secure_cookies_hsts_and_the_redirect(tmp_path):
    got = settings_with(tmp_path, HTTPS="1", TRUSTED_PROXY="true",
                        CSRF_TRUSTED_ORIGINS="https://wf.example.gov.uk, https://b.example",
                        SESSION_HOURS="4")
    assert got["SESSION_COOKIE_SECURE"] and got["CSRF_COOKIE_SECURE"]
    assert got["SECURE_SSL_REDIRECT"] and got["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert got["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert got["CSRF_TRUSTED_ORIGINS"] == ["https://wf.example.gov.uk", "https://b.example"]
    assert got["SESSION_COOKIE_AGE"] == 4 * 3600


@pytest.mark.parametrize(("env", "says"), [({"HTTPS": "maybe"}, "HTTPS must be true or false"),
                                          ({"SESSION_HOURS": "0"}, "SESSION_HOURS"),
                                          ({"SESSION_HOURS": "forever"}, "SESSION_HOURS"),
                                          ({"REPORT_CACHE_ENTRIES": "0"}, "REPORT_CACHE_ENTRIES"),
                                          ({"REPORT_CACHE_ENTRIES": "lots"},
                                           "REPORT_CACHE_ENTRIES"),
                                          ({"PAGE_CACHE_ENTRIES": "0"}, "PAGE_CACHE_ENTRIES"),
                                          ({"PAGE_CACHE_ENTRIES": "lots"},
                                           "PAGE_CACHE_ENTRIES")])
def test_a_bad_setting_stops_start_up_with_a_message(tmp_path, env, says):
    assert says in settings_with(tmp_path, **env)["error"]


@pytest.mark.parametrize("password", ["workforce", "lead2026!", "12345678901234", "manager-a-1"])
def test_weak_passwords_are_refused(django_user_model, password):
    user = django_user_model(username="manager-a")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_passphrase_is_accepted(django_user_model):
    validate_password("copper kettle wind 42", django_user_model(username="lead"))


def test_nothing_a_signed_in_user_sees_is_kept_in_a_cache(as_user):
    from django.test import Client

    lead = as_user("lead")
    for path in ("/", "/people/", "/dashboards/"):
        assert lead.get(path)["Cache-Control"] == "no-store, private", path
    assert "no-store" not in Client().get("/healthz").get("Cache-Control", "")


def test_a_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["WORKFORCE_HOME"] = str(tmp_path)
    code = "from workforce.cli.context import setup_django; setup_django()"
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr
    db = tmp_path / "var" / "workforce.sqlite3"
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
