"""Nox sessions: the test matrix, lint, migrations and packaging.

``./scripts/test`` installs nox and runs every session; ``./scripts/test -s
tests-3.11`` runs one, and arguments after ``--`` go to pytest. The matrix is
what setup.cfg claims: Django 5.2 on Python 3.11, Django 6.1 on Python 3.13,
and ``tests-lowest``, which pins every runtime and emulator requirement to
its lower bound.
"""

from __future__ import annotations

import configparser
import functools
import glob
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import nox
from nox.command import CommandFailed
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent
REPORTS_DIR = ROOT / "build" / "test-reports"

# A missing interpreter must fail its session, not skip it, and nox must never
# download a Python build of its own.
nox.options.error_on_missing_interpreters = True
nox.options.download_python = "never"

# The Django release series installed with each Python version. The package
# session checks that setup.cfg's classifiers name exactly these versions.
DJANGO_FOR_PYTHON = {"3.11": "5.2", "3.13": "6.1"}
LOWEST_PYTHON = "3.11"

SUITE = ".[emulator,test]"
LINT_REQUIREMENTS = [
    "ruff==0.17.6",
    "mypy==2.4.1",
    "django-stubs==6.1.2",
    "types-oauthlib==4.0.0.20261018",
    "types-requests==2.33.0.20261030",
    "types-requests-oauthlib==2.0.0.20261006",
]
PACKAGE_REQUIREMENTS = ["twine>=6.1"]

# Settings modules whose apps must have no model change without a migration.
MIGRATION_SETTINGS = ["tests.settings", "allauth_camdram.emulator.settings"]

# tests/settings.py switches to PostgreSQL when this variable is set. Every
# session except tests-postgres unsets it and runs on SQLite.
SQLITE_ENV: dict[str, str | None] = {"CAMDRAM_TEST_POSTGRES": None}

VERSIONS_SCRIPT = """
from importlib.metadata import version
import sys
names = ["Django", "django-allauth", "django-tasks", "requests-oauthlib",
         "django-oauth-toolkit"]
print("Python", sys.version.split()[0], *(f"{n} {version(n)}" for n in names), sep=", ")
"""

WHEEL_IMPORT_SCRIPT = """
from importlib.resources import files
package = files("allauth_camdram")
assert "site-packages" in str(package), package
assert package.joinpath("py.typed").is_file()
print("Imported the installed wheel from", package)
"""


@functools.cache
def find_python(version: str) -> str | None:
    """Return the path of a working Python ``version`` interpreter, or None.

    pyenv's shims are on PATH for every installed version but exit with an
    error unless that version is selected, so each candidate is run before it
    is used, and pyenv's versions folder is searched directly.
    """
    candidates = []
    on_path = shutil.which(f"python{version}")
    if on_path:
        candidates.append(on_path)
    for pyenv_root in _pyenv_roots():
        pattern = os.path.join(
            pyenv_root, "versions", f"{version}.*", "bin", f"python{version}"
        )
        candidates.extend(sorted(glob.glob(pattern), key=_patch_level, reverse=True))
    # Last, the interpreter running nox, which is a virtualenv's.
    if f"{sys.version_info.major}.{sys.version_info.minor}" == version:
        candidates.append(sys.executable)

    for candidate in candidates:
        if _reports_version(candidate, version):
            return candidate
    return None


def _pyenv_roots() -> list[str]:
    roots = [os.environ.get("PYENV_ROOT", ""), os.path.expanduser("~/.pyenv")]
    pyenv = shutil.which("pyenv")
    if pyenv:
        result = subprocess.run(
            [pyenv, "root"], capture_output=True, text=True, check=False
        )
        roots.append(result.stdout.strip())
    return list(dict.fromkeys(root for root in roots if root and os.path.isdir(root)))


def _patch_level(path: str) -> tuple[int, ...]:
    match = re.search(r"/versions/(\d+)\.(\d+)\.(\d+)", path)
    return tuple(int(part) for part in match.groups()) if match else (0,)


def _reports_version(executable: str, version: str) -> bool:
    try:
        result = subprocess.run(
            [executable, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and result.stdout.strip() == version


def venv_python(version: str) -> str | bool:
    # False makes nox run the session without a virtualenv, so that
    # require_python can explain what is missing.
    return find_python(version) or False


def require_python(session: nox.Session, version: str) -> None:
    if find_python(version) is None:
        session.error(
            f"Python {version} was not found: no working python{version} on PATH "
            f"or under pyenv's versions folder. Install it (for example with "
            f"`pyenv install {version}`) or put python{version} on PATH"
        )


@nox.session(name="lint", python=venv_python("3.11"))
def lint(session: nox.Session) -> None:
    require_python(session, "3.11")
    install_suite(session, "3.11", *LINT_REQUIREMENTS)

    failed = []
    for command in (
        ["ruff", "check", "."],
        ["ruff", "format", "--check", "."],
        ["mypy"],
    ):
        try:
            session.run(*command)
        except CommandFailed:
            failed.append(" ".join(command))
    if failed:
        session.error(f"Failed: {', '.join(failed)}")


@nox.session(name="migrations", python=venv_python("3.11"))
def migrations(session: nox.Session) -> None:
    require_python(session, "3.11")
    install_suite(session, "3.11")
    # The emulator's settings otherwise open an SQLite file in the current folder.
    emulator_database = Path(session.create_tmp()) / "emulator.sqlite3"
    env = {**SQLITE_ENV, "CAMDRAM_EMULATOR_DATABASE": str(emulator_database)}
    for settings in MIGRATION_SETTINGS:
        session.run(
            "python",
            "-m",
            "django",
            "makemigrations",
            "--check",
            "--dry-run",
            f"--settings={settings}",
            env=env,
        )


@nox.session(name="tests-3.11", python=venv_python("3.11"))
def tests_311(session: nox.Session) -> None:
    require_python(session, "3.11")
    install_suite(session, "3.11")
    run_suite(session)


@nox.session(name="tests-3.13", python=venv_python("3.13"))
def tests_313(session: nox.Session) -> None:
    require_python(session, "3.13")
    install_suite(session, "3.13")
    run_suite(session)


@nox.session(name="tests-lowest", python=venv_python(LOWEST_PYTHON))
def tests_lowest(session: nox.Session) -> None:
    require_python(session, LOWEST_PYTHON)
    install_suite(session, LOWEST_PYTHON, *lowest_pins(session))
    run_suite(session)


@nox.session(name="tests-postgres", python=venv_python("3.11"))
def tests_postgres(session: nox.Session) -> None:
    require_python(session, "3.11")
    if not os.environ.get("CAMDRAM_TEST_POSTGRES"):
        if os.environ.get("CAMDRAM_REQUIRE_POSTGRES", "") not in ("", "0"):
            session.error(
                "CAMDRAM_REQUIRE_POSTGRES is set but CAMDRAM_TEST_POSTGRES is not: "
                "set it to a libpq connection string such as "
                "'host=/var/run/postgresql dbname=postgres'"
            )
        reason = "CAMDRAM_TEST_POSTGRES is not set, so there is no PostgreSQL server"
        write_skipped_report(session.name, reason)
        session.skip(reason)

    install_suite(session, "3.11")
    run_pytest(session, "-m", "postgres", env={})


def write_skipped_report(session_name: str, reason: str) -> None:
    """Write a JUnit report with one skipped test for a session that did not run.

    Without it the summary of scripts/test would not show the session at all.
    """
    REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    suite = ElementTree.Element(
        "testsuite", name=session_name, tests="1", failures="0", errors="0", skipped="1"
    )
    case = ElementTree.SubElement(suite, "testcase", classname="nox", name=session_name)
    ElementTree.SubElement(case, "skipped", message=reason)
    ElementTree.ElementTree(suite).write(REPORTS_DIR / f"{session_name}.xml")


@nox.session(name="package", python=venv_python("3.11"))
def package(session: nox.Session) -> None:
    require_python(session, "3.11")
    check_classifiers(session)
    install_suite(session, "3.11", *PACKAGE_REQUIREMENTS)

    dist = Path(session.create_tmp()) / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    session.run("python", "-m", "build", "--outdir", str(dist), ".")
    archives = sorted(str(path) for path in dist.iterdir())
    session.run("twine", "check", "--strict", *archives)
    run_pytest(
        session,
        "tests/test_packaging.py",
        env={**SQLITE_ENV, "CAMDRAM_DIST_DIR": str(dist)},
    )

    # The source tree shadows the installed package inside ROOT, so the
    # import check runs from the session's temporary folder.
    [wheel] = dist.glob("*.whl")
    session.install("--force-reinstall", "--no-deps", str(wheel))
    with session.chdir(session.create_tmp()):
        session.run("python", "-c", WHEEL_IMPORT_SCRIPT)


def install_suite(session: nox.Session, python: str, *extra: str) -> None:
    django = DJANGO_FOR_PYTHON[python]
    session.install("-e", SUITE, f"Django~={django}.0", *extra)
    session.run("python", "-c", VERSIONS_SCRIPT)


def run_suite(session: nox.Session) -> None:
    # The postgres tests run in tests-postgres, and test_packaging.py in the
    # package session against the archives it builds.
    run_pytest(
        session,
        "-m",
        "not postgres",
        "--ignore=tests/test_packaging.py",
        env=SQLITE_ENV,
    )


def run_pytest(session: nox.Session, *args: str, env: dict[str, str | None]) -> None:
    """Run pytest, writing a JUnit report that scripts/test sums up."""
    REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    report = REPORTS_DIR / f"{session.name}.xml"
    report.unlink(missing_ok=True)
    session.run(
        "python",
        "-m",
        "pytest",
        f"--junitxml={report}",
        *args,
        *session.posargs,
        env=env,
    )


def lowest_pins(session: nox.Session) -> list[str]:
    """Pin each runtime and emulator requirement to its lower bound in setup.cfg."""
    options = read_setup_cfg()["options"]
    extras = read_setup_cfg()["options.extras_require"]
    lines = options["install_requires"].splitlines() + extras["emulator"].splitlines()

    pins = []
    for line in filter(None, (line.strip() for line in lines)):
        requirement = Requirement(line)
        lower = [
            spec.version for spec in requirement.specifier if spec.operator == ">="
        ]
        if len(lower) != 1:
            session.error(f"setup.cfg gives no single >= lower bound for {line!r}")
        extra_names = ",".join(sorted(requirement.extras))
        suffix = f"[{extra_names}]" if extra_names else ""
        pins.append(f"{requirement.name}{suffix}=={lower[0]}")
    return pins


def check_classifiers(session: nox.Session) -> None:
    classifiers = read_setup_cfg()["metadata"]["classifiers"].split("\n")
    pythons = _classified_versions(classifiers, "Programming Language :: Python :: 3.")
    djangos = _classified_versions(classifiers, "Framework :: Django :: ")
    if pythons != set(DJANGO_FOR_PYTHON) or djangos != set(DJANGO_FOR_PYTHON.values()):
        session.error(
            f"setup.cfg classifiers name Python {sorted(pythons)} and Django "
            f"{sorted(djangos)}, but the nox matrix tests {DJANGO_FOR_PYTHON}: "
            "change one to match the other"
        )


def read_setup_cfg() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "setup.cfg", encoding="utf-8")
    return parser


def _classified_versions(classifiers: list[str], prefix: str) -> set[str]:
    versions = set()
    for classifier in classifiers:
        classifier = classifier.strip()
        if classifier.startswith(prefix) and " :: " not in classifier[len(prefix) :]:
            versions.add(classifier.rsplit(" :: ", 1)[1])
    return versions
