"""Settings of ombuds, read from the environment.

Every value that differs between a laptop demo, the test suite and a production server comes
from an environment variable read through the small typed helpers below. Nothing else in the
project reads ``os.environ``.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_str(name: str, default: str = "") -> str:
    """The variable as text, or ``default`` when it is unset or empty."""
    return os.environ.get(name, "").strip() or default


def env_bool(name: str, default: bool = False) -> bool:
    """True for 1/true/yes/on, False for 0/false/no/off; anything else is a mistake."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value: use 1 or 0.")


def env_int(name: str, default: int) -> int:
    """The variable as a whole number, or ``default`` when it is unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated variable as a list of its non-empty items."""
    raw = os.environ.get(name, "")
    items = [item.strip() for item in raw.split(",") if item.strip()]
    return items or default


VAR_DIR = PROJECT_DIR / env_str("OMBUDS_VAR_DIR", "var")  # a relative path is the repo's
MEDIA_ROOT = VAR_DIR / env_str("OMBUDS_MEDIA_ROOT", "files")
MEDIA_URL = "/files/"

SQLITE_PATH = VAR_DIR / "ombuds.sqlite3"
DATABASE = dj_database_url.parse(
    env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=60
)


def database_identity(database: Mapping[str, Any]) -> str:
    """The database as a marker names it: engine, host, port and name, never the password."""
    return "{ENGINE} {HOST}:{PORT} {NAME}".format_map(
        {key: database.get(key) or "" for key in ("ENGINE", "HOST", "PORT", "NAME")}
    )


# `ombuds demo` writes this file into the var folder it loaded (core/demo.py). A command run
# beside that demo, with neither DEBUG nor SECRET_KEY set and the same database, then takes the
# demo's settings (DEBUG and its generated key) instead of refusing for want of a key. Nothing
# is guessed: no marker, or a marker naming another database, and the settings are as always.
DEMO_MARKER = VAR_DIR / "demo.json"
DATABASE_IDENTITY = database_identity(DATABASE)


def _beside_a_demo() -> bool:
    if env_str("DEBUG") or env_str("SECRET_KEY"):
        return False  # what is set explicitly wins
    try:
        marker = json.loads(DEMO_MARKER.read_text())
    except (OSError, ValueError):
        return False
    return isinstance(marker, dict) and marker.get("database") == DATABASE_IDENTITY


BESIDE_DEMO = _beside_a_demo()
DEBUG = env_bool("DEBUG", BESIDE_DEMO)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. On a server, set SECRET_KEY to a long random string "
            "(for example the output of `python -c 'import secrets; print(secrets.token_urlsafe(50))'`). "
            "For a local demo run `make demo`, which sets DEBUG=1 and keeps a generated key in ./var."
        )
    # The demo keeps one generated key so that sessions survive a restart.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # Swagger UI for /api/docs as static files; no CDN
    "leaflet",  # Leaflet's JS and CSS as static files (django-leaflet); no CDN
    "django_prose_editor",  # the appeal editor's JS and CSS as static files; no CDN
    "django_otp",  # optional TOTP two-factor login (core/two_factor.py)
    "django_otp.plugins.otp_totp",
    "ombuds.core",
    "ombuds.sources",
    "ombuds.claims",
    "ombuds.registry",
    "ombuds.places",
    "ombuds.figures",
    "ombuds.appeals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ombuds.core.middleware.refuse_nul_characters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ombuds.core.middleware.OwnNotFoundPage",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "ombuds.urls"
WSGI_APPLICATION = "ombuds.wsgi.application"
ASGI_APPLICATION = "ombuds.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ombuds.core.navigation.navigation",
                "ombuds.core.four_eyes.context",
            ],
        },
    }
]

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": DATABASE}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, whose BEGIN waits for the write lock up to OMBUDS_SQLITE_WRITE_WAIT
    # seconds (a long import holds it), where SQLite's busy timeout alone would give up.
    DATABASES["default"]["ENGINE"] = "ombuds.core.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock
        # at BEGIN so concurrent writers wait (busy timeout) instead of failing mid-way.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, so that threads (backup under load, the live server) share it.
    # One file per process: test runs side by side never share (and clobber) a database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

# How long a write on SQLite waits for the lock another writer holds (a long import) before
# it fails; keep it below the web server's request timeout (gunicorn --timeout, docs/deploy.md).
OMBUDS_SQLITE_WRITE_WAIT = env_int("OMBUDS_SQLITE_WRITE_WAIT", 90)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# The port `ombuds serve` and `make demo` listen on (on 127.0.0.1 unless --addr says otherwise).
PORT = env_int("PORT", 8000)

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("OMBUDS_STATIC_ROOT", str(VAR_DIR / "static")))

TASKS = {
    "default": {
        "BACKEND": env_str("OMBUDS_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ombuds@localhost")

# Days after a dispatch with no reply before the addressee counts as "no reply".
# Figures (and the appeals quoting them) count only claims an editor confirmed or corrected.
OMBUDS_CONFIRMED_CLAIMS_ONLY = env_bool("OMBUDS_CONFIRMED_CLAIMS_ONLY", False)
OMBUDS_APPEAL_REPLY_DAYS = env_int("OMBUDS_APPEAL_REPLY_DAYS", 60)
# Days without an answer before `ombuds appeal remind` emails the one reminder; 0: no reminders.
OMBUDS_APPEAL_REMINDER_DAYS = env_int("OMBUDS_APPEAL_REMINDER_DAYS", 0)
# An appeal warns about a figure whose latest claim (or period end) is older than this many
# days, unless the appeal names its own day.
OMBUDS_APPEAL_FIGURE_AGE_DAYS = env_int("OMBUDS_APPEAL_FIGURE_AGE_DAYS", 365)
# The appeals whose pages the worker composes after each change, the most recently changed
# first (appeals/warming.py); an older one is composed when someone opens it.
OMBUDS_WARM_APPEALS = env_int("OMBUDS_WARM_APPEALS", 100)

# The office's name when its profile (Appeals > Office) gives none for the letter's language:
# the letterhead and the author of the Word documents (blank: the signature's office line).
OMBUDS_OFFICE_NAME = env_str("OMBUDS_OFFICE_NAME", "")

# Minutes an email dispatch may stay "sending" before an editor may release it for a retry (a
# worker that died mid-send leaves it so). Keep it well above EMAIL_TIMEOUT.
OMBUDS_DISPATCH_GRACE_MINUTES = env_int("OMBUDS_DISPATCH_GRACE_MINUTES", 15)
# Four eyes (core/four_eyes.py): approving an appeal, releasing a stuck dispatch and restoring a
# backup need a second person. "off" for a one-person office; the affected pages say so.
OMBUDS_FOUR_EYES = env_bool("OMBUDS_FOUR_EYES", True)

# Largest document accepted for ingestion, in bytes.
# The area the office works in (west, south, east, north in degrees, "44.7,38.3,50.9,42.0"):
# a place imported outside it that would fall inside with longitude and latitude exchanged is
# refused as swapped. Empty: no such check.
OMBUDS_PLACES_EXTENT = tuple(float(v) for v in env_list("OMBUDS_PLACES_EXTENT", [])) or None
# A stored file no record names and older than this is left over by an interrupted ingest; the
# worker deletes such files when it starts.
OMBUDS_ORPHAN_GRACE_MINUTES = env_int("OMBUDS_ORPHAN_GRACE_MINUTES", 60)
OMBUDS_MAX_UPLOAD_BYTES = env_int("OMBUDS_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
# A single upload above this is ingested by the task worker (with a progress page) instead of
# inside the request: extracting the claims of a long document takes longer than a request.
OMBUDS_INGEST_INLINE_BYTES = env_int("OMBUDS_INGEST_INLINE_BYTES", 1024 * 1024)
# Tesseract's languages for reading scans and pictures (docs/sources.md), joined by "+", the
# most common first; `make ocr` installs these and aze_cyrl. All five cost about 5 % more CPU a
# page than English alone (bench/ocr_speed.py), but a poor scan's word may be read in a wrong
# script: an office that never receives Armenian, say, leaves hye out.
OMBUDS_OCR_LANGUAGES = env_str("OMBUDS_OCR_LANGUAGES", "eng+rus+aze+ukr+hye")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Registry: the key that encrypts contact details and identity documents at rest (any text;
# by default derived from SECRET_KEY, so set it before SECRET_KEY ever changes), the age
# thresholds of the age groups, and the smallest cell a public aggregate export shows.
OMBUDS_FIELD_KEY = env_str("OMBUDS_FIELD_KEY")
OMBUDS_CHILD_AGE_BELOW = env_int("OMBUDS_CHILD_AGE_BELOW", 18)
OMBUDS_ELDERLY_AGE_FROM = env_int("OMBUDS_ELDERLY_AGE_FROM", 60)
OMBUDS_SUPPRESS_BELOW = env_int("OMBUDS_SUPPRESS_BELOW", 5)


def env_probability(name: str) -> float | None:
    """The variable as a probability from 0.5 to 1, or None when it is unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number: write 0.999.") from None
    if not 0.5 <= value <= 1:
        raise ImproperlyConfigured(f"{name}={raw!r} is not between 0.5 and 1: write 0.999.")
    return value


# Record linkage: candidate pairs at least this probable are merged by the run without review
# (e.g. 0.999); unset, every merge is a person's decision. A false merge is worse than a missed
# one, so it is off by default.
OMBUDS_LINK_AUTO_MERGE_ABOVE = env_probability("OMBUDS_LINK_AUTO_MERGE_ABOVE")

# Places: maps draw no tile layer by default (offline: a plain background with a grid). An
# installation online may name a tile server ({z}/{x}/{y} URL template) and its attribution.
OMBUDS_TILE_URL = env_str("OMBUDS_TILE_URL")
OMBUDS_TILE_ATTRIBUTION = env_str("OMBUDS_TILE_ATTRIBUTION")

# Hardening (docs/deploy.md, SECURITY.md). Sessions end after OMBUDS_SESSION_HOURS or when the
# browser closes; cookies are HTTP-only; outside DEBUG they go over HTTPS only, with HSTS.
SESSION_COOKIE_AGE = env_int("OMBUDS_SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Behind a reverse proxy that terminates TLS (docs/deploy.md): trust its X-Forwarded-Proto.
if env_bool("OMBUDS_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy (django-csp): scripts and styles from our own static files only, no
# inline script or style anywhere; map tiles from the configured tile server.
_TILE_ORIGIN = (
    "/".join(OMBUDS_TILE_URL.split("/")[:3]).replace("{s}", "*") if "://" in OMBUDS_TILE_URL else ""
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_TILE_ORIGIN] if _TILE_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (core/throttle.py): after OMBUDS_LOGIN_FAILURES failed logins for one user
# name or from one address, logins there are refused for OMBUDS_LOGIN_LOCKOUT_MINUTES, even with
# the right password. The counters live in a file cache shared by every process on the machine.
OTP_TOTP_ISSUER = env_str("OMBUDS_TOTP_ISSUER", "ombuds")
OMBUDS_LOGIN_FAILURES = env_int("OMBUDS_LOGIN_FAILURES", 5)
OMBUDS_LOGIN_LOCKOUT_MINUTES = env_int("OMBUDS_LOGIN_LOCKOUT_MINUTES", 15)
CACHES = {
    # Record figures and composed appeals (figures/queries.py, appeals/composed.py): files, so
    # that what the task worker composes is what each web process reads.
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    "throttle": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(VAR_DIR / "throttle"),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
