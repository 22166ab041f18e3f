"""The ``{% camdram_login_button %}`` and ``{% camdram_button_css %}`` tags."""

from __future__ import annotations

from html.parser import HTMLParser
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.test import Client, RequestFactory

from allauth_camdram.templatetags.allauth_camdram import (
    render_button_css,
    render_login_button,
)
from tests.fake_camdram import FakeCamdram, callback_url

CSRF_TOKEN = "FIXEDcsrfTOKEN0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
MARK = (
    '<svg class="camdram-login__mark" viewBox="0 0 24 24" width="20" height="20" '
    'aria-hidden="true" focusable="false">'
    '<rect width="24" height="24" rx="5" fill="#fe5c1f"></rect>'
    '<path d="M4 4h16v3H4zM4 7h6c0 4.5-1.5 8.5-4 13H4zM20 7h-6c0 4.5 1.5 8.5 4 13h2z" '
    'fill="#fff"></path></svg>'
)


def expected_button(hidden: str, label: str = "Sign in with Camdram") -> str:
    return (
        '<form class="camdram-login" method="post" action="/accounts/camdram/login/">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{CSRF_TOKEN}">'
        f"{hidden}"
        '<button type="submit" class="camdram-login__button">'
        f'{MARK}<span class="camdram-login__label">{label}</span>'
        "</button></form>"
    )


@pytest.fixture
def fixed_csrf_token():
    with mock.patch(
        "django.template.context_processors.get_token", return_value=CSRF_TOKEN
    ):
        yield


def render(source: str, request) -> str:
    template = Template("{% load allauth_camdram %}" + source)
    return template.render(Context({"request": request}))


@pytest.mark.usefixtures("fixed_csrf_token")
def test_button_exact_html(rf: RequestFactory):
    html = render("{% camdram_login_button %}", rf.get("/"))

    assert html == expected_button('<input type="hidden" name="process" value="login">')


@pytest.mark.usefixtures("fixed_csrf_token")
def test_button_next_and_connect(rf: RequestFactory):
    html = render(
        '{% camdram_login_button next="/dashboard/" process="connect" %}', rf.get("/")
    )

    assert html == expected_button(
        '<input type="hidden" name="process" value="connect">'
        '<input type="hidden" name="next" value="/dashboard/">',
        label="Connect Camdram",
    )


@pytest.mark.usefixtures("fixed_csrf_token")
def test_button_next_from_request(rf: RequestFactory):
    html = render("{% camdram_login_button %}", rf.get("/login/?next=/shows/"))

    assert '<input type="hidden" name="next" value="/shows/">' in html


@pytest.mark.usefixtures("fixed_csrf_token")
def test_button_empty_next_sends_none(rf: RequestFactory):
    html = render('{% camdram_login_button next="" %}', rf.get("/?next=/shows/"))

    assert 'name="next"' not in html


@pytest.mark.usefixtures("fixed_csrf_token")
def test_button_escapes_next(rf: RequestFactory):
    html = render_login_button(rf.get("/"), next_url='/a?b=1&c="><script>x</script>')

    assert (
        '<input type="hidden" name="next" '
        'value="/a?b=1&amp;c=&quot;&gt;&lt;script&gt;x&lt;/script&gt;">'
    ) in html
    assert "<script>" not in html


@pytest.mark.parametrize("process", ["redirect", "", "LOGIN", '"><b>'])
def test_button_rejects_other_process(rf: RequestFactory, process):
    with pytest.raises(ValueError, match="must be 'login' or 'connect'"):
        render_login_button(rf.get("/"), process=process)


def test_button_needs_request_in_context():
    with pytest.raises(ImproperlyConfigured, match=r"context_processors\.request"):
        Template("{% load allauth_camdram %}{% camdram_login_button %}").render(
            Context({})
        )


def test_button_css_link():
    html = Template("{% load allauth_camdram %}{% camdram_button_css %}").render(
        Context({})
    )

    assert html == '<link rel="stylesheet" href="/static/allauth_camdram/button.css">'
    assert render_button_css() == html


def test_button_css_file_shipped():
    from django.contrib.staticfiles import finders

    path = finders.find("allauth_camdram/button.css")

    assert path is not None
    with open(path, encoding="utf-8") as css:
        text = css.read()
    assert ".camdram-login__button:focus-visible" in text
    assert "url(" not in text
    assert "@import" not in text


def test_provider_login_url_still_works(rf: RequestFactory, db):
    template = Template(
        "{% load socialaccount %}"
        '{% provider_login_url "camdram" process="connect" next="/x/" %}'
    )

    url = template.render(Context({"request": rf.get("/")}))

    assert url == "/accounts/camdram/login/?process=connect&amp;next=%2Fx%2F"


class FormFields(HTMLParser):
    """Collect a form's action and its hidden inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.action = ""
        self.method = ""
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.action = values.get("action") or ""
            self.method = values.get("method") or ""
        if tag == "input" and values.get("type") == "hidden":
            self.fields[values.get("name") or ""] = values.get("value") or ""


def parse_form(html: str) -> FormFields:
    parser = FormFields()
    parser.feed(html)
    return parser


@pytest.mark.django_db
def test_button_form_starts_login(rf: RequestFactory, camdram: FakeCamdram):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/camdram/login/")
    token = parse_form(page.content.decode()).fields["csrfmiddlewaretoken"]
    form = parse_form(render_login_button(rf.get("/"), next_url="/dashboard/"))
    form.fields["csrfmiddlewaretoken"] = token

    response = client.post(form.action, form.fields)
    callback = client.get(callback_url(camdram.authorize(response["Location"])))

    assert form.method == "post"
    assert response.status_code == 302
    assert response["Location"].startswith("https://camdram.test/oauth/v2/auth?")
    assert callback.status_code == 302
    assert callback["Location"] == "/dashboard/"


@pytest.mark.django_db
def test_login_url_get_does_not_redirect(client, camdram: FakeCamdram):
    response = client.get("/accounts/camdram/login/")

    assert response.status_code == 200
    assert camdram.requests == []


@pytest.mark.django_db
def test_login_post_without_csrf_forbidden(camdram: FakeCamdram):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/camdram/login/", {"process": "login"})

    assert response.status_code == 403


def test_button_template_overridable(rf: RequestFactory, tmp_path, settings):
    folder = tmp_path / "allauth_camdram"
    folder.mkdir()
    (folder / "login_button.html").write_text(
        "<a-button {{ login_url }} {{ process }} {{ next_url }}>\n", encoding="utf-8"
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    html = render_login_button(rf.get("/"), next_url="/x/&y", process="connect")

    assert html == "<a-button /accounts/camdram/login/ connect /x/&amp;y>"
