"""Logs: one line per request with its duration, and every error with the request it came from."""

import json
import logging
import re
import sys
import urllib.request

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import path

from ibuy_portal.log import JsonFormatter, RequestFormatter, formatter_path
from ibuy_portal.urls import urlpatterns as portal_urlpatterns
from tests.test_production_settings import PRODUCTION, run, running_gunicorn


def broken_view(request):
    raise RuntimeError("something the view did not expect")


def noisy_view(request):
    logging.getLogger("ibuy_portal").warning("The view had something to say")
    return HttpResponse("Said it")


urlpatterns = [*portal_urlpatterns, path("broken/", broken_view), path("noisy/", noisy_view)]
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


# The request id, and LOG_FORMAT=json


def json_lines(caplog, logger="ibuy_portal.requests"):
    return [json.loads(JsonFormatter().format(record)) for record in caplog.records if record.name == logger]


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_every_response_carries_its_own_request_id(client, secretariat_client, settings):
    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    client.raise_request_exception = False
    responses = [
        client.get("/about/"),
        client.get("/about/"),  # from the page cache
        client.get("/no-such-page/"),
        client.get("/broken/"),
        client.get("/admin/"),  # a redirect to the login page
        client.head("/healthz"),
        secretariat_client.get("/admin/"),
    ]
    caches["pages"].clear()
    assert [response.status_code for response in responses] == [200, 200, 404, 500, 302, 200, 200]
    assert responses[1]["X-Page-Cache"] == "hit"
    ids = [response["X-Request-ID"] for response in responses]
    assert all(re.fullmatch(r"[0-9a-f]{32}", request_id) for request_id in ids), ids
    assert len(set(ids)) == len(ids)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("incoming", "kept"),
    [
        ("7b1c0e7a-2f4d-4c55-9a0e-3f1d2b6c8e90", True),  # a uuid
        ("a3f5c1d2e4b6a8c0d2e4f6a8b0c2d4e6", True),  # nginx's $request_id
        ("Root=1-67891233-abcdef012345678912345678", True),  # a load balancer's trace id
        ("short", False),
        ("x" * 129, False),
        ("two words here", False),
        ('"quoted-request-id"', False),
        ("forged-id\nERROR something else", False),
        ("", False),
    ],
)
def test_a_well_formed_request_id_from_the_proxy_is_kept_anything_else_replaced(client, caplog, incoming, kept):
    caplog.set_level(logging.INFO, logger="ibuy_portal.requests")
    response = client.get("/accessibility/", headers={"X-Request-ID": incoming})
    if kept:
        assert response["X-Request-ID"] == incoming
    else:
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])
    assert json_lines(caplog)[-1]["request_id"] == response["X-Request-ID"]


@pytest.mark.django_db
def test_with_log_format_json_a_request_is_one_json_object_with_its_fields(client, caplog):
    caplog.set_level(logging.INFO, logger="ibuy_portal.requests")
    response = client.get("/practices/?instrument=pcp")
    (line,) = json_lines(caplog)
    assert line.keys() >= {"time", "level", "logger", "message", "method", "path", "status", "duration_ms"}
    assert line.keys() >= {"request_id", "user_kind", "page_cache"}
    assert (line["method"], line["path"], line["status"]) == ("GET", "/practices/?instrument=pcp", 200)
    assert (line["user_kind"], line["page_cache"], line["level"]) == ("anonymous", "-", "INFO")
    assert line["request_id"] == response["X-Request-ID"]
    assert isinstance(line["duration_ms"], float)
    assert line["duration_ms"] > 0
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])
    assert line["message"] == request_lines(caplog)[0]  # the plain line, as the message


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_with_log_format_json_an_error_carries_its_request_id_and_traceback(client, caplog):
    client.raise_request_exception = False
    response = client.get("/broken/?page=3")
    (error,) = json_lines(caplog, logger="django.request")
    assert (error["level"], error["status"]) == ("ERROR", 500)
    assert (error["method"], error["path"]) == ("GET", "/broken/?page=3")
    assert error["request_id"] == response["X-Request-ID"]
    assert error["user_kind"] == "anonymous"
    assert "RuntimeError: something the view did not expect" in error["exception"]
    assert json_lines(caplog)[-1]["request_id"] == response["X-Request-ID"]


class FormattedAsWritten(logging.Handler):
    """Formats each record when it is written, as the handler on standard output does."""

    def __init__(self):
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_with_log_format_json_whatever_is_logged_during_a_request_carries_its_id(client):
    handler = FormattedAsWritten()
    logging.getLogger("ibuy_portal").addHandler(handler)
    try:
        response = client.get("/noisy/")
    finally:
        logging.getLogger("ibuy_portal").removeHandler(handler)
    said = [line for line in handler.lines if line["message"] == "The view had something to say"]
    assert [line["request_id"] for line in said] == [response["X-Request-ID"]]


def test_a_record_outside_any_request_has_no_request_fields():
    record = logging.LogRecord("ibuy_portal", logging.WARNING, __file__, 1, "Disk %s", ("full",), None)
    assert json.loads(JsonFormatter().format(record)).keys() == {"time", "level", "logger", "message"}


def test_log_format_chooses_the_formatter_and_refuses_a_name_it_does_not_know():
    assert formatter_path("json") == "ibuy_portal.log.JsonFormatter"
    assert formatter_path(" Plain ") == "ibuy_portal.log.RequestFormatter"
    with pytest.raises(ValueError, match="LOG_FORMAT must be one of plain, json, not 'xml'"):
        formatter_path("xml")


def test_under_gunicorn_with_log_format_json_every_line_is_json(tmp_path):
    """The portal's request lines and gunicorn's own messages alike, as a log collector reads them."""
    database = tmp_path / "portal.sqlite3"
    migrate = run(
        [sys.executable, "manage.py", "migrate", "--noinput"], DATABASE_URL=f"sqlite:///{database}", **PRODUCTION
    )
    assert migrate.returncode == 0, migrate.stderr
    with running_gunicorn(tmp_path, DATABASE_URL=f"sqlite:///{database}", LOG_FORMAT="json") as (base, output):
        request = urllib.request.Request(f"{base}/practices/?page=1", headers={"X-Request-ID": "proxy-1234-abcd"})
        with urllib.request.urlopen(request) as response:
            assert response.status == 200
            assert response.headers["X-Request-ID"] == "proxy-1234-abcd"
    lines = [json.loads(line) for line in output.read_text().splitlines()]
    requests = [line for line in lines if line["logger"] == "ibuy_portal.requests"]
    assert any(line["message"].startswith("Booting worker") for line in lines)  # gunicorn's own, in JSON too
    assert {"method": "GET", "path": "/practices/?page=1", "status": 200, "request_id": "proxy-1234-abcd"}.items() <= (
        requests[-1].items()
    )
