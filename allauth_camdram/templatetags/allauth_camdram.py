"""Template tags for a "Sign in with Camdram" button.

``{% load allauth_camdram %}`` gives ``{% camdram_login_button %}`` and
``{% camdram_button_css %}``. Each tag is a thin wrapper over a plain
function that Python code can call directly.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from allauth_camdram.constants import PROVIDER_ID

register = template.Library()

BUTTON_TEMPLATE = "allauth_camdram/login_button.html"
BUTTON_CSS = "allauth_camdram/button.css"
# allauth's values for "process": sign in, or add Camdram to the signed-in user.
PROCESSES = ("login", "connect")


def render_login_button(
    request: HttpRequest, *, next_url: str | None = None, process: str = "login"
) -> SafeString:
    """Render the button: a POST form to the Camdram login URL.

    ``next_url`` defaults to the request's own ``next`` parameter, as
    allauth's ``provider_login_url`` tag does, and an empty value sends no
    ``next``. allauth checks that the URL is safe before redirecting to it.
    Raises ``ValueError`` for a ``process`` other than login or connect.
    """
    if process not in PROCESSES:
        raise ValueError(
            f"The Camdram login button's process must be 'login' or 'connect', "
            f"not {process!r}."
        )
    if next_url is None:
        next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(
            REDIRECT_FIELD_NAME, ""
        )
    context = {
        "login_url": reverse(f"{PROVIDER_ID}_login"),
        "process": process,
        "next_url": next_url,
        "redirect_field_name": REDIRECT_FIELD_NAME,
    }
    # render_to_string escapes every value, and marks its result safe.
    html = render_to_string(BUTTON_TEMPLATE, context, request=request)
    return mark_safe(html.strip())  # noqa: S308


def render_button_css() -> SafeString:
    """Render the ``<link>`` element for the button's stylesheet."""
    return format_html('<link rel="stylesheet" href="{}">', static(BUTTON_CSS))


@register.simple_tag(takes_context=True)
def camdram_login_button(
    context: template.Context,
    next: str | None = None,  # the parameter name allauth's own tags use
    process: str = "login",
) -> SafeString:
    """``{% camdram_login_button next="/shows/" process="connect" %}``."""
    request: Any = context.get("request")
    if request is None:
        raise ImproperlyConfigured(
            "{% camdram_login_button %} needs the request in the template context: "
            "add 'django.template.context_processors.request' to the template "
            "engine's context_processors."
        )
    return render_login_button(request, next_url=next, process=process)


@register.simple_tag
def camdram_button_css() -> SafeString:
    """``{% camdram_button_css %}``, usually inside ``<head>``."""
    return render_button_css()
