"""Signals sent after a sync changed what an account administers.

Both are sent after the sync's transaction commits, and only when something
changed. Receivers get ``social_account`` (allauth's ``SocialAccount``) and
three lists of model instances: ``added`` (newly linked to the account),
``updated`` (already linked, and Camdram's data for them changed) and
``removed`` (no longer linked; the rows themselves stay).
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with the ``Show`` instances; sender is ``allauth_camdram.models.Show``.
shows_synced = Signal()

# Sent with the ``Organisation`` instances; sender is
# ``allauth_camdram.models.Organisation``.
organisations_synced = Signal()
