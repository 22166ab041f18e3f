"""The admin under a user model with no ``username``, in its own pytest run.

``AUTH_USER_MODEL`` is read once when Django starts, so ``override_settings``
cannot swap it. ``email_user/admin_checks.py`` therefore runs with its own
settings.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.test.utils import isolate_apps

from allauth_camdram.admin.users import (
    email_field_name,
    user_label,
    user_search_fields,
)

ROOT = Path(__file__).resolve().parents[2]
CHECKS = Path(__file__).resolve().parent / "email_user" / "admin_checks.py"
# A normal run takes a few seconds. The limit is generous for slow CI machines.
RUN_TIMEOUT_SECONDS = 300


def test_email_user_admin_checks():
    environ = {
        name: value
        for name, value in os.environ.items()
        if name != "DJANGO_SETTINGS_MODULE"
    }

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--ds=tests.admin.email_user.settings",
            str(CHECKS),
        ],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_SECONDS,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "11 passed" in result.stdout


@pytest.fixture
def user_models() -> Iterator[tuple[type[AbstractBaseUser], type[AbstractBaseUser]]]:
    """A user model without email, and one whose email field has another name."""
    with isolate_apps("allauth_camdram"):

        class HandleUser(AbstractBaseUser):
            handle = models.CharField(max_length=40)
            USERNAME_FIELD = "handle"

            class Meta:
                app_label = "allauth_camdram"

        class ContactUser(AbstractBaseUser):
            login = models.CharField(max_length=40)
            contact = models.EmailField()
            USERNAME_FIELD = "login"
            EMAIL_FIELD = "contact"

            class Meta:
                app_label = "allauth_camdram"

        yield HandleUser, ContactUser


def test_search_fields_without_email(user_models):
    HandleUser, _ = user_models

    assert email_field_name(HandleUser) is None
    assert user_search_fields(HandleUser, "user__") == ["user__handle"]


def test_search_fields_custom_email(user_models):
    _, ContactUser = user_models

    assert email_field_name(ContactUser) == "contact"
    assert user_search_fields(ContactUser, "user__") == [
        "user__login",
        "user__contact",
    ]


def test_user_label(user_models):
    HandleUser, ContactUser = user_models
    named = ContactUser(pk=3, login="zoe", contact="zoe@example.org")
    unnamed = HandleUser(pk=4, handle="")

    assert user_label(named) == "zoe"
    assert user_label(unnamed) == "user 4"
