from __future__ import annotations

from django.contrib import admin
from django.urls import URLPattern, URLResolver, path

from allauth_camdram.constants import (
    ACCOUNT_PATH,
    AUTHORIZE_PATH,
    ORGANISATIONS_PATH,
    SHOWS_PATH,
    TOKEN_PATH,
)
from allauth_camdram.emulator.views import (
    account,
    authorize,
    control,
    control_data,
    pages,
    signin,
    token,
)

urlpatterns: list[URLPattern | URLResolver] = [
    # Camdram's URLs
    path(AUTHORIZE_PATH.lstrip("/"), authorize.authorize, name="authorize"),
    path(TOKEN_PATH.lstrip("/"), token.token, name="token"),
    path(ACCOUNT_PATH.lstrip("/"), account.account, name="account_json"),
    path(SHOWS_PATH.lstrip("/"), account.shows, name="shows_json"),
    path(
        ORGANISATIONS_PATH.lstrip("/"), account.organisations, name="organisations_json"
    ),
    path("auth/login", signin.sign_in, name="sign_in"),
    path("auth/logout", signin.sign_out, name="sign_out"),
    path("auth/account", pages.account_page, name="account_page"),
    path(
        "auth/account/authorisations/<int:pk>/revoke",
        pages.revoke_authorisation,
        name="revoke_authorisation",
    ),
    path("", pages.home, name="home"),
    path("admin/", admin.site.urls),
    # The emulator's control API
    path("_emulator/", control.status),
    path("_emulator/faults", control.faults),
    path("_emulator/faults/<int:pk>", control.fault_detail),
    path("_emulator/latency", control.latency),
    path("_emulator/requests", control.request_log),
    path("_emulator/people/<int:person_id>/expire-tokens", control_data.expire_tokens),
    path(
        "_emulator/people/<int:person_id>/authorisations", control_data.authorisations
    ),
    path("_emulator/data", control_data.data),
    path("_emulator/<str:kind>/<int:pk>", control_data.listing_detail),
    path("_emulator/apps", control_data.apps),
    path("_emulator/reset", control.reset),
]
