"""Signing in at the emulator: pick one of its people with one click.

Camdram sends a browser that is not signed in to ``/auth/login`` and, after
sign-in, back to the page it came from. The emulator keeps that page in the
session in the same way.
"""

from __future__ import annotations

import logging

from django.contrib.auth import login, logout
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from allauth_camdram.emulator.models import Person

logger = logging.getLogger(__name__)

SIGN_IN_PATH = "/auth/login"
NEXT_SESSION_KEY = "camdram_emulator_next"


def signed_in_person(request: HttpRequest) -> Person | None:
    """Return the person signed in at the emulator, or None.

    The admin's superuser can be signed in without being a Camdram person.
    """
    user = request.user
    if not user.is_authenticated:
        return None
    person: Person | None = Person.objects.filter(user=user).first()
    return person


def redirect_to_sign_in(request: HttpRequest) -> HttpResponse:
    """Send the browser to the sign-in page and remember where it was going."""
    if request.method == "GET":
        request.session[NEXT_SESSION_KEY] = request.get_full_path()
    # Camdram's firewall redirects to an absolute URL.
    return HttpResponseRedirect(request.build_absolute_uri(SIGN_IN_PATH))


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        person_id = request.POST.get("person", "")
        if not person_id.isdigit():
            raise Http404("No such person")
        person = get_object_or_404(Person, pk=int(person_id))
        # Signing in as someone else flushes the session, so read it first.
        target = _pop_next(request)
        login(request, person.user, backend="django.contrib.auth.backends.ModelBackend")
        logger.info("Person %s signed in", person.pk)
        return HttpResponseRedirect(target)
    context = {
        "people": Person.objects.all(),
        "current": signed_in_person(request),
        "continuing": NEXT_SESSION_KEY in request.session,
    }
    return render(request, "camdram_emulator/sign_in.html", context)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect("/")


def _pop_next(request: HttpRequest) -> str:
    target = request.session.pop(NEXT_SESSION_KEY, "")
    if isinstance(target, str) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return "/auth/account"
