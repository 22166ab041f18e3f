"""Pages of the example site: the home page and the signed-in person's page."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.models import SocialToken
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from allauth_camdram.models import (
    LinkedCamdramAccount,
    Organisation,
    Show,
    SyncState,
)


def home(request: HttpRequest) -> HttpResponse:
    """Render the home page with the Sign in with Camdram button."""
    return render(request, "example_site/home.html")


@login_required
def person(request: HttpRequest) -> HttpResponse:
    """Render what the site stores about the signed-in person."""
    accounts = list(
        LinkedCamdramAccount.objects.filter(user=request.user).order_by("pk")
    )
    tokens = {
        token.account_id: token
        for token in SocialToken.objects.filter(account__in=accounts)
    }
    sync_states = {
        state.social_account_id: state
        for state in SyncState.objects.filter(social_account__in=accounts)
    }
    context: dict[str, Any] = {
        "camdram_accounts": [
            {
                "account": account,
                "data": account.extra_data,
                "token_expires_at": getattr(tokens.get(account.pk), "expires_at", None),
                "sync_state": sync_states.get(account.pk),
            }
            for account in accounts
        ],
        "shows": list(Show.objects.administered_by(request.user)),
        "organisations": list(Organisation.objects.administered_by(request.user)),
    }
    return render(request, "example_site/person.html", context)
