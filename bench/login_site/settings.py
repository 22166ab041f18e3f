"""Settings for the sign-in benchmark's site: the example site, plus a probe.

``bench/login.py`` starts one site process per configuration and sets these
environment variables, besides the example site's own (``CAMDRAM_URL``,
``CAMDRAM_CLIENT_ID``, ``CAMDRAM_CLIENT_SECRET`` and ``EXAMPLE_DATABASE``):

- ``BENCH_SYNC``: ``1`` syncs on sign-in, ``0`` sets ``CAMDRAM_SYNC = False``.
- ``BENCH_TASKS``: ``immediate`` runs the sync inline during the callback with
  django-tasks' ``ImmediateBackend``; ``database`` queues it with
  django-tasks-db's ``DatabaseBackend`` for a ``db_worker`` process.
"""

from __future__ import annotations

import os

from example_site.settings import *  # noqa: F403
from example_site.settings import INSTALLED_APPS, MIDDLEWARE

# DEBUG keeps every SQL query in memory, which a production site does not pay.
DEBUG = False

# The probe is outermost, so that its CPU time covers every other middleware.
MIDDLEWARE = ["login_site.probe.ProbeMiddleware", *MIDDLEWARE]

CAMDRAM_SYNC = os.environ.get("BENCH_SYNC", "1") == "1"

_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_tasks = os.environ.get("BENCH_TASKS", "immediate")
if _tasks not in _TASK_BACKENDS:
    raise ValueError(
        f"BENCH_TASKS must be one of {', '.join(_TASK_BACKENDS)}, not {_tasks!r}"
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_tasks]}}
if _tasks == "database":
    INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]
