"""Settings read from the environment, each checked in a fresh Python process as a server would start.

The test process itself runs on the test settings, which set a SECRET_KEY in os.environ; every subprocess gets a
copy of the environment with the variables under test removed and then set explicitly.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_VARIABLES = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "DATABASE_REPLICA_URL",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_REGION_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_LOCATION",
    "AWS_QUERYSTRING_AUTH",
    "PAGE_CACHE_SECONDS",
    "PAGE_CACHE_STALE_SECONDS",
    "REDIS_URL",
    "CACHE_CONNECT_TIMEOUT",
    "CACHE_READ_TIMEOUT",
    "CACHE_RETRY_AFTER_SECONDS",
    "REQUEST_MAX_BODY_BYTES",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "AXES_IPWARE_PROXY_COUNT",
    "LOG_LEVEL",
    "LOG_FORMAT",
    "DEBUG_TOOLBAR",
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_TIMEOUT",
    "DEFAULT_FROM_EMAIL",
    "PORTAL_BASE_URL",
    "PORTAL_OPERATOR_NAME",
    "PORTAL_OPERATOR_CONTACT",
    "OPEN_DATA_LICENCE_URL",
    "OPEN_DATA_LICENCE_NAME",
    "OPEN_DATA_ROOT",
]
# Read by gunicorn.conf.py only (it reads LOG_LEVEL and LOG_FORMAT too).
GUNICORN_VARIABLES = [
    "WEB_CONCURRENCY",
    "GUNICORN_TIMEOUT",
    "GUNICORN_BIND",
    "PORT",
    "FORWARDED_ALLOW_IPS",
    "GUNICORN_MAX_REQUESTS",
    "GUNICORN_GRACEFUL_TIMEOUT",
    "GUNICORN_PIDFILE",
]
A_REAL_KEY = "k7#QmZ2v!p" * 5  # 50 characters, as long as a key Django generates
START = "import django; django.setup()"
SHOW_SETTINGS = """
import json
import logging
import django
from django.conf import settings

django.setup()
database = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": database["ENGINE"],
    "NAME": str(database["NAME"]),
    "CONN_MAX_AGE": database["CONN_MAX_AGE"],
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "STATIC_ROOT": str(settings.STATIC_ROOT),
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    "LOG_LEVEL": logging.getLevelName(logging.getLogger().level),
}))
"""


def run_python(code, **variables):
    """Runs `code` in the project root with the real settings and, of the variables they read, only those given."""
    env = os.environ.copy()
    for name in SETTINGS_VARIABLES:
        env.pop(name, None)
    env["DJANGO_SETTINGS_MODULE"] = "ibuy_portal.settings"
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def settings_with(**variables):
    result = run_python(SHOW_SETTINGS, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# SECRET_KEY and DEBUG


@pytest.mark.parametrize(
    "variables",
    [
        {},
        {"DEBUG": "0"},
        {"DEBUG": "0", "SECRET_KEY": ""},
        {"DEBUG": "false", "SECRET_KEY": "too-short-a-key"},
        {"DEBUG": "", "SECRET_KEY": "x" * 31},
        {"DEBUG": "0", "SECRET_KEY": "django-insecure-development-only-key-never-used-in-production"},
        {"DEBUG": "0", "SECRET_KEY": "x" * 50},
    ],
    ids=[
        "nothing-set",
        "debug-off-no-key",
        "empty-key",
        "short-key",
        "31-characters",
        "the-development-key",
        "fifty-times-the-same-character",
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(variables):
    result = run_python(START, **variables)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_debug_starts_without_a_key():
    result = run_python(START, DEBUG="1")

    assert result.returncode == 0, result.stderr


def test_production_starts_with_a_real_key():
    result = run_python(START, DEBUG="0", SECRET_KEY=A_REAL_KEY)

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("value", "debug"),
    [(None, False), ("", False), ("0", False), ("no", False), ("1", True), ("true", True), (" On ", True)],
)
def test_debug_is_off_unless_switched_on(value, debug):
    variables = {"SECRET_KEY": A_REAL_KEY} if value is None else {"SECRET_KEY": A_REAL_KEY, "DEBUG": value}

    assert settings_with(**variables)["DEBUG"] is debug


# DATABASE_URL


def test_sqlite_in_the_project_folder_is_the_default():
    settings = settings_with(DEBUG="0", SECRET_KEY=A_REAL_KEY)

    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["NAME"] == str(PROJECT_ROOT / "db.sqlite3")


def test_database_url_selects_postgresql():
    settings = settings_with(
        DEBUG="0", SECRET_KEY=A_REAL_KEY, DATABASE_URL="postgres://ibuy:secret@db.example.org:5432/ibuy_portal"
    )

    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert settings["NAME"] == "ibuy_portal"


# ALLOWED_HOSTS

TWO_HOSTS = ["ibuy.example.org", "www.ibuy.example.org"]


@pytest.mark.parametrize(
    ("variables", "hosts"),
    [
        ({"ALLOWED_HOSTS": "ibuy.example.org,www.ibuy.example.org"}, TWO_HOSTS),
        ({"ALLOWED_HOSTS": " ibuy.example.org , ,www.ibuy.example.org, "}, TWO_HOSTS),
        ({}, []),
        ({"DEBUG": "1"}, ["127.0.0.1", "localhost"]),
        ({"DEBUG": "1", "ALLOWED_HOSTS": "ibuy.example.org"}, ["ibuy.example.org"]),
    ],
    ids=["comma-separated", "spaces-and-empty-items", "production-default", "debug-default", "debug-with-value"],
)
def test_allowed_hosts_from_the_environment(variables, hosts):
    assert settings_with(SECRET_KEY=A_REAL_KEY, **variables)["ALLOWED_HOSTS"] == hosts


# Empty values and the example environment


@pytest.mark.parametrize(
    ("name", "setting", "default"),
    [
        ("DATABASE_URL", "ENGINE", "django.db.backends.sqlite3"),
        ("DATABASE_CONN_MAX_AGE", "CONN_MAX_AGE", 0),
        ("STATIC_ROOT", "STATIC_ROOT", str(PROJECT_ROOT / "staticfiles")),
        ("MEDIA_ROOT", "MEDIA_ROOT", str(PROJECT_ROOT / "media")),
        ("LOG_LEVEL", "LOG_LEVEL", "INFO"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS", []),
    ],
    ids=["DATABASE_URL", "DATABASE_CONN_MAX_AGE", "STATIC_ROOT", "MEDIA_ROOT", "LOG_LEVEL", "ALLOWED_HOSTS"],
)
def test_a_variable_set_but_empty_means_its_default(name, setting, default):
    """`.env.example` has lines such as `STATIC_ROOT=`; copied as they are, they must not change anything."""
    assert settings_with(SECRET_KEY=A_REAL_KEY, **{name: ""})[setting] == default


def example_environment():
    lines = (PROJECT_ROOT / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def test_the_example_environment_lists_every_variable_the_settings_read():
    settings_source = (PROJECT_ROOT / "ibuy_portal" / "settings.py").read_text()
    # Every call whose first argument is an upper-case name, like env_bool("DEBUG") or os.environ.get("LOG_LEVEL").
    read = set(re.findall(r"""\(\s*["']([A-Z][A-Z0-9_]*)["']""", settings_source)) | {"DATABASE_URL"}

    gunicorn_source = (PROJECT_ROOT / "gunicorn.conf.py").read_text()
    read_by_gunicorn = set(
        re.findall(r"""(?:_env\(|os\.environ\[|os\.environ\.get\()\s*["']([A-Z][A-Z0-9_]*)["']""", gunicorn_source)
    )

    assert read == set(SETTINGS_VARIABLES)
    assert read_by_gunicorn - read == set(GUNICORN_VARIABLES)
    assert set(example_environment()) == read | read_by_gunicorn


def test_the_example_environment_with_a_key_starts_with_safe_paths():
    variables = {**example_environment(), "SECRET_KEY": A_REAL_KEY}

    settings = settings_with(**variables)

    assert settings["DEBUG"] is False
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert settings["STATIC_ROOT"] == str(PROJECT_ROOT / "staticfiles")
    assert settings["MEDIA_ROOT"] == str(PROJECT_ROOT / "media")
