"""The production settings path: environment only, Django's deployment check clean, gunicorn's configuration.

Each check runs in a fresh Python process with the real settings, as a server would start.
"""

import contextlib
import functools
import json
import os
import runpy
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from ibuy_portal import db_routers
from ibuy_portal.client_ip import client_ip
from ibuy_portal.db_routers import PrimaryForStaffMiddleware, ReplicaRouter, primary_only

PROJECT_ROOT = Path(__file__).resolve().parent.parent
A_REAL_KEY = "k7#QmZ2v!p" * 5
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": A_REAL_KEY, "ALLOWED_HOSTS": "ibuy.example.eu"}
# The body responsible for the portal, as a deployment names it (no source does; see ibuy_portal/checks.py).
OPERATOR = {
    "PORTAL_OPERATOR_NAME": "Agency for Accessible Portals",
    "PORTAL_OPERATOR_CONTACT": "web@agency.example.eu",
}
SHOW = """
import json
import django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name, None) for name in %r}, default=str))
"""


def clean_environment(**variables):
    """This process's environment without any setting the portal reads, then the given variables."""
    example = (PROJECT_ROOT / ".env.example").read_text().splitlines()
    names = {line.split("=", 1)[0] for line in example if "=" in line and not line.startswith("#")}
    # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE in the test process; no server would have it.
    names.add("DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {name: value for name, value in os.environ.items() if name not in names}
    env["DJANGO_SETTINGS_MODULE"] = "ibuy_portal.settings"
    env.update(variables)
    return env


def run(arguments, **variables):
    return subprocess.run(
        arguments,
        cwd=PROJECT_ROOT,
        env=clean_environment(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(*names, **variables):
    result = run([sys.executable, "-c", SHOW % (names,)], **{**PRODUCTION, **variables})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_deployment_check_passes_with_no_warning():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DATABASE_URL="postgres://ibuy@db.example.eu:5432/ibuy",
        **PRODUCTION,
        **OPERATOR,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deployment_check_warns_while_the_portal_operator_is_not_named():
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode != 0
    assert "?: (ibuy.W001) The body responsible for the portal is not named" in result.stderr
    assert "Set PORTAL_OPERATOR_NAME and PORTAL_OPERATOR_CONTACT" in result.stderr


def test_the_deployment_check_warns_when_the_operator_has_no_contact():
    result = run([sys.executable, "manage.py", "check", "--deploy"], PORTAL_OPERATOR_NAME="Agency A", **PRODUCTION)
    assert "(ibuy.W002) The portal's operator (Agency A) has no contact" in result.stderr
    assert "ibuy.W001" not in result.stderr


def test_the_operator_is_not_a_deployment_matter_for_the_plain_check():
    result = run([sys.executable, "manage.py", "check", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("contact", ["web@agency.example.eu", "https://agency.example.eu/contact/"])
def test_the_operator_and_its_contact_come_from_the_environment(contact):
    settings = production_settings(
        "PORTAL_OPERATOR_NAME",
        "PORTAL_OPERATOR_CONTACT",
        PORTAL_OPERATOR_NAME=" Agency A ",
        PORTAL_OPERATOR_CONTACT=contact,
    )
    assert settings == {"PORTAL_OPERATOR_NAME": "Agency A", "PORTAL_OPERATOR_CONTACT": contact}


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"PORTAL_OPERATOR_NAME": "Agency A", "PORTAL_OPERATOR_CONTACT": "not an address"}, "must be an e-mail"),
        ({"PORTAL_OPERATOR_NAME": "Agency A", "PORTAL_OPERATOR_CONTACT": "javascript://x"}, "must be an e-mail"),
        ({"PORTAL_OPERATOR_NAME": "Agency A", "PORTAL_OPERATOR_CONTACT": "ftp://agency.example.eu"}, "must be an"),
        ({"PORTAL_OPERATOR_CONTACT": "web@agency.example.eu"}, "set without PORTAL_OPERATOR_NAME"),
        ({"PORTAL_OPERATOR_NAME": "A" * 201}, "PORTAL_OPERATOR_NAME is longer than 200 characters"),
    ],
    ids=["not-an-address", "javascript", "ftp", "contact-without-name", "name-too-long"],
)
def test_a_bad_operator_setting_stops_the_start_with_its_name(variables, message):
    result = run([sys.executable, "-c", "import django; django.setup()"], **{**PRODUCTION, **variables})
    assert result.returncode != 0
    assert message in result.stderr


def test_the_deployment_check_warns_when_https_is_switched_off():
    result = run([sys.executable, "manage.py", "check", "--deploy"], SECURE_SSL_REDIRECT="0", **PRODUCTION)
    assert "security.W008" in result.stderr + result.stdout


def test_production_is_secure_by_default():
    settings = production_settings(
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "X_FRAME_OPTIONS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "SECURE_CROSS_ORIGIN_OPENER_POLICY",
        "SECURE_PROXY_SSL_HEADER",
        "STORAGES",
        "PAGE_CACHE_SECONDS",
    )
    assert settings["DEBUG"] is False
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SECURE_HSTS_SECONDS"] == 31536000
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["SESSION_COOKIE_HTTPONLY"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["X_FRAME_OPTIONS"] == "DENY"
    assert settings["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert settings["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert settings["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"
    assert settings["SECURE_PROXY_SSL_HEADER"] is None  # trusted only when a proxy is declared
    assert settings["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert settings["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert settings["PAGE_CACHE_SECONDS"] == 300


def test_the_content_security_policy_allows_no_inline_code():
    policy = production_settings("CONTENT_SECURITY_POLICY")["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


def test_behind_a_proxy_its_https_header_is_trusted():
    settings = production_settings("SECURE_PROXY_SSL_HEADER", SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto")
    assert settings["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_plain_http_on_loopback_for_the_benchmark():
    assert production_settings("SECURE_SSL_REDIRECT", SECURE_SSL_REDIRECT="0")["SECURE_SSL_REDIRECT"] is False


def test_redis_serves_both_caches_when_named():
    caches = production_settings("CACHES", REDIS_URL="redis://cache.example.eu:6379/2")["CACHES"]
    # Rendered cards stay in each process's memory: a lost Redis must not turn them into errors.
    assert {alias: cache["BACKEND"] for alias, cache in caches.items()} == {
        "default": "django.core.cache.backends.redis.RedisCache",
        "pages": "django.core.cache.backends.redis.RedisCache",
        "fragments": "django.core.cache.backends.locmem.LocMemCache",
    }
    assert caches["pages"]["LOCATION"] == "redis://cache.example.eu:6379/2"
    assert caches["pages"]["KEY_PREFIX"] != caches["default"]["KEY_PREFIX"]


def test_local_memory_without_redis_and_page_cache_seconds_from_the_environment():
    settings = production_settings("CACHES", "PAGE_CACHE_SECONDS", PAGE_CACHE_SECONDS="0")
    assert settings["CACHES"]["pages"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings["PAGE_CACHE_SECONDS"] == 0


def test_a_read_replica_gets_its_own_alias_and_the_router():
    settings = production_settings(
        "DATABASES",
        "DATABASE_ROUTERS",
        DATABASE_URL="postgres://ibuy@primary.example.eu:5432/ibuy",
        DATABASE_REPLICA_URL="postgres://ibuy@replica.example.eu:5432/ibuy",
        DATABASE_CONN_MAX_AGE="60",
    )
    replica = settings["DATABASES"]["replica"]
    assert replica["HOST"] == "replica.example.eu"
    assert replica["CONN_MAX_AGE"] == 60
    assert replica["CONN_HEALTH_CHECKS"] is True
    assert replica["TEST"]["MIRROR"] == "default"
    assert settings["DATABASE_ROUTERS"] == ["ibuy_portal.db_routers.ReplicaRouter"]


def test_no_replica_no_router():
    assert production_settings("DATABASE_ROUTERS")["DATABASE_ROUTERS"] == []


def test_uploads_go_to_object_storage_when_a_bucket_is_named():
    settings = production_settings(
        "STORAGES",
        "CONTENT_SECURITY_POLICY",
        AWS_STORAGE_BUCKET_NAME="ibuy-media",
        AWS_S3_REGION_NAME="eu-west-1",
    )
    media = settings["STORAGES"]["default"]
    assert media["BACKEND"] == "storages.backends.s3.S3Storage"
    assert media["OPTIONS"]["bucket_name"] == "ibuy-media"
    assert media["OPTIONS"]["querystring_auth"] is True
    assert media["OPTIONS"]["file_overwrite"] is False
    images = settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert "https://ibuy-media.s3.eu-west-1.amazonaws.com" in images


def test_a_cdn_domain_for_uploads_is_the_only_outside_origin_for_images():
    settings = production_settings(
        "CONTENT_SECURITY_POLICY", AWS_STORAGE_BUCKET_NAME="ibuy-media", AWS_S3_CUSTOM_DOMAIN="media.ibuy.example.eu"
    )
    assert settings["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"] == [
        "'self'",
        "data:",
        "https://media.ibuy.example.eu",
    ]


@pytest.mark.parametrize("name", ["PAGE_CACHE_SECONDS", "DATABASE_CONN_MAX_AGE", "SECURE_HSTS_SECONDS"])
def test_a_number_that_is_not_one_stops_the_start_with_its_name(name):
    result = run([sys.executable, "-c", "import django; django.setup()"], **{**PRODUCTION, name: "five"})
    assert result.returncode != 0
    assert f"{name} must be a whole number" in result.stderr


@override_settings(AXES_IPWARE_PROXY_COUNT=1)
@pytest.mark.parametrize(
    ("forwarded", "address"),
    [("203.0.113.7", "203.0.113.7"), ("198.51.100.1, 203.0.113.7", "203.0.113.7"), ("", "10.0.0.2")],
    ids=["one-proxy", "spoofed-entry-on-the-left-ignored", "no-header"],
)
def test_behind_one_proxy_lockouts_see_the_visitors_address(forwarded, address):
    request = RequestFactory().get("/admin/login/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == address


# gunicorn


def gunicorn_settings(monkeypatch, **variables):
    for name in ("WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "GUNICORN_BIND", "PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(PROJECT_ROOT / "gunicorn.conf.py"))


def test_gunicorn_takes_workers_timeout_and_address_from_the_environment(monkeypatch):
    config = gunicorn_settings(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="45", GUNICORN_BIND="0.0.0.0:9000")
    assert config["workers"] == 3
    assert config["timeout"] == 45
    assert config["bind"] == ["0.0.0.0:9000"]
    assert config["control_socket_disable"] is True
    assert config["accesslog"] is None  # the portal logs each request itself


def test_gunicorn_defaults(monkeypatch):
    config = gunicorn_settings(monkeypatch)
    assert config["workers"] == os.cpu_count() * 2 + 1
    assert config["timeout"] == 30
    assert config["bind"] == ["127.0.0.1:8000"]
    assert gunicorn_settings(monkeypatch, PORT="5000")["bind"] == ["0.0.0.0:5000"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@functools.cache
def collected_static():
    """Static files gathered once per test process, hashed and compressed as in production."""
    root = tempfile.mkdtemp(prefix="ibuy-test-collected-static-")
    result = run([sys.executable, "manage.py", "collectstatic", "--noinput"], STATIC_ROOT=root, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    return root


@contextlib.contextmanager
def running_gunicorn(tmp_path, **variables):
    """gunicorn with gunicorn.conf.py and the production settings; yields its address and its output file."""
    port = free_port()
    output = tmp_path / "gunicorn.log"
    env = {
        **PRODUCTION,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "PAGE_CACHE_SECONDS": "0",
        "STATIC_ROOT": collected_static(),
        **variables,
    }
    with output.open("w") as log:
        process = subprocess.Popen(
            [str(PROJECT_ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py", "ibuy_portal.wsgi"],
            cwd=PROJECT_ROOT,
            env=clean_environment(**env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=5).close()
                break
            except urllib.error.HTTPError:
                break  # it answers
            except OSError:
                assert process.poll() is None, output.read_text()
                assert time.monotonic() < deadline, output.read_text()
                time.sleep(0.2)  # polling for the server to listen
        yield base, output
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_gunicorn_starts_the_portal_and_logs_each_request_to_standard_output(tmp_path):
    database = tmp_path / "portal.sqlite3"
    migrate = run(
        [sys.executable, "manage.py", "migrate", "--noinput"], DATABASE_URL=f"sqlite:///{database}", **PRODUCTION
    )
    assert migrate.returncode == 0, migrate.stderr
    with running_gunicorn(tmp_path, DATABASE_URL=f"sqlite:///{database}") as (base, output):
        with urllib.request.urlopen(f"{base}/practices/?page=1") as response:
            assert response.status == 200
            assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        with urllib.request.urlopen(f"{base}/static/css/portal.css") as response:
            assert response.status == 200  # whitenoise
    log = output.read_text()
    lines = [line for line in log.splitlines() if "ibuy_portal.requests" in line]
    assert any(" GET /practices/?page=1 200 " in line and "ms user=anonymous" in line for line in lines), log
    assert any(" GET /static/css/portal.css 200 " in line for line in lines), log
    assert "Booting worker" in log  # gunicorn's own messages on the same output


# The read replica's router


WITH_REPLICA = {
    "default": {"ENGINE": "django.db.backends.sqlite3"},
    "replica": {"ENGINE": "django.db.backends.sqlite3"},
}


def reads_go_to(request):
    """The database a read would use while the request is answered."""
    answer = {}

    def view(request):
        answer["database"] = ReplicaRouter().db_for_read(None)
        return None

    PrimaryForStaffMiddleware(view)(request)
    return answer["database"]


def test_without_a_replica_everything_uses_the_primary():
    router = ReplicaRouter()
    assert router.db_for_read(None) == "default"
    assert router.db_for_write(None) == "default"
    assert reads_go_to(RequestFactory().get("/practices/")) == "default"


def test_with_a_replica_visitors_read_from_it_and_everything_else_uses_the_primary(monkeypatch):
    monkeypatch.setattr(db_routers, "has_replica", lambda: True)
    # No replica database is configured here; tests/test_read_replica.py uses a real one.
    monkeypatch.setattr(db_routers.ReplicaState, "answers", classmethod(lambda cls: True))
    router = ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "practices") is False
    assert router.allow_migrate("default", "practices") is True
    with primary_only():
        assert router.db_for_read(None) == "default"
    assert router.db_for_read(None) == "replica"

    factory = RequestFactory()
    assert reads_go_to(factory.get("/practices/")) == "replica"
    assert reads_go_to(factory.post("/admin/login/")) == "default"
    signed_in = factory.get("/practices/")
    signed_in.COOKIES["sessionid"] = "abc"
    assert reads_go_to(signed_in) == "default"
