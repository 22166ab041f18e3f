"""The emulator's own HTML pages: home and the signed-in person's account."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST
from oauth2_provider.models import Application

from allauth_camdram.emulator.models import AppAuthorisation, Person
from allauth_camdram.emulator.redirect_uris import split_registered
from allauth_camdram.emulator.views.signin import redirect_to_sign_in, signed_in_person


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    applications = [
        (application, split_registered(application.redirect_uris))
        for application in Application.objects.select_related(
            "camdram_profile"
        ).order_by("id")
    ]
    context = {
        "current": signed_in_person(request),
        "people": Person.objects.all(),
        "applications": applications,
    }
    return render(request, "camdram_emulator/home.html", context)


@require_GET
def account_page(request: HttpRequest) -> HttpResponse:
    """Show what a person administers and which apps they have allowed."""
    person = signed_in_person(request)
    if person is None:
        return redirect_to_sign_in(request)
    context = {
        "current": person,
        "shows": person.shows.order_by("id"),
        "societies": person.societies.order_by("id"),
        "venues": person.venues.order_by("id"),
        "authorisations": person.authorisations.select_related("application"),
    }
    return render(request, "camdram_emulator/account.html", context)


@require_POST
def revoke_authorisation(request: HttpRequest, pk: int) -> HttpResponse:
    """Forget an app's remembered consent, as Camdram's Revoke button does.

    Tokens already issued stay valid, and only the consent page returns.
    """
    person = signed_in_person(request)
    if person is None:
        return redirect_to_sign_in(request)
    authorisation = get_object_or_404(AppAuthorisation, pk=pk, person=person)
    authorisation.delete()
    return HttpResponseRedirect("/auth/account")
