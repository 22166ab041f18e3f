"""The digest a sync stores with each show and organisation it writes.

A re-sync reads only the stored digests, and reads a row in full only when
its digest differs from the digest of what Camdram sent now.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any


def fields_digest(fields: dict[str, Any]) -> str:
    """Return the SHA-256 hex digest of a record's column values.

    The values include ``url``, so a new Camdram base URL changes the digest,
    and every column derived from ``data``, so a change in how one is derived
    does too. The JSON is canonical (sorted keys, no spaces, ASCII only), so
    the same values give the same digest whatever the order of Camdram's keys.
    """
    text = json.dumps(
        fields, sort_keys=True, separators=(",", ":"), default=_json_value
    )
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def _json_value(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"Unexpected {type(value).__name__} in a record's columns")


__all__ = ["fields_digest"]
