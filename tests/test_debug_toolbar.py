"""django-debug-toolbar: on the pages of a development server only (DEBUG on, requirements-dev.txt installed), never
with DEBUG off and never under the tests, its URLs included.

The development cases run in a fresh Python process with the real settings, as `make serve` starts them, and
without pytest's PYTEST_VERSION in its environment (pytest sets it for everything it starts).
"""

import json

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from tests.test_settings import A_REAL_KEY, run_python

# What a server process loads, and a page answered through its whole middleware stack with no database: the
# toolbar's parts on it, if any. With DEBUG off the page is not rendered: its static files need collectstatic.
SHOW_TOOLBAR = """
import json
import django
from django.conf import settings
from django.test import Client
from django.urls import NoReverseMatch, reverse

django.setup()
try:
    urls = bool(reverse("djdt:render_panel"))
except NoReverseMatch:
    urls = False
page = Client(REMOTE_ADDR="127.0.0.1").get("/accessibility/", HTTP_HOST="127.0.0.1") if settings.DEBUG else None
print(json.dumps({
    "installed": "debug_toolbar" in settings.INSTALLED_APPS,
    "middleware": any("debug_toolbar" in name for name in settings.MIDDLEWARE),
    "urls": urls,
    "on_the_page": page is not None and 'id="djDebug"' in page.content.decode(),
}))
"""
NOTHING = {"installed": False, "middleware": False, "urls": False, "on_the_page": False}


@pytest.fixture
def server_with(tmp_path, monkeypatch):
    """A server process's view of the toolbar, started as `make serve` starts one: not by pytest."""
    monkeypatch.delenv("PYTEST_VERSION", raising=False)

    def start(**variables):
        result = run_python(SHOW_TOOLBAR, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}", **variables)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.splitlines()[-1])  # after the request's log line

    return start


def test_the_development_server_shows_the_toolbar(server_with):
    assert server_with(DEBUG="1") == {"installed": True, "middleware": True, "urls": True, "on_the_page": True}


@pytest.mark.parametrize(
    "variables",
    [
        {"DEBUG": "0", "SECRET_KEY": A_REAL_KEY, "ALLOWED_HOSTS": "127.0.0.1"},
        {"DEBUG": "1", "DEBUG_TOOLBAR": "0"},
    ],
    ids=["debug-off", "switched-off"],
)
def test_no_toolbar_with_debug_off_or_switched_off(server_with, variables):
    assert server_with(**variables) == NOTHING


def test_no_toolbar_in_a_process_that_pytest_started_even_with_debug_on(server_with, monkeypatch):
    monkeypatch.setenv("PYTEST_VERSION", "9.2.0")
    assert server_with(DEBUG="1") == NOTHING


def test_the_test_settings_load_no_toolbar_and_route_none_of_its_urls(client):
    assert settings.DEBUG_TOOLBAR is False
    assert "debug_toolbar" not in settings.INSTALLED_APPS
    assert not [name for name in settings.MIDDLEWARE if "debug_toolbar" in name]
    with pytest.raises(NoReverseMatch):
        reverse("djdt:render_panel")
    assert client.get("/__debug__/render_panel/").status_code == 404
