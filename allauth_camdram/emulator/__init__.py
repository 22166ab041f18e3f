"""A local Camdram for development and tests: OAuth server and account API.

Run it with ``python -m allauth_camdram.emulator``. It is a separate Django
project with its own settings and SQLite database, so importing this package
needs neither the site's settings nor django-oauth-toolkit.
"""
