"""The example site for django-allauth-camdram."""
