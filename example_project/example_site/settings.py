"""Settings for the example site: Sign in with Camdram on SQLite.

By default the site talks to the Camdram emulator that ``demo.sh`` starts on
http://127.0.0.1:8001, with the emulator's fixed client id and secret. Setting
``CAMDRAM_CLIENT_ID`` and ``CAMDRAM_CLIENT_SECRET`` in the environment to a
real Camdram app's values points the same site at https://www.camdram.net.

Environment variables read here:

- ``CAMDRAM_CLIENT_ID`` / ``CAMDRAM_CLIENT_SECRET``: a real Camdram app.
- ``CAMDRAM_URL``: Camdram's base URL, to override either default.
- ``EXAMPLE_DATABASE``: path of the SQLite file (default ``db.sqlite3`` here,
  which ``demo.sh`` uses too, so ``manage.py`` run by hand uses the demo's data).
- ``EXAMPLE_DEBUG``: ``1`` (the default) or ``0``.
- ``EXAMPLE_SECRET_KEY``: Django's secret key; a fixed development key if unset.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

# This module contains only constants, so importing it needs neither the
# [emulator] extra nor Django settings.
from allauth_camdram.emulator.defaults import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_PORT,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# The emulator's fixed defaults, so that a restarted emulator keeps the URL
# and credentials the site uses.
EMULATOR_URL = f"http://127.0.0.1:{DEFAULT_PORT}"
EMULATOR_CLIENT_ID = DEFAULT_CLIENT_ID
EMULATOR_CLIENT_SECRET = DEFAULT_CLIENT_SECRET
REAL_CAMDRAM_URL = "https://www.camdram.net"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}

SECRET_KEY = os.environ.get(
    "EXAMPLE_SECRET_KEY", "example-site-development-key-never-use-in-production"
)
DEBUG = os.environ.get("EXAMPLE_DEBUG", "1") == "1"
# The site is served only on loopback. "testserver" is the host name of
# Django's test client.
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

INSTALLED_APPS = [
    "example_site",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth_camdram",
    "django_tasks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "example_site.urls"
WSGI_APPLICATION = "example_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The project's templates come first, so its
        # allauth/layouts/base.html restyles every allauth page.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "example_site.context_processors.camdram",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("EXAMPLE_DATABASE", str(BASE_DIR / "db.sqlite3")),
    }
}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "home"
LOGIN_REDIRECT_URL = "person"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# Camdram does not say whether it verified an address, and this site sends
# no mail. With "mandatory" or "optional" a first sign-in would stop at a
# "verify your email" page that no one can complete here.
ACCOUNT_EMAIL_VERIFICATION = "none"
# The sync reads the stored token after sign-in, so tokens must be kept.
SOCIALACCOUNT_STORE_TOKENS = True

# The sync runs inline during sign-in, so the person's page is complete
# when it first loads. A real site would use a worker backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _camdram_app() -> tuple[str, str, str]:
    """Return Camdram's base URL, client id and secret from the environment."""
    client_id = os.environ.get("CAMDRAM_CLIENT_ID", "")
    if client_id:
        secret = os.environ.get("CAMDRAM_CLIENT_SECRET", "")
        default_url = REAL_CAMDRAM_URL
    else:
        client_id = EMULATOR_CLIENT_ID
        secret = EMULATOR_CLIENT_SECRET
        default_url = EMULATOR_URL
    url = os.environ.get("CAMDRAM_URL", default_url).rstrip("/")
    return url, client_id, secret


CAMDRAM_URL, _CLIENT_ID, _CLIENT_SECRET = _camdram_app()
# Plain http is allowed only for a Camdram on this machine, which is the
# emulator.
CAMDRAM_ALLOW_HTTP = urlsplit(CAMDRAM_URL).hostname in LOOPBACK_HOSTS

SOCIALACCOUNT_PROVIDERS = {
    "camdram": {
        "CAMDRAM_URL": CAMDRAM_URL,
        "APPS": [{"client_id": _CLIENT_ID, "secret": _CLIENT_SECRET}],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"allauth_camdram": {"handlers": ["console"], "level": "INFO"}},
}
