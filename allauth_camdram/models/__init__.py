"""Local copies of what each person administers on Camdram, and sync state.

Sites read these models. The sync in ``allauth_camdram.sync`` is the only
writer, apart from links an admin adds by hand (``manual=True``).
"""

from __future__ import annotations

from allauth_camdram.models.linked_account import LinkedCamdramAccount
from allauth_camdram.models.listings import (
    Organisation,
    OrganisationLink,
    Show,
    ShowLink,
)
from allauth_camdram.models.sync_state import SyncState

__all__ = [
    "LinkedCamdramAccount",
    "Organisation",
    "OrganisationLink",
    "Show",
    "ShowLink",
    "SyncState",
]
