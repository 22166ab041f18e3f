"""Signals sent after a sync changed what an account administers.

Each is sent once the sync's own transaction block has ended, and only when
something changed. Inside an outer transaction (``ATOMIC_REQUESTS``) that is
before the commit. Receivers get ``social_account`` (allauth's
``SocialAccount``) and three lists of model instances. ``added`` contains
those newly linked to the account, and ``updated`` those already linked whose
Camdram data changed. ``removed`` contains those no longer linked, whose rows
stay in the database.
"""

from __future__ import annotations

from django.dispatch import Signal

# Sent with the ``Show`` instances; sender is ``allauth_camdram.models.Show``.
shows_synced = Signal()

# Sent with the ``Organisation`` instances; sender is
# ``allauth_camdram.models.Organisation``.
organisations_synced = Signal()
