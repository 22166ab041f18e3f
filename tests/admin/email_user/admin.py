from __future__ import annotations

from django.contrib import admin

from tests.admin.email_user.models import EmailUser

admin.site.register(EmailUser)
