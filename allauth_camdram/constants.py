"""Camdram's URLs and scope names, defined once for the whole package."""

from __future__ import annotations

PROVIDER_ID = "camdram"
PROVIDER_NAME = "Camdram"

DEFAULT_CAMDRAM_URL = "https://www.camdram.net"

AUTHORIZE_PATH = "/oauth/v2/auth"
TOKEN_PATH = "/oauth/v2/token"
ACCOUNT_PATH = "/auth/account.json"
SHOWS_PATH = "/auth/account/shows.json"
ORGANISATIONS_PATH = "/auth/account/organisations.json"

SCOPE_USER_EMAIL = "user_email"
SCOPE_USER_SHOWS = "user_shows"
SCOPE_USER_ORGS = "user_orgs"
SCOPE_WRITE = "write"
SCOPE_WRITE_ORG = "write_org"

# The scopes Camdram's OAuth server accepts today, in the order of its config.
SUPPORTED_SCOPES = (
    SCOPE_USER_EMAIL,
    SCOPE_USER_SHOWS,
    SCOPE_USER_ORGS,
    SCOPE_WRITE,
    SCOPE_WRITE_ORG,
)
DEFAULT_SCOPE = (SCOPE_USER_EMAIL, SCOPE_USER_SHOWS, SCOPE_USER_ORGS)

# Camdram renamed these in June 2020, but its public API docs still list the
# old names. Asking for one makes Camdram reject the whole authorization with
# error=invalid_scope.
LEGACY_SCOPES = {
    "api_write": SCOPE_WRITE,
    "api_write_org": SCOPE_WRITE_ORG,
}

# Session key under which the login callback leaves the scope Camdram
# granted, for the sync receivers that run later in the same login.
GRANTED_SCOPE_SESSION_KEY = "allauth_camdram_granted_scope"
