"""The emulator's fixed defaults, importable without Django settings.

The client id and secret are fixed so that a site's settings keep working
across restarts. They have Camdram's shapes: ``<database id>_<base 36>`` and
base 36.
"""

from __future__ import annotations

DEFAULT_PORT = 8001
DEFAULT_DATABASE = "camdram-emulator.sqlite3"
DEFAULT_CLIENT_ID = "1_3bmmtrkkuyqsc0wk4wcw4c84ks4sg8cg0wsgw04gkw8o0gccsk"
DEFAULT_CLIENT_SECRET = "4ok2x70rlfokc8g0wws8c8kwcokw80k44sg48goc0ok4w0so0k"  # noqa: S105
DEFAULT_REDIRECT_URIS = (
    "http://localhost:8000/accounts/camdram/login/callback/",
    "http://127.0.0.1:8000/accounts/camdram/login/callback/",
)
# Printed, and flushed, once the emulator accepts connections.
RUNNING_MESSAGE = "Camdram emulator running at {url}"
