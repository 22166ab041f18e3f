"""Sign in with Camdram for django-allauth."""

__version__ = "0.1.0"
