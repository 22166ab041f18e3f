from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from allauth_camdram.models import (
    Organisation,
    OrganisationLink,
    Show,
    ShowLink,
    SyncState,
)

pytestmark = pytest.mark.django_db


def make_account(username: str, uid: str) -> SocialAccount:
    user = get_user_model().objects.create_user(username=username)
    return SocialAccount.objects.create(user=user, provider="camdram", uid=uid)


def test_show_administered_by_one_query(django_assert_num_queries):
    first = make_account("first", "1")
    second = make_account("second", "2")
    # The same person linked two Camdram accounts that both administer one show.
    extra = SocialAccount.objects.create(user=first.user, provider="camdram", uid="3")
    shared = Show.objects.create(camdram_id=10, name="Shared")
    own = Show.objects.create(camdram_id=11, name="Own")
    other = Show.objects.create(camdram_id=12, name="Other")
    ShowLink.objects.create(show=shared, social_account=first)
    ShowLink.objects.create(show=shared, social_account=extra)
    ShowLink.objects.create(show=own, social_account=extra, manual=True)
    ShowLink.objects.create(show=other, social_account=second)

    with django_assert_num_queries(1):
        names = [show.name for show in Show.objects.administered_by(first.user)]

    assert names == ["Own", "Shared"]


def test_organisation_administered_by_one_query(django_assert_num_queries):
    account = make_account("person", "1")
    other = make_account("other", "2")
    society = Organisation.objects.create(
        kind=Organisation.Kind.SOCIETY, camdram_id=5, name="Players"
    )
    venue = Organisation.objects.create(
        kind=Organisation.Kind.VENUE, camdram_id=5, name="Studio"
    )
    Organisation.objects.create(kind=Organisation.Kind.VENUE, camdram_id=6, name="X")
    OrganisationLink.objects.create(organisation=society, social_account=account)
    OrganisationLink.objects.create(organisation=venue, social_account=account)
    OrganisationLink.objects.create(organisation=venue, social_account=other)

    with django_assert_num_queries(1):
        found = list(Organisation.objects.administered_by(account.user))

    assert found == [society, venue]
    assert list(Organisation.objects.administered_by(account.user).venues()) == [venue]


def test_administered_by_anonymous_is_empty(django_assert_num_queries):
    Show.objects.create(camdram_id=1, name="Show")

    with django_assert_num_queries(0):
        assert list(Show.objects.administered_by(AnonymousUser())) == []
        assert list(Organisation.objects.administered_by(AnonymousUser())) == []


def test_show_camdram_id_unique():
    Show.objects.create(camdram_id=1, name="A")

    with pytest.raises(IntegrityError):
        Show.objects.create(camdram_id=1, name="B")


def test_organisation_id_unique_within_kind():
    Organisation.objects.create(kind="society", camdram_id=1, name="A")
    Organisation.objects.create(kind="venue", camdram_id=1, name="B")

    with pytest.raises(IntegrityError):
        Organisation.objects.create(kind="venue", camdram_id=1, name="C")


def test_show_link_unique_per_account():
    account = make_account("person", "1")
    show = Show.objects.create(camdram_id=1, name="A")
    ShowLink.objects.create(show=show, social_account=account)

    with pytest.raises(IntegrityError):
        ShowLink.objects.create(show=show, social_account=account, manual=True)


def test_names_stored_exactly():
    names = [
        "<script>alert(1)</script>",
        "Rock &amp; Roll",
        "🎭 Improv Night 😇",
        "مسرحية الليلة",
        "x" * 300,
    ]
    for camdram_id, name in enumerate(names, start=1):
        Show.objects.create(camdram_id=camdram_id, name=name, slug="2018-😇")

    stored = list(Show.objects.order_by("camdram_id").values_list("name", flat=True))
    assert stored == names


def test_str_contains_no_token():
    account = make_account("person", "4242")
    show = Show.objects.create(camdram_id=1, name="The Show")
    link = ShowLink.objects.create(show=show, social_account=account)
    state = SyncState.objects.create(social_account=account, status="ok")

    assert str(show) == "The Show"
    assert str(link) == f"The Show (social account {account.pk})"
    assert str(state) == f"Camdram sync of social account {account.pk}: ok"
    assert str(Show(camdram_id=7, name="")) == "#7"
