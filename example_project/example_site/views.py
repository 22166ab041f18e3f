"""Pages of the example site: the home page and the signed-in person's page."""

from __future__ import annotations

from importlib.util import find_spec
from typing import Any

from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# TODO: the sync models are still being written. Remove this guard, and the
# "not installed" branch of person.html, once allauth_camdram.models exists.
try:
    from allauth_camdram.models import Organisation, Show
except ImportError:
    Organisation = Show = None  # type: ignore[assignment,misc]


def home(request: HttpRequest) -> HttpResponse:
    """Render the home page with the Sign in with Camdram button."""
    return render(request, "example_site/home.html", _button_context())


@login_required
def person(request: HttpRequest) -> HttpResponse:
    """Render what the site knows about the signed-in person."""
    accounts = list(
        SocialAccount.objects.filter(user=request.user, provider="camdram").order_by(
            "pk"
        )
    )
    tokens = {
        token.account_id: token
        for token in SocialToken.objects.filter(account__in=accounts)
    }
    context: dict[str, Any] = {
        "camdram_accounts": [
            {
                "account": account,
                "data": account.extra_data,
                "token_expires_at": getattr(tokens.get(account.pk), "expires_at", None),
            }
            for account in accounts
        ],
        "sync_installed": Show is not None,
        "shows": [],
        "organisations": [],
    }
    if Show is not None and Organisation is not None:
        context["shows"] = list(Show.objects.administered_by(request.user))
        context["organisations"] = list(
            Organisation.objects.administered_by(request.user)
        )
    return render(request, "example_site/person.html", context)


def _button_context() -> dict[str, Any]:
    button_tag_installed = (
        find_spec("allauth_camdram.templatetags.allauth_camdram") is not None
    )
    # TODO: use {% camdram_login_button %} directly once the template tag
    # lands, and delete example_site/button_form.html.
    return {
        "button_template": (
            "example_site/button_tag.html"
            if button_tag_installed
            else "example_site/button_form.html"
        ),
    }
