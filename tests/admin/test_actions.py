from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.test import override_settings

from allauth_camdram.admin import sync_action
from allauth_camdram.constants import ORGANISATIONS_PATH, SHOWS_PATH
from allauth_camdram.models import (
    Organisation,
    OrganisationLink,
    Show,
    ShowLink,
    SyncState,
)
from tests.admin.conftest import ACCESS_TOKEN, ACCOUNTS_URL, assert_no_secret
from tests.fake_camdram import json_reply

pytestmark = pytest.mark.django_db

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def run_action(client, action: str, *accounts: SocialAccount, **extra: str):
    data = {"action": action, "_selected_action": [a.pk for a in accounts], **extra}
    return client.post(ACCOUNTS_URL, data, follow=True)


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def camdram_lists(camdram):
    """Camdram's lists for account 42's access token, and 401 for any other."""

    def listing(items):
        def handler(request):
            if request.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
                return json_reply({"error": "invalid_grant"}, status=401)
            return json_reply(items)

        return handler

    camdram.reply(
        SHOWS_PATH,
        listing([{"id": 1, "name": "New Show", "slug": "2025-new", "_type": "show"}]),
    )
    camdram.reply(ORGANISATIONS_PATH, listing([]))
    return camdram


def test_sync_now_reports_outcomes(
    superuser_client, account, make_account, camdram_lists
):
    no_token = make_account("5")
    must_sign_in = make_account(
        "6", status=SyncState.Status.FAILED, reauthorization_required=True
    )
    SocialToken.objects.create(account=must_sign_in, token="OTHER")

    response = run_action(superuser_client, "sync_now", account, no_token, must_sign_in)

    assert response.status_code == 200
    assert message_texts(response) == [
        "Synced 1 Camdram account.",
        "The sync of 2 Camdram accounts failed: "
        "5 (no stored token), 6 (must sign in with Camdram again).",
    ]
    assert [show.name for show in Show.objects.filter(social_accounts=account)] == [
        "New Show"
    ]
    assert camdram_lists.to(SHOWS_PATH)[0].headers["Authorization"] == (
        f"Bearer {ACCESS_TOKEN}"
    )
    assert len(camdram_lists.to(SHOWS_PATH)) == 1
    assert_no_secret(response.content.decode())


def test_sync_now_logs_history(superuser_client, account, camdram_lists):
    run_action(superuser_client, "sync_now", account)

    [entry] = LogEntry.objects.all()
    assert entry.object_id == str(account.pk)
    assert entry.object_repr == "Zoë O'Brien 🎭 (Camdram 42)"
    assert entry.get_change_message() == "Started a sync from the admin."


@override_settings(TASKS=DUMMY_TASKS)
def test_sync_now_worker_backend_queues(superuser_client, account, make_account):
    other = make_account("5")

    response = run_action(superuser_client, "sync_now", account, other)

    assert message_texts(response) == ["Queued 2 Camdram accounts for syncing."]
    assert SyncState.objects.get(social_account=account).status == "ok"


def test_sync_now_failed_sync(superuser_client, account, camdram):
    camdram.reply(SHOWS_PATH, json_reply({"error": "server"}, status=500))
    camdram.reply(ORGANISATIONS_PATH, json_reply({"error": "server"}, status=500))

    response = run_action(superuser_client, "sync_now", account)

    assert message_texts(response) == [
        "The sync of 1 Camdram account failed: 42 (failed)."
    ]
    assert ShowLink.objects.filter(social_account=account).count() == 1


def test_sync_now_enqueue_error(superuser_client, account, monkeypatch, caplog):
    class BrokenTask:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("task queue down")

    monkeypatch.setattr(sync_action, "sync_camdram_account", BrokenTask())

    response = run_action(superuser_client, "sync_now", account)

    assert response.status_code == 200
    assert message_texts(response) == [
        "The sync of 1 Camdram account failed: 42 (could not be queued)."
    ]
    assert f"Could not queue the Camdram sync of social account {account.pk}" in (
        caplog.text
    )


def test_sync_report_names_first_failures():
    report = sync_action.SyncReport(failed=[(str(n), "failed") for n in range(12)])

    assert report.messages() == [
        "The sync of 12 Camdram accounts failed: 0 (failed), 1 (failed), "
        "2 (failed), 3 (failed), 4 (failed), 5 (failed), 6 (failed), "
        "7 (failed), 8 (failed), 9 (failed) and 2 more."
    ]


def test_unlink_confirmation_page(superuser_client, account):
    response = superuser_client.post(
        ACCOUNTS_URL, {"action": "delete_selected", "_selected_action": [account.pk]}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Zoë O&#x27;Brien 🎭 (Camdram 42)" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_no_secret(html)
    assert SocialAccount.objects.filter(pk=account.pk).exists()


def test_unlink_keeps_shared_shows(superuser_client, account, make_account, caplog):
    other = make_account("7")
    show = Show.objects.get(camdram_id=9013)
    ShowLink.objects.create(show=show, social_account=other)
    user = account.user
    caplog.set_level("INFO", logger="allauth_camdram.admin.accounts")

    response = run_action(superuser_client, "delete_selected", account, post="yes")

    assert response.status_code == 200
    assert not SocialAccount.objects.filter(pk=account.pk).exists()
    assert not SocialToken.objects.filter(account_id=account.pk).exists()
    assert not ShowLink.objects.filter(social_account_id=account.pk).exists()
    assert not OrganisationLink.objects.filter(social_account_id=account.pk).exists()
    assert not SyncState.objects.filter(social_account_id=account.pk).exists()
    assert list(ShowLink.objects.values_list("show__camdram_id", "social_account")) == [
        (9013, other.pk)
    ]
    assert Show.objects.count() == 1
    assert Organisation.objects.count() == 1
    assert type(user).objects.filter(pk=user.pk).exists()
    assert f"Unlinked Camdram social accounts [{account.pk}] in the admin" in (
        caplog.text
    )


def test_unlink_action_label(superuser_client, account):
    response = superuser_client.get(ACCOUNTS_URL)

    choices = dict(response.context["action_form"].fields["action"].choices)
    # Django 6.1 renamed the blank choice, so only the actions are compared.
    choices.pop("")
    assert choices == {
        "delete_selected": "Unlink the selected Camdram accounts",
        "sync_now": "Sync now with Camdram",
    }


def test_unlink_from_detail_page(superuser_client, account, caplog):
    caplog.set_level("INFO", logger="allauth_camdram.admin.accounts")

    response = superuser_client.post(
        f"{ACCOUNTS_URL}{account.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert not SocialAccount.objects.filter(pk=account.pk).exists()
    assert Show.objects.count() == 1
    assert f"Unlinked Camdram social account {account.pk} in the admin" in (caplog.text)


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        ("missing", "the account no longer exists"),
        ("error", "the sync raised an error, which is in the log"),
        ("partial", "partly failed"),
        ("surprise", "unknown outcome"),
    ],
)
def test_failure_reason_labels(outcome, expected):
    assert sync_action._failure_reason(None, outcome) == expected


def test_sync_now_deleted_account(superuser_client, account, monkeypatch):
    # The account disappears between the admin's query and the task run.
    real_enqueue = sync_action.sync_camdram_account.enqueue

    class DeletingTask:
        def enqueue(self, account_id, **kwargs):
            SocialAccount.objects.filter(pk=account_id).delete()
            return real_enqueue(account_id, **kwargs)

    monkeypatch.setattr(sync_action, "sync_camdram_account", DeletingTask())

    response = run_action(superuser_client, "sync_now", account)

    assert message_texts(response) == [
        "The sync of 1 Camdram account failed: 42 (the account no longer exists)."
    ]
