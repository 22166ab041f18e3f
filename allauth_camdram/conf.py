"""Live access to this package's Django settings.

Provider options live where allauth users look for them, in
``SOCIALACCOUNT_PROVIDERS["camdram"]``, and a value in a ``SocialApp``'s own
``settings`` wins over them. Package behaviour uses ``CAMDRAM_*`` settings.
Every value is read at call time, so ``override_settings`` works in tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from django.conf import settings

from allauth_camdram.constants import DEFAULT_CAMDRAM_URL, PROVIDER_ID

if TYPE_CHECKING:
    from allauth.socialaccount.models import SocialApp


def provider_settings() -> dict[str, Any]:
    """Return ``SOCIALACCOUNT_PROVIDERS["camdram"]``, or an empty dict."""
    providers = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}) or {}
    value = providers.get(PROVIDER_ID, {})
    return value if isinstance(value, dict) else {}


def camdram_url(app: SocialApp | None = None) -> str:
    """Return Camdram's base URL without a trailing slash.

    The app setting ``camdram_url`` wins, then the provider setting
    ``CAMDRAM_URL``, then https://www.camdram.net.
    """
    url = None
    if app is not None and isinstance(app.settings, dict):
        url = app.settings.get("camdram_url")
    if not url:
        url = provider_settings().get("CAMDRAM_URL")
    if not url:
        url = DEFAULT_CAMDRAM_URL
    return str(url).rstrip("/")


def url_problem(url: object) -> Literal["invalid", "insecure"] | None:
    """Return why ``url`` cannot be used to reach Camdram, or ``None``.

    ``"invalid"`` is anything but an absolute http(s) URL without a query or
    fragment. ``"insecure"`` is plain http while ``CAMDRAM_ALLOW_HTTP`` is off.
    """
    parts = urlsplit(url) if isinstance(url, str) else None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
    ):
        return "invalid"
    if parts.scheme == "http" and not app_settings.ALLOW_HTTP:
        return "insecure"
    return None


class CamdramSettings:
    """The ``CAMDRAM_*`` settings, each with its default."""

    @property
    def SYNC(self) -> bool:
        """Whether shows and organisations sync on sign-up, login and connect."""
        return bool(getattr(settings, "CAMDRAM_SYNC", True))

    @property
    def ALLOW_HTTP(self) -> bool:
        """Whether a plain-http ``CAMDRAM_URL`` is allowed, for the emulator."""
        return bool(getattr(settings, "CAMDRAM_ALLOW_HTTP", False))

    @property
    def TOKEN_REFRESH_LEEWAY(self) -> int:
        """Seconds before ``expires_at`` at which an access token is refreshed."""
        return int(getattr(settings, "CAMDRAM_TOKEN_REFRESH_LEEWAY", 60))

    @property
    def REPLACE_TOKEN_ADMIN(self) -> bool:
        """Whether allauth's social-token admin is replaced by one without tokens.

        The admin reads it once, when Django's admin autodiscovery imports
        ``allauth_camdram.admin``, so a later change does not affect it.
        """
        return bool(getattr(settings, "CAMDRAM_REPLACE_TOKEN_ADMIN", True))


app_settings = CamdramSettings()
