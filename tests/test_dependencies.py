"""The dependencies: chosen in requirements*.in, locked with hashes in requirements*.txt (made by `make lock`), the
runtime's pins the same in both locks, and installed as locked; psycopg 3 under Django's PostgreSQL backend."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from django.db import connection
from packaging.markers import Marker
from packaging.utils import canonicalize_name

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENTRY = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)(\[[^\]]*\])?==(?P<version>\S+)(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\?$")


def chosen(name):
    """The packages an .in file names, with their pinned versions."""
    pins = {}
    for line in (PROJECT_ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            match = ENTRY.match(line)
            assert match, f"{name}: {line!r} is not pinned with =="
            pins[canonicalize_name(match["name"])] = match["version"]
    return pins


def locked(name):
    """Every package of a lock: (version, marker, hashes)."""
    entries, current = {}, None
    for line in (PROJECT_ROOT / name).read_text().splitlines():
        if line.startswith((" ", "\t")):
            hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", line)
            if current and hashes:
                entries[current][2].extend(hashes)
        elif line and not line.startswith("#"):
            match = ENTRY.match(line)
            assert match, f"{name}: {line!r} is not a pinned requirement"
            current = canonicalize_name(match["name"])
            entries[current] = (match["version"], match["marker"], [])
    return entries


@pytest.mark.parametrize("lock", ["requirements.txt", "requirements-dev.txt"])
def test_every_locked_package_is_pinned_with_its_hashes(lock):
    entries = locked(lock)
    assert len(entries) > 15
    assert [name for name, (_, _, hashes) in entries.items() if not hashes] == []


@pytest.mark.parametrize(
    ("chosen_in", "lock"), [("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")]
)
def test_every_chosen_package_is_locked_at_its_chosen_version(chosen_in, lock):
    entries = locked(lock)
    assert {name: entries.get(name, (None,))[0] for name in chosen(chosen_in)} == chosen(chosen_in)


def test_the_test_lock_installs_the_runtime_exactly_as_the_runtime_lock_does():
    runtime, everything = locked("requirements.txt"), locked("requirements-dev.txt")
    assert {name: everything.get(name) for name in runtime} == runtime
    assert "-r requirements.in" in (PROJECT_ROOT / "requirements-dev.in").read_text()


def test_what_is_installed_is_what_the_test_lock_says():
    wrong = {}
    for name, (version, marker, _) in locked("requirements-dev.txt").items():
        if marker and not Marker(marker).evaluate():
            continue  # for another platform or Python
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            wrong[name] = (version, installed)
    assert wrong == {}, "locked (version, installed); run `make install-dev`"


def test_psycopg_3_not_psycopg2():
    assert "psycopg" in locked("requirements.txt")
    assert "psycopg-binary" in locked("requirements.txt")
    assert "psycopg2-binary" not in locked("requirements-dev.txt")
    assert "psycopg2" not in locked("requirements-dev.txt")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Django's PostgreSQL backend loads its driver there")
@pytest.mark.django_db
def test_django_talks_to_postgresql_through_psycopg_3():
    assert connection.Database.__name__ == "psycopg"
    assert connection.Database.__version__.startswith("3.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text", ["through psycopg 3"])
        assert cursor.fetchone() == ("through psycopg 3",)


def test_the_project_table_says_which_python_and_coverage_has_a_floor_under_the_readmes_figure():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    assert pyproject["project"]["requires-python"] == ">=3.11"
    assert {"name", "version", "description"} <= pyproject["project"].keys()
    floor = pyproject["tool"]["coverage"]["report"]["fail_under"]
    figure = re.search(r"covers (\d+(?:\.\d+)?) % of the portal's code", (PROJECT_ROOT / "README.md").read_text())
    assert figure, "the README states the coverage figure"
    assert float(figure[1]) - 2 <= floor < float(figure[1])
