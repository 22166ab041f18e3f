from __future__ import annotations

from datetime import date

import pytest
from allauth.socialaccount.models import SocialAccount

from allauth_camdram.admin.links import admin_url
from allauth_camdram.admin.listings import show_societies, show_venues
from allauth_camdram.models import Organisation, OrganisationLink, Show, ShowLink
from tests.admin.conftest import ORGANISATIONS_URL, SHOWS_URL

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [obj.name for obj in response.context["cl"].result_list]


@pytest.fixture
def shows(account, make_account) -> list[Show]:
    other = make_account("7", name="Other")
    comedy = Show.objects.get(camdram_id=9013)
    comedy.first_performance = date(2025, 11, 18)
    comedy.last_performance = date(2025, 11, 22)
    comedy.save()
    drama = Show.objects.create(
        camdram_id=9107, name="🎭 Improv Night 😇", category="drama", author="Anon"
    )
    orphan = Show.objects.create(camdram_id=9200, name="Les Misérables")
    ShowLink.objects.create(show=comedy, social_account=other, manual=True)
    ShowLink.objects.create(show=drama, social_account=other)
    return [comedy, drama, orphan]


def test_show_list_columns(superuser_client, shows):
    response = superuser_client.get(SHOWS_URL)

    html = response.content.decode()
    assert names(response) == [
        "<script>alert(1)</script>",
        "Les Misérables",
        "🎭 Improv Night 😇",
    ]
    assert [row.account_count for row in response.context["cl"].result_list] == [
        2,
        0,
        1,
    ]
    assert '<td class="field-societies">Rock &amp; Roll &lt;Live&gt;</td>' in html
    assert '<td class="field-venues">Marshgate Studio</td>' in html
    assert "Nov. 18, 2025" in html
    assert "<script>alert(1)" not in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"category": "drama"}, ["🎭 Improv Night 😇"]),
        ({"linked": "no"}, ["Les Misérables"]),
        ({"linked": "manual"}, ["<script>alert(1)</script>"]),
        ({"linked": "yes"}, ["<script>alert(1)</script>", "🎭 Improv Night 😇"]),
        (
            {"first_performance__isnull": "True"},
            ["Les Misérables", "🎭 Improv Night 😇"],
        ),
        ({"q": "Misérables"}, ["Les Misérables"]),
        ({"q": "anon"}, ["🎭 Improv Night 😇"]),
        ({"q": "9107"}, ["🎭 Improv Night 😇"]),
        ({"q": "910"}, []),
    ],
)
def test_show_filters_and_search(superuser_client, shows, params, expected):
    response = superuser_client.get(SHOWS_URL, params)

    assert names(response) == expected


def test_show_manual_filter_keeps_counts(superuser_client, shows):
    response = superuser_client.get(SHOWS_URL, {"linked": "manual"})

    assert [row.account_count for row in response.context["cl"].result_list] == [2]


def test_show_detail_linked_accounts(superuser_client, shows, account):
    comedy = shows[0]
    other = SocialAccount.objects.get(uid="7")

    response = superuser_client.get(f"{SHOWS_URL}{comedy.pk}/change/")

    html = response.content.decode()
    assert response.context["camdram_linked_accounts"] == [
        {
            "name": "Zoë O'Brien 🎭 (Camdram 42)",
            "admin_url": f"/admin/allauth_camdram/linkedcamdramaccount/{account.pk}/change/",
            "user": "zoe",
            "manual": False,
        },
        {
            "name": "Other (Camdram 7)",
            "admin_url": f"/admin/allauth_camdram/linkedcamdramaccount/{other.pk}/change/",
            "user": "person7",
            "manual": True,
        },
    ]
    assert "Zoë O&#x27;Brien 🎭 (Camdram 42)</a>" in html
    assert '<a href="https://camdram.test/shows/2025-the-paper-orchard"' in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_show_detail_links_need_permission(staff_client, shows):
    client = staff_client("view_show")

    response = client.get(f"{SHOWS_URL}{shows[0].pk}/change/")

    assert [
        row["admin_url"] for row in response.context["camdram_linked_accounts"]
    ] == [
        None,
        None,
    ]


def test_show_detail_ignores_unsafe_url(superuser_client, shows):
    comedy = shows[0]
    comedy.url = "javascript:alert(1)"
    comedy.save()

    html = superuser_client.get(f"{SHOWS_URL}{comedy.pk}/change/").content.decode()

    assert "javascript:" not in html


def test_organisation_list_and_filters(superuser_client, account):
    Organisation.objects.create(
        kind=Organisation.Kind.VENUE,
        camdram_id=112,
        name="ADC Theatre",
        short_name="ADC",
    )

    everything = superuser_client.get(ORGANISATIONS_URL)
    venues = superuser_client.get(ORGANISATIONS_URL, {"kind__exact": "venue"})
    linked = superuser_client.get(ORGANISATIONS_URL, {"linked": "yes"})
    searched = superuser_client.get(ORGANISATIONS_URL, {"q": "adc"})

    assert names(everything) == ["ADC Theatre", "Rock & Roll <Live>"]
    assert names(venues) == ["ADC Theatre"]
    assert names(linked) == ["Rock & Roll <Live>"]
    assert names(searched) == ["ADC Theatre"]
    assert "Rock &amp; Roll &lt;Live&gt;" in everything.content.decode()


def test_organisation_detail_linked_accounts(superuser_client, account):
    society = Organisation.objects.get()
    OrganisationLink.objects.filter(organisation=society).update(manual=True)

    response = superuser_client.get(f"{ORGANISATIONS_URL}{society.pk}/change/")

    [row] = response.context["camdram_linked_accounts"]
    assert row["name"] == "Zoë O'Brien 🎭 (Camdram 42)"
    assert row["manual"] is True
    assert 'name="name"' not in response.content.decode()


def test_show_societies_and_venues():
    data = {
        "societies": [
            {"id": 112, "name": "Fenland Lantern Players"},
            {"name": "Granta Gardeners' Drama Group"},
            {"id": 113},
            "not an object",
        ],
        "performances": [
            {"venue": {"id": 38, "name": "Marshgate Studio Theatre"}},
            {"other_venue": "Old Granary Loft"},
            {"venue": {"id": 38, "name": "Marshgate Studio Theatre"}},
            {"venue": {"id": 39, "name": "ADC"}, "other_venue": "ADC bar"},
        ],
    }

    assert show_societies(data) == [
        "Fenland Lantern Players",
        "Granta Gardeners' Drama Group",
    ]
    assert show_venues(data) == [
        "Marshgate Studio Theatre",
        "Old Granary Loft",
        "ADC",
        "ADC bar",
    ]
    assert show_societies({}) == []
    assert show_venues({"performances": None}) == []
    assert show_venues([]) == []


def test_organisation_detail_read_only(superuser_client, account):
    society = Organisation.objects.get()

    response = superuser_client.get(f"{ORGANISATIONS_URL}{society.pk}/change/")

    html = response.content.decode()
    assert 'name="_save"' not in html
    assert 'name="_continue"' not in html
    assert 'name="_addanother"' not in html
    assert superuser_client.get(f"{ORGANISATIONS_URL}add/").status_code == 403


def test_show_detail_missing(superuser_client, db):
    response = superuser_client.get(f"{SHOWS_URL}999/change/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_admin_url_without_admin(rf, account, superuser_client):
    request = rf.get("/")
    request.user = superuser_client.get(SHOWS_URL).wsgi_request.user
    link = ShowLink.objects.get(social_account=account)

    assert admin_url(request, link) is None
    assert (
        admin_url(request, link.show)
        == f"/admin/allauth_camdram/show/{link.show.pk}/change/"
    )
