"""Threads a sync uses to fetch Camdram's two lists at the same time."""

from __future__ import annotations

import threading

import pytest

from allauth_camdram.constants import ORGANISATIONS_PATH, SHOWS_PATH
from allauth_camdram.sync import sync_social_account
from tests.fake_camdram import json_reply
from tests.sync.conftest import CamdramAccountAPI, show, society

pytestmark = pytest.mark.django_db


def test_fetches_start_one_thread(api: CamdramAccountAPI, account, token, camdram):
    fetched_in: dict[str, str] = {}
    # Each list request waits for the other, so they must run concurrently.
    barrier = threading.Barrier(2, timeout=10)

    def recording(path, items):
        def handler(request):
            fetched_in[path] = threading.current_thread().name
            barrier.wait()
            return json_reply(items)

        return handler

    camdram.reply(SHOWS_PATH, recording(SHOWS_PATH, [show(1)]))
    camdram.reply(ORGANISATIONS_PATH, recording(ORGANISATIONS_PATH, [society(2)]))

    result = sync_social_account(account)

    assert result.status == "ok"
    assert fetched_in == {
        SHOWS_PATH: "camdram-sync_0",
        ORGANISATIONS_PATH: threading.current_thread().name,
    }
