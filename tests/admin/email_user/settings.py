"""Test settings with an email-based user model that has no ``username``.

``AUTH_USER_MODEL`` cannot change inside one test run, so
``tests/admin/test_custom_user.py`` runs ``admin_checks.py`` with these
settings in a separate pytest process. ``allauth_camdram`` comes before
``allauth.socialaccount`` here, so the run also checks that the token
admin is replaced whatever the order of ``INSTALLED_APPS``.
"""

from __future__ import annotations

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS as BASE_INSTALLED_APPS

INSTALLED_APPS = [
    "allauth_camdram",
    *(app for app in BASE_INSTALLED_APPS if app != "allauth_camdram"),
    "tests.admin.email_user",
]
AUTH_USER_MODEL = "email_user.EmailUser"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
