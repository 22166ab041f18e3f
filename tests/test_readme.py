"""Tests that keep the README true to the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.dispatch import receiver
from django.template import Context, Template

import allauth_camdram
from allauth_camdram.conf import CamdramSettings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PACKAGE = Path(allauth_camdram.__file__).parent

CHECK_ID = re.compile(r"allauth_camdram\.[EW]\d{3}")


def code_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_readme_settings_match_conf():
    documented = set(re.findall(r"^\| `(CAMDRAM_[A-Z_]+)`", README, flags=re.MULTILINE))
    defined = {
        f"CAMDRAM_{name}"
        for name, value in vars(CamdramSettings).items()
        if isinstance(value, property)
    }

    assert documented == defined


def test_readme_checks_match_code():
    documented = set(
        re.findall(r"^\| `(allauth_camdram\.[EW]\d{3})`", README, flags=re.MULTILINE)
    )
    in_code = set()
    for path in PACKAGE.rglob("*.py"):
        if "emulator" in path.parts:
            continue
        in_code.update(CHECK_ID.findall(path.read_text(encoding="utf-8")))

    assert documented == in_code


def test_readme_python_blocks_compile():
    blocks = code_blocks("python")

    assert len(blocks) >= 5
    for block in blocks:
        compile(block, "README.md", "exec")


@pytest.mark.django_db
def test_readme_queryset_example_runs(django_user_model, rf):
    block = next(block for block in code_blocks("python") if "administered_by" in block)
    request = rf.get("/")
    request.user = django_user_model.objects.create_user("alice")
    namespace: dict[str, object] = {"request": request}

    exec(block, namespace)  # noqa: S102 - the README is this repository's own text

    assert list(namespace["shows"]) == []
    assert list(namespace["societies"]) == []


def test_readme_signal_example_connects():
    block = next(block for block in code_blocks("python") if "shows_synced" in block)
    namespace: dict[str, object] = {"receiver": receiver}

    exec(block, namespace)  # noqa: S102 - the README is this repository's own text

    from allauth_camdram.signals import shows_synced

    handler = namespace["announce_new_shows"]
    assert shows_synced.disconnect(handler) is True


@pytest.mark.django_db
def test_readme_button_template_renders(rf):
    block = code_blocks("django")[0]
    request = rf.get("/")

    html = Template(block).render(Context({"request": request}))

    assert 'action="/accounts/camdram/login/"' in html
    assert 'value="/dashboard/"' in html
    assert "button.css" in html
