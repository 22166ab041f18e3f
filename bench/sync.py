"""Time one account's Camdram sync for growing numbers of shows.

For 10, 100, 1,000 and 10,000 shows it runs three syncs: the first (every
show new), an unchanged re-sync, and a re-sync with 10% of the shows
renamed. HTTP is mocked at the transport with ``responses``, so the figures
are the sync's own parsing and database work. It prints the SQL queries and
the wall-clock seconds of each sync.

Run from the repository root:

    python bench/sync.py                  # SQLite in memory
    CAMDRAM_TEST_POSTGRES="host=/var/run/postgresql dbname=postgres" \\
        python bench/sync.py              # PostgreSQL, as tests/settings.py sets up
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

import responses  # noqa: E402
from allauth.socialaccount.models import SocialAccount, SocialToken  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from allauth_camdram.constants import ORGANISATIONS_PATH, SHOWS_PATH  # noqa: E402
from allauth_camdram.models import Show, ShowLink, SyncState  # noqa: E402
from allauth_camdram.sync import sync_social_account  # noqa: E402

BASE_URL = "https://camdram.test"
SIZES = (10, 100, 1_000, 10_000)


def make_show(number: int, name: str) -> dict[str, Any]:
    slug = f"2025-show-{number}"
    return {
        "id": number,
        "societies": [{"id": 7, "name": "Bench Players", "slug": "bench-players"}],
        "name": name,
        "description": "A show made up for the benchmark. " * 4,
        "slug": slug,
        "author": "A. Writer",
        "category": "drama",
        "performances": [
            {
                "date_string": "19:45, Tue 18th \u2013 Sat 22nd November 2025",
                "id": number,
                "start_at": "2025-11-18T19:45:00+00:00",
                "repeat_until": "2025-11-22",
                "show": {"id": number, "name": name, "slug": slug, "_type": "show"},
                "venue": {
                    "id": 38,
                    "name": "Studio",
                    "slug": "studio",
                    "_type": "venue",
                },
                "_links": {"show": f"/shows/{slug}", "venue": "/venues/studio"},
                "_type": "performance",
            }
        ],
        "societies_display_list": [7],
        "_links": {"self": f"/shows/{slug}"},
        "_type": "show",
    }


@contextmanager
def count_queries() -> Iterator[list[int]]:
    counter = [0]

    def count(execute: Callable[..., Any], *args: Any) -> Any:
        counter[0] += 1
        return execute(*args)

    with connection.execute_wrapper(count):
        yield counter


def timed_sync(account: SocialAccount) -> tuple[int, float]:
    with count_queries() as counter:
        start = time.perf_counter()
        result = sync_social_account(account)
        seconds = time.perf_counter() - start
    assert result.status == "ok", result.error
    return counter[0], seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(SIZES), help="show counts"
    )
    options = parser.parse_args()

    # A database of its own, so a test run at the same time is not disturbed.
    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = "allauth_camdram_bench"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(options.sizes)
    finally:
        connection.creation.destroy_test_db(
            connection.settings_dict["NAME"], verbosity=0
        )


def run(sizes: list[int]) -> None:
    user = get_user_model().objects.create_user(username="bench")
    account = SocialAccount.objects.create(user=user, provider="camdram", uid="1")
    SocialToken.objects.create(
        account=account,
        token="A1",
        token_secret="R1",
        expires_at=timezone.now() + timedelta(days=1),
    )
    body = {"shows": b"[]"}

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(
            "GET",
            BASE_URL + SHOWS_PATH,
            callback=lambda request: (200, {}, body["shows"]),
            content_type="application/json",
        )
        mock.add(
            "GET",
            BASE_URL + ORGANISATIONS_PATH,
            body="[]",
            content_type="application/json",
        )

        print(f"database: {connection.vendor}")
        print(f"{'shows':>7}  {'sync':<10} {'queries':>7} {'seconds':>8}")
        for size in sizes:
            ShowLink.objects.all().delete()
            Show.objects.all().delete()
            SyncState.objects.all().delete()
            shows = [
                make_show(number, f"Show {number}") for number in range(1, size + 1)
            ]
            body["shows"] = json.dumps(shows).encode()
            runs = [("first", timed_sync(account)), ("unchanged", timed_sync(account))]
            changed = [
                make_show(number, f"Renamed {number}") if number % 10 == 0 else show
                for number, show in enumerate(shows, start=1)
            ]
            body["shows"] = json.dumps(changed).encode()
            runs.append(("10% changed", timed_sync(account)))
            for label, (queries, seconds) in runs:
                print(f"{size:>7}  {label:<10} {queries:>7} {seconds:>8.3f}")


if __name__ == "__main__":
    main()
