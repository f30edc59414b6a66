"""Django settings, read from the environment (12-factor).

`DATABASE_URL` picks the database; without it okrs keeps a SQLite file in the user's
data directory. `DEBUG` defaults to off; `SECRET_KEY` must be set when it is off
outside a local run (a per-install key is generated next to the database otherwise).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import SimpleLazyObject
from platformdirs import user_data_path

from okrs.data_dir import secret_key

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("OKRS_DATA_DIR") or user_data_path("okrs", appauthor=False))
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'okrs.sqlite3'}"
DATABASE_URL = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def _env_count(name: str) -> int:
    raw = os.environ.get(name, "").strip() or "0"
    if not raw.isdigit():
        raise ImproperlyConfigured(f"{name}: expected a whole number like 1, got {raw!r}")
    return int(raw)


def _env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_flag("DEBUG")
# Read once, when first used: importing the settings writes nothing (`okrs.apps` makes
# the data directory and its key when Django starts).
SECRET_KEY = SimpleLazyObject(lambda: secret_key(DATA_DIR))
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "okrs",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "okrs.people",
    "okrs.goals",
    "okrs.web",
    "okrs.rhythm",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it turns a lockout into the sign-in page
]

ROOT_URLCONF = "okrs.urls"
WSGI_APPLICATION = "okrs.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside a writer; IMMEDIATE avoids lock upgrades mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Content-Security-Policy: scripts, styles, images and fonts from this server only, no
# inline script or style, no plugins, no framing; forms post back here only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in limits: 5 failures for one email from one client lock that pair for 15 minutes
# (the admin's "Access attempts" or `okrs user unlock EMAIL` lift it sooner).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "okrs.web.views.signin.username_of"
AXES_LOCKOUT_CALLABLE = "okrs.web.views.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "okrs.web.views.signin.client_address"
# How many trusted proxies (load balancer, nginx) stand in front of okrs: the limits then
# tell clients apart by X-Forwarded-For instead of counting every client as the proxy.
OKRS_PROXY_COUNT = _env_count("OKRS_PROXY_COUNT")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# HTMX and the API docs read the CSRF token from the page, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"  # made by `okrs.apps`; WhiteNoise serves from finders
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("OKRS_MAX_UPLOAD_BYTES", 5 * 1024 * 1024))


def _email_settings(url: str) -> dict[str, object]:
    """Django's mail settings from one URL, like DATABASE_URL.

    `smtp://user:password@host:587?tls=1` (`?ssl=1` for implicit TLS, also `smtps://`),
    `console:` to print mails (the local default). User and password are URL-quoted.
    """
    parts = urlsplit(url)
    if parts.scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
        raise ImproperlyConfigured(
            f"EMAIL_URL: expected smtp://user:password@host:587?tls=1 or console:, got {url!r}"
        )
    query = parse_qs(parts.query)

    def flag(name: str) -> bool:
        return query.get(name, ["0"])[-1].lower() in {"1", "true", "yes", "on"}

    ssl = parts.scheme == "smtps" or flag("ssl")
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if ssl else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": flag("tls"),
        "EMAIL_USE_SSL": ssl,
        "EMAIL_TIMEOUT": 30,
    }


_OLD_EMAIL = [name for name in ("EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT") if name in os.environ]
if _OLD_EMAIL and "EMAIL_URL" not in os.environ:
    raise ImproperlyConfigured(
        f"{', '.join(_OLD_EMAIL)}: mail is now set by one EMAIL_URL, "
        "e.g. EMAIL_URL=smtp://user:password@host:587?tls=1"
    )
globals().update(_email_settings(os.environ.get("EMAIL_URL") or "console:"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "okrs@localhost")
# Where mails point people to: links in reminders are absolute.
OKRS_BASE_URL = os.environ.get("OKRS_BASE_URL", "http://localhost:8000").rstrip("/")

# Background jobs (okrs.rhythm): django-tasks on the database okrs already uses.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

if not DEBUG and _env_flag("OKRS_HTTPS"):
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Preloading is a promise to browsers that is slow to take back: only when asked for.
    SECURE_HSTS_PRELOAD = _env_flag("OKRS_HSTS_PRELOAD")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]  # "preload not set": by choice
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_forbidden": {"()": "okrs.log.OneLineForbidden"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"filters": ["one_line_forbidden"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
