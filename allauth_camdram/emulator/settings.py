"""Django settings of the Camdram emulator process.

The command line passes its choices through environment variables that it
sets before Django starts: ``CAMDRAM_EMULATOR_DATABASE`` (the SQLite file) and
``CAMDRAM_EMULATOR_HOST`` (the address it listens on, added to
``ALLOWED_HOSTS``).
"""

from __future__ import annotations

import os

# The emulator is a development tool with invented data, so a fixed key
# is enough. It keeps emulator sessions valid across restarts.
SECRET_KEY = "camdram-emulator-development-key-not-for-production"  # noqa: S105
DEBUG = False

# Only loopback names and the listening address, so that a web page cannot
# reach the emulator through DNS rebinding. Listening on every interface (for
# example inside a container) accepts any host name.
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
_listen_host = os.environ.get("CAMDRAM_EMULATOR_HOST", "")
if _listen_host in ("0.0.0.0", "::"):  # noqa: S104
    ALLOWED_HOSTS = ["*"]
elif _listen_host:
    ALLOWED_HOSTS.append(f"[{_listen_host}]" if ":" in _listen_host else _listen_host)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "oauth2_provider",
    "allauth_camdram.emulator",
]

MIDDLEWARE = [
    "allauth_camdram.emulator.middleware.RequestLogMiddleware",
    "allauth_camdram.emulator.middleware.ControlAccessMiddleware",
    "allauth_camdram.emulator.middleware.LatencyAndFaultMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "allauth_camdram.emulator.urls"

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

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("CAMDRAM_EMULATOR_DATABASE", "camdram-emulator.sqlite3"),
        "OPTIONS": {
            # The server is threaded: WAL lets readers run beside a writer, and
            # IMMEDIATE transactions wait for the write lock instead of failing.
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "Europe/London"
LANGUAGE_CODE = "en-gb"
STATIC_URL = "/static/"

# Browsers share cookies between ports of one host, so a site on
# 127.0.0.1:8000 and the emulator on 127.0.0.1:8001 would overwrite each
# other's "sessionid" and "csrftoken" cookies without these names.
SESSION_COOKIE_NAME = "camdram_emulator_session"
CSRF_COOKIE_NAME = "camdram_emulator_csrftoken"

LOGIN_URL = "/auth/login"

OAUTH2_PROVIDER = {
    # Camdram's supported scopes, in the order of its configuration.
    "SCOPES": {
        "user_email": "Read your e-mail address",
        "user_shows": "Read the list of shows you administer",
        "user_orgs": "Read the list of societies and venues you administer",
        "write": "Create and edit data on Camdram for you",
        "write_org": "Create and edit data for the societies and venues you administer",
    },
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 30,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 14 * 24 * 3600,
    "ROTATE_REFRESH_TOKEN": True,
    "PKCE_REQUIRED": False,
    # Tokens are stored in clear so that a developer can find one in the
    # emulator's database. Lookups use the checksum either way.
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": False,
}

# Migrations that refer to django-oauth-toolkit's swappable models need these.
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"  # noqa: S105
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"  # noqa: S105
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"  # noqa: S105
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "allauth_camdram.emulator": {"handlers": ["stderr"], "level": "INFO"},
        "django.request": {"handlers": ["stderr"], "level": "ERROR"},
    },
}
