"""The example site's demo_admin command, which demo.sh runs on every start."""

from __future__ import annotations

from pathlib import Path

from tests.browser.example_site import run_manage, site_environment

CHECK_ADMIN = (
    "from django.contrib.auth import get_user_model; "
    "import os; "
    "users = get_user_model().objects; "
    "admin = users.get(username='admin'); "
    "print(users.count(), admin.is_staff, admin.is_superuser, "
    "admin.check_password(os.environ['ADMIN_PASSWORD']))"
)


def test_demo_admin_creates_then_resets(tmp_path: Path) -> None:
    env = site_environment(tmp_path, {})
    run_manage(["migrate", "--verbosity", "0"], env)

    first = run_manage(["demo_admin"], env).stdout.split()
    second = run_manage(["demo_admin"], env).stdout.split()
    check = run_manage(
        ["shell", "--no-imports", "--command", CHECK_ADMIN],
        {**env, "ADMIN_PASSWORD": second[1]},
    )

    assert first[0] == "admin"
    assert second[0] == "admin"
    assert len(first) == 2
    assert len(first[1]) == 16
    assert first[1].isalnum()
    assert second[1] != first[1]
    assert check.stdout.split() == ["1", "True", "True", "True"]
