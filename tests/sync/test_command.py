from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from allauth_camdram.constants import SHOWS_PATH
from allauth_camdram.models import ShowLink, SyncState
from tests.fake_camdram import json_reply
from tests.sync.conftest import CamdramAccountAPI, show

pytestmark = pytest.mark.django_db


def make_account(username: str, uid: str, *, with_token: bool = True) -> SocialAccount:
    user = get_user_model().objects.create_user(username=username)
    account = SocialAccount.objects.create(user=user, provider="camdram", uid=uid)
    if with_token:
        SocialToken.objects.create(
            account=account,
            token="A1",
            token_secret="",
            expires_at=timezone.now() + timedelta(hours=1),
        )
    return account


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("camdram_sync", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_syncs_all(api: CamdramAccountAPI):
    first = make_account("first", "11")
    second = make_account("second", "22")
    make_account("third", "33", with_token=False)
    api.shows = [show(1)]

    out, err = run()

    assert ShowLink.objects.filter(social_account=first).count() == 1
    assert ShowLink.objects.filter(social_account=second).count() == 1
    assert out.splitlines() == [
        "[1/3] Camdram id 11: ok, shows +1 ~0 -0, organisations +0 ~0 -0",
        "[2/3] Camdram id 22: ok, shows +1 ~0 -0, organisations +0 ~0 -0",
        "[3/3] Camdram id 33: skipped, no stored token",
        "Synced 3 Camdram account(s): 2 ok, 0 failed, 1 skipped.",
    ]
    assert err == ""


def test_command_user_by_name_or_pk(api: CamdramAccountAPI):
    first = make_account("first", "11")
    second = make_account("second", "22")
    make_account("third", "33")

    out, _ = run("--user", "first", "--user", str(second.user.pk))

    assert "Synced 2 Camdram account(s)" in out
    assert sorted(SyncState.objects.values_list("social_account", flat=True)) == [
        first.pk,
        second.pk,
    ]


def test_command_unknown_user(api: CamdramAccountAPI):
    with pytest.raises(CommandError, match="No user with primary key or username"):
        run("--user", "nobody")


def test_command_camdram_id(api: CamdramAccountAPI):
    make_account("first", "11")
    second = make_account("second", "22")

    run("--camdram-id", "22")

    assert list(SyncState.objects.values_list("social_account", flat=True)) == [
        second.pk
    ]


def test_command_unknown_camdram_id(api: CamdramAccountAPI):
    make_account("first", "11")

    with pytest.raises(CommandError, match="linked with Camdram id '4821'"):
        run("--camdram-id", "11", "--camdram-id", "4821")

    assert SyncState.objects.count() == 0


def test_command_stale(api: CamdramAccountAPI):
    fresh = make_account("fresh", "11")
    old = make_account("old", "22")
    never = make_account("never", "33")
    SyncState.objects.create(social_account=fresh, last_success_at=timezone.now())
    SyncState.objects.create(
        social_account=old, last_success_at=timezone.now() - timedelta(hours=30)
    )

    out, _ = run("--stale", "24")

    assert "Camdram id 11" not in out
    assert "Camdram id 22: ok" in out
    assert "Camdram id 33: ok" in out
    assert SyncState.objects.get(social_account=never).status == "ok"


def test_command_failure_exit_status(api: CamdramAccountAPI, camdram):
    make_account("first", "11")
    make_account("second", "22")
    camdram.reply(SHOWS_PATH, json_reply({"error": {"code": 500}}, 500))

    with pytest.raises(CommandError, match="2 Camdram sync"):
        run()

    assert SyncState.objects.filter(status="partial").count() == 2


def test_command_skips_flagged(api: CamdramAccountAPI, camdram):
    account = make_account("first", "11")
    SyncState.objects.create(social_account=account, reauthorization_required=True)

    out, _ = run()

    assert "skipped, the person must sign in with Camdram again" in out
    assert camdram.requests == []
