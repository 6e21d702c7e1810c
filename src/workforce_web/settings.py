"""Django settings, from environment variables with safe demo defaults.

DATABASE_URL   default sqlite:///<WORKFORCE_HOME>/var/workforce.sqlite3 (PostgreSQL URLs work)
SECRET_KEY     default: a random key generated once into var/secret_key (never in the repo)
WORKFORCE_HOME where var/ lives; default: the checkout (folder with pyproject.toml) when
               installed editable, else the current directory
ALLOWED_HOSTS  comma-separated; default 127.0.0.1,localhost
DEBUG          "1"/"true" to turn on; default off
SUPPRESSION_THRESHOLD  small-number suppression threshold for aggregates; default 5 (a lower one is
               allowed, with a warning at start-up: check workforce.W001)
HTTPS          "1"/"true" when served over HTTPS (behind a TLS proxy): Secure cookies, HSTS and
               redirects to HTTPS; default off (the demo runs on plain http://localhost)
TRUSTED_PROXY  "1"/"true" when a proxy in front sets X-Forwarded-Proto (with HTTPS)
CSRF_TRUSTED_ORIGINS  comma-separated origins, e.g. https://workforce.example.gov.uk
SESSION_HOURS  hours a sign-in lasts (default 8); it also ends when the browser is closed
WORKFORCE_WARM_CACHE  "0"/"false" not to warm the dashboards' caches in the background after
               an import and at start-up (workforce_web.warm); default on
REPORT_CACHE_ENTRIES  board report files kept in memory (default 100: about 25 reports in their
               three formats; see the setting)
PAGE_CACHE_ENTRIES    rendered page fragments kept in memory (default 500: about the last 250
               dashboard pages shown; see the setting)
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from workforce.paths import home
from workforce.runtime import configured_threshold

BASE_DIR = Path(__file__).resolve().parent


PROJECT_DIR = home()  # the core (loaded DfE files) uses the same folder
VAR_DIR = PROJECT_DIR / "var"


def _flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    if raw.lower() in ("1", "true", "yes", "on"):
        return True
    if raw.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = _flag("DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost")
                 .split(",") if h.strip()]

_default_db = f"sqlite:///{VAR_DIR / 'workforce.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_db,
                                              conn_max_age=60)}  # set but empty: the default
SQLITE_OPTIONS = {"timeout": 30, "transaction_mode": "IMMEDIATE",
                  "init_command": "PRAGMA journal_mode=WAL;"}
"""SQLite lets one transaction write at a time. Each transaction (`atomic`) takes the write
lock when it begins (BEGIN IMMEDIATE), waiting up to `timeout` seconds for another to finish:
a transaction begun as SQLite's default (deferred) that has read cannot wait when it comes to
write after another has written (SQLite refuses at once: "database is locked", a server
error). Reads outside a transaction never wait (WAL); a transaction that only reads waits as
one that writes."""
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "workforce_web.ledger",
    # before axes: its reset commands (axes_reset, ...) are the accounts app's, which record
    # them in the audit log (Django runs the first app's command of a name). axes's signal
    # receivers are still connected before the accounts app's (`signins.connect`)
    "workforce_web.accounts",
    "axes",
    "workforce_web.home",
    "workforce_web.people",
    "workforce_web.uploads",
    "workforce_web.dashboards",
    "workforce_web.strategy",
    "workforce_web.census",
    "workforce_web.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "workforce_web.accounts.middleware.LoginRequiredMiddleware",
    "workforce_web.accounts.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Sign-in attempts (django-axes): after 5 wrong passwords for one user name from one address,
# that pair is refused for 15 minutes (a per-user lock alone would let anyone lock a colleague
# out); the lock lifts by itself, and a correct password before it starts clears the count.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend",
                           "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # no lasting record of every sign-in's address and browser
AXES_CLIENT_IP_CALLABLE = "workforce_web.accounts.middleware.client_address"

ROOT_URLCONF = "workforce_web.urls"
WSGI_APPLICATION = "workforce_web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workforce_web.accounts.context.membership",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]  # built by `npm run build`
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True


def _hours() -> int:
    raw = os.environ.get("SESSION_HOURS", "8")
    if not raw.isdigit() or not 1 <= int(raw) <= 24 * 14:
        raise ImproperlyConfigured(f"SESSION_HOURS must be a whole number of hours from 1 to "
                                   f"336, not {raw!r}")
    return int(raw)


SESSION_COOKIE_AGE = _hours() * 3600
HTTPS = _flag("HTTPS")
if HTTPS:  # staff data never travels unencrypted, and the cookies say so
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # the council's other services are not ours to pin
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if _flag("TRUSTED_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
                        if o.strip()]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

try:
    SUPPRESSION_THRESHOLD = configured_threshold()
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from exc



def _whole_number(name: str, default: int, low: int, high: int) -> int:
    raw = os.environ.get(name, str(default))
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ImproperlyConfigured(f"{name} must be a whole number from {low} to {high}, "
                                   f"not {raw!r}")
    return int(raw)


REPORT_CACHE_ENTRIES = _whole_number("REPORT_CACHE_ENTRIES", 100, 4, 2000)
"""Board report files kept (`workforce_web.reports.made`): four entries a report (its PDF,
HTML page, workbook and the report built from the data). The demo's whole-organisation
report keeps 0.24 MB of PDF, 0.29 MB of HTML, 0.03 MB of workbook and 0.13 MB built, about
0.7 MB together, the HTML the largest entry; so 100 entries hold the last 25 reports made
(a busy day of commentary edits makes a report again each time) in about 25 x 0.7 = 17.5 MB,
and no more than 100 x 0.3 = 30 MB even if every entry were the largest kind."""
PAGE_CACHE_ENTRIES = _whole_number("PAGE_CACHE_ENTRIES", 500, 4, 5000)
"""Rendered page fragments kept (the templates' `{% cache %}` blocks: a dashboard page's body
and its filters, the work lists, the targets table), each for an hour. On the demo (600
staff) a dashboard page's body is 40 to 160 KB, about 85 KB on average, its filters 12 KB, a
work list's body 95 KB and the targets table 78 KB; so 500 entries hold about the last 250
pages shown in some 25 MB, and no more than 500 x 0.16 = 80 MB even if every entry were the
largest body."""
# Reports and rendered pages have caches of their own: in the one shared with measure
# results, a day of report downloads (hundreds of KB each), or of pages opened with many
# filters, pushed results out, and results pushed pages out. `{% cache %}` uses the cache
# named "template_fragments" when there is one (Django's rule), so every fragment goes there
# without naming it. Each LocMem cache needs its own LOCATION, or they share one store (and
# one cull).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "workforce-default", "OPTIONS": {"MAX_ENTRIES": 2000}},
    "reports": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "workforce-reports", "TIMEOUT": 24 * 3600,
                "OPTIONS": {"MAX_ENTRIES": REPORT_CACHE_ENTRIES}},
    "template_fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                           "LOCATION": "workforce-pages",
                           "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_ENTRIES}},
}
WARM_CACHE = _flag("WORKFORCE_WARM_CACHE", default=True)
"""Warm the dashboards' caches in a background thread after an import on the web and when
`workforce serve` starts (`workforce_web.warm`); the tests turn it off."""

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # a refusal (403) in one line, not with a traceback (workforce_web.logging)
    "filters": {"one_line_refusals": {"()": "workforce_web.logging.OneLineRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["one_line_refusals"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
