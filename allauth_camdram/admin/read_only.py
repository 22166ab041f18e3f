"""The read-only base of this app's admins.

Signing in with Camdram and the sync create every record these admins
list, and the next sync would overwrite an edit made in the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import Model
from django.http import HttpRequest, HttpResponse


class ReadOnlyModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Model admin with every field read-only, no add page and no save buttons.

    Subclasses add sections below the fields with ``extra_change_context``.
    """

    def get_readonly_fields(
        self, request: HttpRequest, obj: Model | None = None
    ) -> list[str]:
        return flatten_fieldsets(self.get_fieldsets(request, obj))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def extra_change_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        """Return template context for the change page of ``obj``."""
        return {}

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> HttpResponse:
        # Django passes the object it already loaded, so the extra sections
        # cost no second fetch, as they would in change_view.
        if obj is not None:
            context.update(self.extra_change_context(request, obj))
        # Every field is read-only, so there is nothing to save.
        context.update(
            show_save=False,
            show_save_and_continue=False,
            show_save_and_add_another=False,
        )
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )
