from __future__ import annotations

from allauth_camdram.emulator.models.faults import Fault
from allauth_camdram.emulator.models.listings import (
    Image,
    Performance,
    Person,
    Show,
    ShowSociety,
    Society,
    Venue,
)
from allauth_camdram.emulator.models.oauth import AppAuthorisation, AppProfile

__all__ = [
    "AppAuthorisation",
    "AppProfile",
    "Fault",
    "Image",
    "Performance",
    "Person",
    "Show",
    "ShowSociety",
    "Society",
    "Venue",
]
