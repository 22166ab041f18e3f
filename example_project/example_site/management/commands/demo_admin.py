"""Create the example site's admin user, or give it a new password."""

from __future__ import annotations

import secrets
import string
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Create a superuser for the example site, or reset its password if it "
        "exists, and print the username and password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--username", default="admin", help="Username of the admin user."
        )
        parser.add_argument(
            "--password",
            default="",
            help="Password to set; a random one is generated when empty.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"]
        password: str = options["password"] or _random_password()
        user_model = get_user_model()
        user = user_model._default_manager.filter(
            **{user_model.USERNAME_FIELD: username}
        ).first()
        created = user is None
        if user is None:
            user = user_model(**{user_model.USERNAME_FIELD: username})
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        action = "Created" if created else "Reset the password of"
        self.stderr.write(f"{action} the admin user {username!r}.")
        # Only the credentials go to stdout, so demo.sh can capture them.
        self.stdout.write(f"{username} {password}")


def _random_password() -> str:
    # Letters and digits only, so a double-click selects the whole password
    # in a terminal.
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(16))
