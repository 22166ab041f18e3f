from __future__ import annotations

import logging
import sys
import types

import django
import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model

from allauth_camdram import tasks
from allauth_camdram.constants import ORGANISATIONS_PATH, SHOWS_PATH
from allauth_camdram.models import ShowLink, SyncState
from tests.conftest import finish_login, start_login
from tests.fake_camdram import FakeCamdram, json_reply, raise_error
from tests.sync.conftest import show, society

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def lists(camdram: FakeCamdram) -> FakeCamdram:
    camdram.reply(SHOWS_PATH, json_reply([show(1)]))
    camdram.reply(ORGANISATIONS_PATH, json_reply([society(2)]))
    return camdram


def log_in(client, **data: str):
    state = start_login(client, **data)["state"][0]
    response = finish_login(client, state)
    assert response.status_code == 302
    return response


def test_login_syncs(client, lists, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        log_in(client)

    account = SocialAccount.objects.get(provider="camdram")
    assert list(ShowLink.objects.values_list("show__camdram_id", flat=True)) == [1]
    state = SyncState.objects.get(social_account=account)
    assert state.status == "ok"
    assert state.granted_scope == "user_email user_shows user_orgs"
    assert lists.to(SHOWS_PATH)[0].headers["Authorization"] == "Bearer A1"


def test_sign_up_syncs_once(client, lists, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        log_in(client)

    assert len(lists.to(SHOWS_PATH)) == 1
    assert len(lists.to(ORGANISATIONS_PATH)) == 1


def test_later_login_syncs_again(client, lists, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        log_in(client)
    client.logout()
    lists.reply(SHOWS_PATH, json_reply([show(1), show(3)]))

    with django_capture_on_commit_callbacks(execute=True):
        log_in(client)

    assert len(lists.to(SHOWS_PATH)) == 2
    assert sorted(ShowLink.objects.values_list("show__camdram_id", flat=True)) == [
        1,
        3,
    ]


def test_sync_setting_off(client, lists, settings, django_capture_on_commit_callbacks):
    settings.CAMDRAM_SYNC = False

    with django_capture_on_commit_callbacks(execute=True):
        log_in(client)

    assert lists.to(SHOWS_PATH) == []
    assert SyncState.objects.count() == 0


def test_worker_backend_login_does_not_wait(
    client, lists, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DUMMY_TASKS
    from django_tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        log_in(client)

    assert lists.to(SHOWS_PATH) == []
    [queued] = default_task_backend.results
    account = SocialAccount.objects.get(provider="camdram")
    assert list(queued.args) == [account.pk]
    assert queued.kwargs == {
        "granted_scope": "user_email user_shows user_orgs",
        "after_login": True,
    }

    # What a worker does later: it reads the stored token itself.
    assert queued.task.call(*queued.args, **queued.kwargs) == "ok"
    assert ShowLink.objects.count() == 1


def test_store_tokens_off_uses_token_in_hand(client, lists, settings):
    settings.SOCIALACCOUNT_STORE_TOKENS = False
    settings.TASKS = DUMMY_TASKS
    from django_tasks import default_task_backend

    log_in(client)

    assert SocialToken.objects.count() == 0
    assert default_task_backend.results == []
    assert ShowLink.objects.count() == 1
    assert lists.to(SHOWS_PATH)[0].headers["Authorization"] == "Bearer A1"


def test_failing_sync_keeps_login(client, camdram, django_capture_on_commit_callbacks):
    camdram.reply(SHOWS_PATH, json_reply({"error": {"code": 500}}, 500))
    camdram.reply(ORGANISATIONS_PATH, raise_error(requests.ReadTimeout()))

    with django_capture_on_commit_callbacks(execute=True):
        response = log_in(client)

    assert response["Location"] == "/accounts/profile/"
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get().pk)
    assert SyncState.objects.get().status == "failed"


def test_unexpected_error_keeps_login(
    client, lists, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("bug in a store")

    monkeypatch.setattr("allauth_camdram.sync_outcome.store_shows", broken)

    with (
        caplog.at_level(logging.ERROR),
        django_capture_on_commit_callbacks(execute=True),
    ):
        log_in(client)

    assert "_auth_user_id" in client.session
    assert "Camdram sync of social account" in caplog.text
    assert "bug in a store" in caplog.text


def test_connect_syncs(client, lists, django_capture_on_commit_callbacks):
    user = get_user_model().objects.create_user(username="local", password="pw")
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        log_in(client, process="connect")

    account = SocialAccount.objects.get(provider="camdram")
    assert account.user == user
    assert list(ShowLink.objects.values_list("social_account", flat=True)) == [
        account.pk
    ]


def test_login_clears_reauthorization_flag(
    client, lists, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        log_in(client)
    client.logout()
    SyncState.objects.update(reauthorization_required=True)

    with django_capture_on_commit_callbacks(execute=True):
        log_in(client)

    assert SyncState.objects.get().reauthorization_required is False
    assert len(lists.to(SHOWS_PATH)) == 2


def test_tasks_module_this_django():
    expected = "django.tasks" if django.VERSION >= (6, 0) else "django_tasks"

    assert tasks.tasks_module_name() == expected


def test_tasks_module_prefers_django(monkeypatch):
    monkeypatch.setitem(sys.modules, "django.tasks", types.ModuleType("django.tasks"))

    assert tasks.tasks_module_name() == "django.tasks"


def test_task_missing_account():
    assert tasks.sync_camdram_account.call(123456) == "missing"
