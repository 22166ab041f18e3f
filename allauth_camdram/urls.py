"""URL patterns allauth mounts for the provider: login and callback."""

from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from allauth_camdram.provider import CamdramProvider

urlpatterns = default_urlpatterns(CamdramProvider)
