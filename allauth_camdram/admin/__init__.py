"""Admin pages for linked Camdram accounts, shows and organisations.

Django's admin autodiscovery imports this package, which registers the
pages on the default admin site and replaces allauth's social-token admin
(see ``tokens``).
"""

from __future__ import annotations

# allauth registers its admins when its admin module is imported. Importing
# it here first registers its social-token admin before it is replaced,
# whatever the order of the two apps in INSTALLED_APPS. Django's
# autodiscovery later finds that module already imported.
import allauth.socialaccount.admin  # noqa: F401
from django.contrib import admin

from allauth_camdram.admin import accounts, listings  # noqa: F401
from allauth_camdram.admin.tokens import replace_token_admin

replace_token_admin(admin.site)
