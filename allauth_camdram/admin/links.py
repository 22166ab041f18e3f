"""Links from the admin to Camdram's pages and to other admin pages."""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.db import models
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


def camdram_link(url: str, text: str = "") -> SafeString | str:
    """Return an HTML link to a page on Camdram, or ``""`` without a usable URL.

    The URL comes from Camdram's data, so only http and https URLs become
    links. Anything else, such as a ``javascript:`` URL, is dropped.
    """
    if not web_url(url):
        return ""
    return format_html(
        '<a href="{}" rel="noopener noreferrer">{}</a>', url, text or _("on Camdram")
    )


def web_url(url: str) -> str:
    """Return ``url`` if it is an http or https URL, else ``""``."""
    return url if url.startswith(("https://", "http://")) else ""


def admin_url(
    request: HttpRequest, obj: models.Model, site_name: str = "admin"
) -> str | None:
    """Return the URL of ``obj``'s admin change page, if the user may view it.

    Returns ``None`` when the model has no admin on the site or the user
    has neither view nor change permission for it.
    """
    opts = obj._meta
    if not request.user.has_perm(
        f"{opts.app_label}.view_{opts.model_name}"
    ) and not request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        return None
    try:
        return reverse(
            f"{site_name}:{opts.app_label}_{opts.model_name}_change",
            args=[quote(obj.pk)],
            current_app=site_name,
        )
    except NoReverseMatch:
        return None
