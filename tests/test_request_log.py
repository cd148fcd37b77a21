"""Logs: one line per request with its duration, and every error with the request it came from."""

import logging
import re

import pytest
from django.core.cache import caches
from django.urls import path

from ibuy_portal.log import RequestFormatter
from ibuy_portal.urls import urlpatterns as portal_urlpatterns


def broken_view(request):
    raise RuntimeError("something the view did not expect")


urlpatterns = [*portal_urlpatterns, path("broken/", broken_view)]
LINE = re.compile(r"^(GET|HEAD|POST) (\S+) (\d{3}) (\d+\.\d)ms user=(\w+) cache=(\S+)$")


def request_lines(caplog):
    return [record.getMessage() for record in caplog.records if record.name == "ibuy_portal.requests"]


@pytest.mark.django_db
def test_one_line_per_request_with_method_path_status_and_duration(client, caplog):
    caplog.set_level(logging.INFO, logger="ibuy_portal.requests")
    client.get("/practices/?instrument=pcp")
    client.get("/no-such-page/")
    lines = request_lines(caplog)
    assert len(lines) == 2
    first, second = (LINE.match(line) for line in lines)
    assert first.group(1, 2, 3, 5, 6) == ("GET", "/practices/?instrument=pcp", "200", "anonymous", "-")
    assert second.group(2, 3) == ("/no-such-page/", "404")
    assert float(first.group(4)) > 0


@pytest.mark.django_db
def test_staff_requests_are_marked_as_such(secretariat_client, caplog):
    caplog.set_level(logging.INFO, logger="ibuy_portal.requests")
    secretariat_client.get("/admin/")
    assert request_lines(caplog)[-1].startswith("GET /admin/ 200 ")
    assert request_lines(caplog)[-1].endswith("user=staff cache=-")


@pytest.mark.django_db
def test_the_page_cache_answer_is_on_the_line(client, caplog, settings):
    settings.PAGE_CACHE_SECONDS = 60
    caplog.set_level(logging.INFO, logger="ibuy_portal.requests")
    caches["pages"].clear()
    client.get("/about/")
    client.get("/about/")
    assert [line.rsplit(" ", 1)[1] for line in request_lines(caplog)] == ["cache=miss", "cache=hit"]
    caches["pages"].clear()


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_an_error_is_logged_with_the_request_it_came_from(client, caplog):
    client.raise_request_exception = False
    response = client.get("/broken/?page=3")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    errors = [record for record in caplog.records if record.name == "django.request"]
    assert len(errors) == 1
    text = RequestFormatter().format(errors[0])
    first_line = text.splitlines()[0]
    assert "ERROR django.request: Internal Server Error: /broken/" in first_line
    assert first_line.endswith("[request: GET /broken/?page=3 user=anonymous]")
    assert "RuntimeError: something the view did not expect" in text  # with its traceback below
    assert request_lines(caplog)[-1].startswith("GET /broken/?page=3 500 ")


def test_a_record_without_a_request_is_one_plain_line():
    record = logging.LogRecord("ibuy_portal", logging.WARNING, __file__, 1, "Disk %s", ("full",), None)
    assert RequestFormatter().format(record).endswith(" WARNING ibuy_portal: Disk full")


def test_logs_go_to_standard_output(settings):
    """The real output is checked under gunicorn in tests/test_production_settings.py."""
    handler = settings.LOGGING["handlers"][settings.LOGGING["root"]["handlers"][0]]
    assert handler["stream"] == "ext://sys.stdout"
    assert settings.LOGGING["formatters"][handler["formatter"]]["()"] == "ibuy_portal.log.RequestFormatter"
