"""Request bodies above REQUEST_MAX_BODY_BYTES (the largest upload plus a margin) are refused with a plain 413 page
before anything reads them; a body sent without a length is refused with 411."""

import io

import pytest
from django.core.handlers.wsgi import WSGIHandler

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class UnreadableBody(io.RawIOBase):
    """A body stream that fails the test if anything reads from it."""

    def readable(self):
        return True

    def readinto(self, buffer):
        raise AssertionError("the body was read")


def wsgi_post(path, **environ):
    """POSTs straight through the WSGI handler, as gunicorn would, with the given environ entries."""
    status_and_headers = {}

    def start_response(status, headers, exc_info=None):
        status_and_headers.update(status=status, headers=dict(headers))

    base = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BufferedReader(UnreadableBody()),
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": "multipart/form-data; boundary=xyz",
    }
    response = WSGIHandler()({**base, **environ}, start_response)
    body = b"".join(response)
    response.close()
    return int(status_and_headers["status"].split()[0]), status_and_headers["headers"], body.decode()


def test_the_default_limit_is_the_largest_upload_plus_a_margin(settings):
    assert settings.REQUEST_MAX_BODY_BYTES == settings.UPLOAD_MAX_DOCUMENT_BYTES + 5 * MB == 25 * MB


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/practices/goodpractice/add/", "/", "/no-such-page/"])
def test_a_body_above_the_limit_is_refused_before_it_is_read(path):
    status, headers, text = wsgi_post(path, CONTENT_LENGTH=str(60 * MB))

    assert status == 413
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "This request is 60.0 MB; the portal accepts at most 25.0 MB" in text
    assert "images up to 5.0 MB, documents up to 20.0 MB" in text


def test_a_body_without_a_length_is_refused_unread():
    status, _headers, text = wsgi_post("/admin/login/", HTTP_TRANSFER_ENCODING="chunked")

    assert status == 411
    assert "This request has no Content-Length" in text


def test_a_body_within_the_limit_is_read_as_usual(client):
    UserFactory(username="editor", password="a long pass phrase 42", is_staff=True)

    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "a long pass phrase 42", "next": "/admin/", "padding": "x" * MB},
    )

    assert response.status_code == 302


def test_the_limit_comes_from_the_setting(client, settings):
    settings.REQUEST_MAX_BODY_BYTES = 1000

    response = client.post("/admin/login/", {"username": "editor", "password": "x" * 2000})

    assert response.status_code == 413
    assert "the portal accepts at most 1000\xa0bytes".replace("\xa0", " ") in response.text


@pytest.mark.parametrize("length", ["", "abc", "-5", "1e9"])
def test_a_missing_or_malformed_length_is_no_server_error(client, length):
    response = client.generic("POST", "/admin/login/", b"", CONTENT_LENGTH=length)

    assert response.status_code in (200, 403)
