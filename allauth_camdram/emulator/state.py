"""Run-time settings and the request log, held in the emulator process.

The emulator is one process, so its request threads share these. Faults are
kept in the database instead, so that the admin can edit them.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REQUEST_LOG_SIZE = 10_000


@dataclass
class MainApp:
    """The OAuth app the command line configured."""

    client_id: str = ""
    redirect_uris: list[str] = field(default_factory=list)


@dataclass
class EmulatorState:
    latency_ms: int = 0
    startup_latency_ms: int = 0
    seed_path: Path | None = None
    # Whether listings changed since the seed data was last loaded, so that
    # a reset can skip restoring data that is already as seeded.
    data_changed: bool = True
    main_app: MainApp = field(default_factory=MainApp)
    _log: deque[dict[str, Any]] = field(
        default_factory=lambda: deque(maxlen=REQUEST_LOG_SIZE)
    )
    _next_sequence: int = 1
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, entry: dict[str, Any]) -> None:
        with self._lock:
            entry["sequence"] = self._next_sequence
            self._next_sequence += 1
            self._log.append(entry)

    def entries(self, after: int = 0) -> list[dict[str, Any]]:
        with self._lock:
            return [entry for entry in self._log if entry["sequence"] > after]

    def clear_log(self) -> None:
        with self._lock:
            self._log.clear()


STATE = EmulatorState()


def mark_data_changed(**kwargs: Any) -> None:
    """Signal receiver for any change to the listings."""
    STATE.data_changed = True
