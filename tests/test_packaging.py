"""Checks on the built sdist and wheel.

The ``package`` session in noxfile.py builds both archives, runs
``twine check`` on them and sets CAMDRAM_DIST_DIR to their folder. Without
that variable the ``dist_dir`` fixture builds them with ``python -m build``,
which installs the build backend from the package index.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "allauth_camdram"

# Folders that a site or the emulator reads at run time. Each must contain at
# least one file besides __init__.py, in the source tree and in both archives.
DATA_FOLDERS = [
    "allauth_camdram/templates",
    "allauth_camdram/static",
    "allauth_camdram/migrations",
    "allauth_camdram/emulator/data",
    "allauth_camdram/emulator/templates",
    "allauth_camdram/emulator/migrations",
]

# Files that MANIFEST.in excludes from the sdist, so the source tree may
# contain them although the archives do not.
UNSHIPPED_SUFFIXES = (".pyc", ".pyo", ".pyd", ".sqlite3")

SECRET_SUFFIXES = (".pem", ".key", ".p12", ".sqlite3", ".db", ".env")
SECRET_NAMES = {".env", ".pypirc", ".netrc", "id_rsa", "id_ed25519", "credentials"}

SDIST_TOP_LEVEL = {
    "CHANGELOG.md",
    "LICENSE",
    "MANIFEST.in",
    "PKG-INFO",
    "README.md",
    "allauth_camdram",
    "django_allauth_camdram.egg-info",
    "pyproject.toml",
    "setup.cfg",
}


@pytest.fixture(scope="module")
def dist_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("CAMDRAM_DIST_DIR")
    if configured:
        return Path(configured)

    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def sdist_path(dist_dir: Path) -> Path:
    [path] = dist_dir.glob("*.tar.gz")
    return path


@pytest.fixture(scope="module")
def wheel_path(dist_dir: Path) -> Path:
    [path] = dist_dir.glob("*.whl")
    return path


@pytest.fixture(scope="module")
def sdist_files(sdist_path: Path) -> dict[str, bytes]:
    """Map each regular file's path below the sdist's top folder to its bytes."""
    files = {}
    with tarfile.open(sdist_path) as archive:
        for member in archive.getmembers():
            if not member.isfile():
                continue
            extracted = archive.extractfile(member)
            assert extracted is not None
            relative = PurePosixPath(*PurePosixPath(member.name).parts[1:])
            files[str(relative)] = extracted.read()
    return files


@pytest.fixture(scope="module")
def wheel_files(wheel_path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel_path) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if not name.endswith("/")
        }


@pytest.fixture(scope="module")
def source_files() -> set[str]:
    """Return the package's files in the source tree, as archive paths."""
    files = set()
    for path in (ROOT / PACKAGE).rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        if path.name.endswith(UNSHIPPED_SUFFIXES):
            continue
        files.add(path.relative_to(ROOT).as_posix())
    return files


def test_dist_dir_one_sdist_one_wheel(dist_dir: Path):
    names = sorted(path.name for path in dist_dir.iterdir())

    assert len(names) == 2, names
    assert names[0].endswith("-py3-none-any.whl"), names
    assert names[1].endswith(".tar.gz"), names


def test_sdist_has_every_package_file(
    sdist_files: dict[str, bytes], source_files: set[str]
):
    assert sorted(source_files - sdist_files.keys()) == []


def test_wheel_has_every_package_file(
    wheel_files: dict[str, bytes], source_files: set[str]
):
    assert sorted(source_files - wheel_files.keys()) == []


@pytest.mark.parametrize("archive", ["sdist", "wheel"])
def test_archive_has_py_typed(
    archive: str, sdist_files: dict[str, bytes], wheel_files: dict[str, bytes]
):
    files = sdist_files if archive == "sdist" else wheel_files

    assert files["allauth_camdram/py.typed"] == b""


@pytest.mark.parametrize("folder", DATA_FOLDERS)
def test_data_folder_shipped(
    folder: str,
    source_files: set[str],
    sdist_files: dict[str, bytes],
    wheel_files: dict[str, bytes],
):
    def data_files(names: set[str]) -> list[str]:
        return sorted(
            name
            for name in names
            if name.startswith(folder + "/") and not name.endswith("/__init__.py")
        )

    in_source = data_files(source_files)

    assert in_source != [], f"{folder} has no files in the source tree"
    assert data_files(set(sdist_files)) == in_source
    assert data_files(set(wheel_files)) == in_source


def test_sdist_top_level_entries(sdist_files: dict[str, bytes]):
    top_level = {PurePosixPath(name).parts[0] for name in sdist_files}

    assert top_level == SDIST_TOP_LEVEL


def test_wheel_top_level_entries(wheel_files: dict[str, bytes], wheel_path: Path):
    name, version = wheel_path.name.split("-")[:2]
    top_level = {PurePosixPath(name).parts[0] for name in wheel_files}

    assert top_level == {PACKAGE, f"{name}-{version}.dist-info"}


@pytest.mark.parametrize("archive", ["sdist", "wheel"])
def test_archive_has_no_tests(
    archive: str, sdist_files: dict[str, bytes], wheel_files: dict[str, bytes]
):
    files = sdist_files if archive == "sdist" else wheel_files
    test_files = [
        name
        for name in files
        if "tests" in PurePosixPath(name).parts
        or PurePosixPath(name).name.startswith("test_")
        or PurePosixPath(name).name == "conftest.py"
    ]

    assert test_files == []


@pytest.mark.parametrize("archive", ["sdist", "wheel"])
def test_archive_has_no_secrets(
    archive: str, sdist_files: dict[str, bytes], wheel_files: dict[str, bytes]
):
    files = sdist_files if archive == "sdist" else wheel_files
    secret_names = [
        name
        for name in files
        if PurePosixPath(name).name in SECRET_NAMES
        or name.endswith(SECRET_SUFFIXES)
        or ".git" in PurePosixPath(name).parts
    ]
    private_keys = [name for name, data in files.items() if b"PRIVATE KEY-----" in data]

    assert secret_names == []
    assert private_keys == []


def test_wheel_metadata(wheel_files: dict[str, bytes], wheel_path: Path):
    name, version = wheel_path.name.split("-")[:2]
    raw = wheel_files[f"{name}-{version}.dist-info/METADATA"].decode()
    metadata = Parser().parsestr(raw)

    assert metadata["Name"] == "django-allauth-camdram"
    assert metadata["License-Expression"] == "MIT"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert metadata["Requires-Python"] == ">=3.11"
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata.get_payload().strip() != ""
