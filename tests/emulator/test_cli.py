"""``python -m allauth_camdram.emulator``: options, output, restarts and stopping."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from allauth_camdram.emulator import signin
from allauth_camdram.emulator.testing import Emulator, run_emulator
from tests.emulator.helpers import OWNER, admin_login, bearer, csrf_token

pytestmark = pytest.mark.emulator

CLIENT_ID = "7_1x9k0c8wsk4ooc40gkw4s8ggk8swcs0w8c4o4sg0kcokgocow8"
CLIENT_SECRET = "5g8ckw0wkgw8ow0cg44wc0kkg4s0osw0k0w8kw8owgw8sgsgwk"
REDIRECT_URI = "http://site.test:8123/accounts/camdram/"
FAULTS_ADMIN = "/admin/camdram_emulator/fault/"
SMALL_DATA = {
    "app": {"name": "Small site", "owner": 11},
    "people": [{"id": 11, "name": "Ada Stagehand", "email": "ada@example.org"}],
    "shows": [{"id": 21, "name": "Tiny Show", "slug": "tiny-show", "admins": [11]}],
}


def command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "allauth_camdram.emulator", *arguments]


def environment() -> dict[str, str]:
    # A site's settings module in the environment must not leak into the
    # emulator, which always runs on its own settings.
    return {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }


@pytest.fixture(scope="module")
def custom(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """An emulator started with every option, on small data of its own."""
    data = tmp_path_factory.mktemp("data") / "small.json"
    data.write_text(json.dumps(SMALL_DATA), encoding="utf-8")
    with run_emulator(
        data=data,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uris=[REDIRECT_URI],
        latency_ms=3,
        extra_arguments=[
            "--fault",
            "organisations:error:503",
            "--fault",
            "shows:slow:10",
        ],
    ) as emulator:
        yield emulator


def test_cli_prints_configuration(custom: Emulator) -> None:
    output = "".join(custom.output)

    assert f"  Client id      {CLIENT_ID}\n" in output
    assert f"  Client secret  {CLIENT_SECRET}\n" in output
    assert f"  Redirect URIs  {REDIRECT_URI}\n" in output
    assert (
        f"  Admin          {custom.base_url}/admin/ (username admin, password admin"
        in output
    )
    assert "  Latency        3 ms added to every request\n" in output
    assert (
        "  Faults         organisations:error:503 (--fault option: deleted at the next start)\n"
        "                 shows:slow:10 (--fault option: deleted at the next start)\n"
        f"                 Delete or disable them at {custom.base_url}{FAULTS_ADMIN},"
        " or start with --reset for a new database\n"
    ) in output
    assert (
        "  People you can sign in as:\n        11  Ada Stagehand <ada@example.org>\n"
        in output
    )
    assert output.endswith(f"Camdram emulator running at {custom.base_url}/\n")


def test_cli_uses_data_file(custom: Emulator) -> None:
    tokens = custom.obtain_tokens(11, "user_email user_shows")
    http = signin.new_session()

    account = http.get(
        custom.url("/auth/account.json"), headers=bearer(tokens["access_token"])
    )
    shows = http.get(
        custom.url("/auth/account/shows.json"), headers=bearer(tokens["access_token"])
    )

    assert account.json()["name"] == "Ada Stagehand"
    assert [show["name"] for show in shows.json()] == ["Tiny Show"]
    assert custom.people() == [
        {"id": 11, "name": "Ada Stagehand", "email": "ada@example.org"}
    ]


def test_cli_redirect_uri_prefix(custom: Emulator) -> None:
    query = custom.authorize(
        11, redirect_uri=f"{REDIRECT_URI}login/callback/", state="s"
    )

    assert list(query) == ["state", "code"]


def test_cli_fault_and_latency(custom: Emulator) -> None:
    http = signin.new_session()
    token = custom.obtain_tokens(11, "user_orgs")["access_token"]

    response = http.get(
        custom.url("/auth/account/organisations.json"), headers=bearer(token)
    )

    assert response.status_code == 503
    assert custom.control("GET", "latency") == {"ms": 3}
    assert [fault["delay_ms"] for fault in custom.control("GET", "faults")] == [0, 10]


def test_cli_owner_gets_client_credentials(custom: Emulator) -> None:
    http = signin.new_session()
    response = http.post(
        custom.url("/oauth/v2/token"),
        data={"grant_type": "client_credentials"},
        auth=(CLIENT_ID, CLIENT_SECRET),
    )

    account = http.get(
        custom.url("/auth/account.json"),
        headers=bearer(response.json()["access_token"]),
    )

    assert account.json()["id"] == 11


def test_cli_serves_pages_and_static(custom: Emulator) -> None:
    http = signin.new_session()

    home = http.get(custom.url("/"))
    css = http.get(custom.url("/static/camdram_emulator/style.css"))
    admin_css = http.get(custom.url("/static/admin/css/base.css"))

    assert home.status_code == 200
    assert CLIENT_ID in home.text
    assert css.status_code == 200
    assert css.headers["Content-Type"].startswith("text/css")
    assert admin_css.status_code == 200


@pytest.fixture(scope="module")
def admin_session(custom: Emulator) -> requests.Session:
    session, _ = admin_login(custom)
    return session


def test_cli_admin_login(custom: Emulator) -> None:
    http, response = admin_login(custom)

    shows = http.get(custom.url("/admin/camdram_emulator/show/"))

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert "Tiny Show" in shows.text


@pytest.mark.parametrize(
    "path",
    [
        "/admin/camdram_emulator/show/21/change/",
        "/admin/camdram_emulator/show/add/",
        "/admin/camdram_emulator/person/11/change/",
        "/admin/camdram_emulator/society/add/",
        "/admin/camdram_emulator/venue/add/",
        "/admin/camdram_emulator/fault/add/",
        "/admin/camdram_emulator/appauthorisation/",
        "/admin/oauth2_provider/application/",
        "/admin/oauth2_provider/accesstoken/",
    ],
)
def test_cli_admin_pages_load(
    admin_session: requests.Session, custom: Emulator, path: str
) -> None:
    response = admin_session.get(custom.url(path))

    assert response.status_code == 200


def test_cli_restart_keeps_edits(tmp_path: Path) -> None:
    database = tmp_path / "kept.sqlite3"
    with run_emulator(database=database) as first:
        first.rename_show(9013, "The Paper Orchard (revival)")

    with run_emulator(database=database) as second:
        tokens = second.obtain_tokens(OWNER, "user_shows")
        shows = signin.new_session().get(
            second.url("/auth/account/shows.json"),
            headers=bearer(tokens["access_token"]),
        )

    assert [show["name"] for show in shows.json()] == [
        "The Paper Orchard (revival)",
        "Saltmarsh: A Musical",
        "Untitled Sketch Night",
    ]


def test_cli_fault_lasts_one_run(tmp_path: Path) -> None:
    database = tmp_path / "faults.sqlite3"
    with run_emulator(
        database=database, extra_arguments=["--fault", "token:error:503"]
    ) as first:
        during = first.control("GET", "faults")

    with run_emulator(database=database) as second:
        after = second.control("GET", "faults")
        tokens = second.obtain_tokens(OWNER, "user_email")

    assert [(fault["spec"], fault["source"]) for fault in during] == [
        ("token:error:503", "command_line")
    ]
    assert after == []
    assert tokens["token_type"] == "bearer"
    assert "Faults" not in "".join(second.output)


def test_cli_kept_faults_listed(tmp_path: Path) -> None:
    database = tmp_path / "kept-faults.sqlite3"
    with run_emulator(
        database=database, extra_arguments=["--fault", "account:html"]
    ) as first:
        first.set_fault("token", "error", status=503)
        http, _ = admin_login(first)
        form = http.get(first.url(f"{FAULTS_ADMIN}add/"))
        added = http.post(
            first.url(f"{FAULTS_ADMIN}add/"),
            data={
                signin.CSRF_FIELD: csrf_token(form.text),
                "endpoint": "shows",
                "kind": "slow",
                "delay_ms": "20",
                "status": "",
                "remaining": "5",
                "enabled": "on",
            },
            allow_redirects=False,
        )

    with run_emulator(
        database=database, extra_arguments=["--fault", "organisations:invalid_json"]
    ) as second:
        faults = second.control("GET", "faults")
        token = signin.new_session().post(
            second.url("/oauth/v2/token"),
            data={"grant_type": "client_credentials"},
            auth=(second.client_id, second.client_secret),
        )

    assert added.status_code == 302
    assert [(fault["spec"], fault["source"]) for fault in faults] == [
        ("token:error:503", "control_api"),
        ("shows:slow:20", "admin"),
        ("organisations:invalid_json:200", "command_line"),
    ]
    assert token.status_code == 503
    assert (
        "  Faults         token:error:503 (control API: kept across restarts)\n"
        "                 shows:slow:20, for 5 more requests (admin: kept across restarts)\n"
        "                 organisations:invalid_json:200 (--fault option: deleted at the next start)\n"
        f"                 Delete or disable them at {second.base_url}{FAULTS_ADMIN},"
        " or start with --reset for a new database\n"
    ) in "".join(second.output)


def test_cli_reset_option(tmp_path: Path) -> None:
    database = tmp_path / "reset.sqlite3"
    with run_emulator(database=database) as first:
        first.delete("shows", 9013)

    with run_emulator(database=database, extra_arguments=["--reset"]) as second:
        tokens = second.obtain_tokens(OWNER, "user_shows")
        shows = signin.new_session().get(
            second.url("/auth/account/shows.json"),
            headers=bearer(tokens["access_token"]),
        )

    assert [show["id"] for show in shows.json()] == [9013, 9107, 9150]


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_cli_stops_cleanly(stop_signal: signal.Signals) -> None:
    with run_emulator() as emulator:
        status = emulator.stop(stop_signal)

    assert status == 0
    assert emulator.output[-1] == "Camdram emulator stopped.\n"


def ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def test_cli_sigint_ignored_at_start(tmp_path: Path) -> None:
    # A shell script without job control starts background jobs like this.
    process = subprocess.Popen(
        command("--port", "0", "--database", str(tmp_path / "db.sqlite3")),
        stdout=subprocess.PIPE,
        text=True,
        env=environment(),
        preexec_fn=ignore_sigint,
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if "Camdram emulator running at" in line:
                break
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=30)
    finally:
        process.kill()
        process.wait()

    assert process.returncode == 0
    assert rest.splitlines()[-1] == "Camdram emulator stopped."


def test_cli_all_interfaces_any_host(tmp_path: Path) -> None:
    # Requests still go to 127.0.0.1; only the Host header names another host.
    every_interface = "0.0.0.0"  # noqa: S104
    with run_emulator(
        database=tmp_path / "db.sqlite3", extra_arguments=["--host", every_interface]
    ) as emulator:
        port = emulator.base_url.rsplit(":", 1)[1]
        response = signin.new_session().get(
            f"http://127.0.0.1:{port}/", headers={"Host": f"emulator.internal:{port}"}
        )

    assert "  Warning        not listening on loopback only" in "".join(emulator.output)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["--fault", "nope"],
            "Camdram emulator: Invalid fault 'nope': use ENDPOINT:KIND[:N]",
        ),
        (["--fault", "token:error:x"], "N must be a whole number"),
        (["--data", "/nonexistent/data.json"], "Cannot read emulator data from"),
    ],
)
def test_cli_invalid_options_exit_2(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    result = subprocess.run(
        command("--port", "0", "--database", str(tmp_path / "db.sqlite3"), *arguments),
        capture_output=True,
        text=True,
        env=environment(),
        timeout=60,
        check=False,
    )

    assert result.returncode == 2
    assert message in result.stderr
    assert "running at" not in result.stdout


def test_cli_port_in_use_exits_1(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            command("--port", str(port), "--database", str(tmp_path / "db.sqlite3")),
            capture_output=True,
            text=True,
            env=environment(),
            timeout=60,
            check=False,
        )

    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
