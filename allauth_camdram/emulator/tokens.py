"""Codes and tokens in Camdram's format, stored in django-oauth-toolkit's models."""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypedDict

from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from oauth2_provider.models import AccessToken, Application, Grant, RefreshToken

from allauth_camdram.emulator.models import Person

logger = logging.getLogger(__name__)

ACCESS_TOKEN_LIFETIME = timedelta(seconds=3600)
REFRESH_TOKEN_LIFETIME = timedelta(days=14)
CODE_LIFETIME = timedelta(seconds=30)

_BASE36_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class IssuedTokens:
    access_token: str
    refresh_token: str | None
    scope: str | None


class ExpiredCounts(TypedDict):
    access_tokens: int
    refresh_tokens: int
    codes: int


def generate_token() -> str:
    """Return 86 characters of URL-safe base64, as Camdram's codes and tokens are.

    Camdram base64-encodes the hex SHA-256 digest of random bytes and drops
    the padding, so its tokens usually start with M, N, O, Y or Z.
    """
    digest = hashlib.sha256(secrets.token_bytes(32)).hexdigest()
    return base64.urlsafe_b64encode(digest.encode("ascii")).decode("ascii").rstrip("=")


def generate_base36() -> str:
    """Return a random base-36 string of about 50 characters, like Camdram's secrets."""
    number = int.from_bytes(secrets.token_bytes(32), "big")
    digits = []
    while number:
        number, remainder = divmod(number, 36)
        digits.append(_BASE36_DIGITS[remainder])
    return "".join(reversed(digits)) or "0"


def checksum(token: str) -> str:
    """Return the SHA-256 hex digest under which django-oauth-toolkit finds a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def client_secret_matches(application: Application, secret: str | None) -> bool:
    if not secret:
        return False
    stored: str = application.client_secret
    if application.hash_client_secret:
        return check_password(secret, stored)
    return constant_time_compare(secret, stored)


def issue_code(
    application: Application,
    user: AbstractBaseUser,
    redirect_uri: str,
    scope: str | None,
) -> str:
    code = generate_token()
    Grant.objects.create(
        application=application,
        user=user,
        code=code,
        expires=timezone.now() + CODE_LIFETIME,
        redirect_uri=redirect_uri,
        scope=scope or "",
    )
    return code


def issue_tokens(
    application: Application,
    user: AbstractBaseUser,
    scope: str | None,
    *,
    with_refresh_token: bool,
) -> IssuedTokens:
    """Create an access token, and a linked refresh token if ``with_refresh_token``."""
    raw_access = generate_token()
    access = AccessToken.objects.create(
        application=application,
        user=user,
        token=raw_access,
        expires=timezone.now() + ACCESS_TOKEN_LIFETIME,
        scope=scope or "",
    )
    raw_refresh = None
    if with_refresh_token:
        raw_refresh = generate_token()
        RefreshToken.objects.create(
            application=application, user=user, token=raw_refresh, access_token=access
        )
    return IssuedTokens(raw_access, raw_refresh, scope or None)


def find_access_token(raw: str) -> AccessToken | None:
    token: AccessToken | None = (
        AccessToken.objects.select_related("user")
        .filter(token_checksum=checksum(raw))
        .first()
    )
    return token


def find_refresh_token(raw: str) -> RefreshToken | None:
    token: RefreshToken | None = (
        RefreshToken.objects.select_related("access_token", "user")
        .filter(token_checksum=checksum(raw), revoked__isnull=True)
        .first()
    )
    return token


def find_code(raw: str) -> Grant | None:
    grant: Grant | None = Grant.objects.select_related("user").filter(code=raw).first()
    return grant


def refresh_token_expires(token: RefreshToken) -> datetime:
    created: datetime = token.created
    return created + REFRESH_TOKEN_LIFETIME


@transaction.atomic
def exchange(
    used: Grant | RefreshToken,
    application: Application,
    user: AbstractBaseUser,
    scope: str | None,
) -> IssuedTokens | None:
    """Delete a code or refresh token and issue tokens in its place.

    Returns None when another request deleted it first, so that a code or a
    refresh token is never exchanged twice. The access token of a rotated
    refresh token stays valid until it expires, as on Camdram.
    """
    deleted, _ = type(used).objects.filter(pk=used.pk).delete()
    if not deleted:
        return None
    return issue_tokens(application, user, scope, with_refresh_token=True)


def expire_person_tokens(
    person: Person, *, access: bool = True, refresh: bool = False, codes: bool = False
) -> ExpiredCounts:
    """Make a person's unexpired access tokens, refresh tokens and codes expire now.

    Each flag selects one kind. Returns how many of each kind were still
    valid and have now expired.
    """
    now = timezone.now()
    past = now - timedelta(seconds=1)
    counts = ExpiredCounts(access_tokens=0, refresh_tokens=0, codes=0)
    if access:
        counts["access_tokens"] = AccessToken.objects.filter(
            user=person.user, expires__gt=now
        ).update(expires=past)
    if refresh:
        # django-oauth-toolkit stores no expiry for refresh tokens, so age them.
        counts["refresh_tokens"] = RefreshToken.objects.filter(
            user=person.user,
            revoked__isnull=True,
            created__gt=now - REFRESH_TOKEN_LIFETIME,
        ).update(created=past - REFRESH_TOKEN_LIFETIME)
    if codes:
        counts["codes"] = Grant.objects.filter(
            user=person.user, expires__gt=now
        ).update(expires=past)
    logger.info("Expired tokens of person %s: %s", person.pk, counts)
    return counts
