"""The site's user model as the admin shows and searches it.

Sites may swap in a user model with no ``username`` or no ``email`` field,
so every name here comes from ``USERNAME_FIELD`` and ``EMAIL_FIELD``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models


def user_search_fields(user_model: type[models.Model], prefix: str) -> list[str]:
    """Return search paths to the user's username and email fields.

    ``prefix`` is the path from the searched model to the user, such as
    ``"user__"``. A field the model does not have is left out.
    """
    names: list[str] = []
    for name in (
        getattr(user_model, "USERNAME_FIELD", None),
        email_field_name(user_model),
    ):
        if name and name not in names and _is_field(user_model, name):
            names.append(name)
    return [prefix + name for name in names]


def email_field_name(user_model: type[models.Model]) -> str | None:
    """Return the name of the user model's email field, or ``None`` if none.

    ``AbstractBaseUser.get_email_field_name()`` falls back to ``"email"``
    even when the model has no such field, so the field is looked up too.
    """
    getter = getattr(user_model, "get_email_field_name", None)
    name = getter() if callable(getter) else getattr(user_model, "EMAIL_FIELD", None)
    if isinstance(name, str) and _is_field(user_model, name):
        return name
    return None


def user_label(user: Any) -> str:
    """Return the user's username, or ``user <pk>`` when it is empty."""
    getter = getattr(user, "get_username", None)
    username = getter() if callable(getter) else None
    if username:
        return str(username)
    return f"user {user.pk}"


def _is_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True
