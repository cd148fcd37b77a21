"""/healthz, and what visitors get while the database does not answer: a plain 503 page, then recovery by itself."""

import sys
import urllib.error
import urllib.request

import psycopg
import pytest
from django.db import OperationalError, connection
from django.test import RequestFactory

from ibuy_portal.middleware import server_error
from tests import factories
from tests.test_production_settings import running_gunicorn


def refuse(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as when the database server is unreachable; undo() brings it back."""
    monkeypatch.setattr(connection, "ensure_connection", refuse)
    return monkeypatch


@pytest.mark.django_db
def test_healthz_answers_200_with_one_query_and_no_session(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "databases": {"default": "ok"}, "cache": "off"}
    assert response["Cache-Control"] == "no-store"
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
def test_healthz_answers_503_while_the_database_is_down_then_200_again(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "databases": {"default": "unavailable"}, "cache": "off"}
    database_down.undo()
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_takes_no_other_method(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/practices/", "/partners/", "/library/", "/search/?q=procurement", "/about/"])
def test_visitors_get_a_plain_503_page_while_the_database_is_down(client, database_down, caplog, path):
    response = client.get(path)
    page = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert "The portal is briefly unavailable" in page
    assert "Traceback" not in page
    assert "OperationalError" not in page
    assert "{" not in page  # no template syntax shown
    # Logged once, with the request it came from.
    assert "Database unavailable, answered 503: connection to server" in caplog.text
    assert any(getattr(record, "request", None) is not None for record in caplog.records)


@pytest.mark.django_db
def test_the_portal_recovers_when_the_database_answers_again(client, monkeypatch):
    factories.GoodPracticeFactory(title="Buying innovation together")
    monkeypatch.setattr(connection, "ensure_connection", refuse)
    assert client.get("/practices/").status_code == 503
    monkeypatch.undo()
    response = client.get("/practices/")
    assert response.status_code == 200
    assert "Buying innovation together" in response.content.decode()


def test_an_error_before_the_view_also_gets_the_503_page():
    """Session or authentication middleware hitting the database reach handler500 (ibuy_portal.middleware)."""
    request = RequestFactory().get("/practices/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    assert "The portal is briefly unavailable" in response.content.decode()


def test_any_other_error_keeps_the_500_page():
    request = RequestFactory().get("/practices/")
    try:
        raise ValueError("a bug")
    except ValueError:
        assert sys.exc_info()[0] is ValueError
        response = server_error(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


# For real, on PostgreSQL: the portal under gunicorn loses its database and gets it back.


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL server to refuse connections")
@pytest.mark.django_db(transaction=True)
def test_gunicorn_on_postgresql_answers_503_while_connections_are_refused_and_recovers(tmp_path):
    """The test database refuses new connections and its open ones are ended, as when the server restarts."""
    factories.GoodPracticeFactory(title="Buying innovation together")
    name = connection.settings_dict["NAME"]
    database_url = f"postgres://{connection.settings_dict['USER']}@127.0.0.1:5432/{name}"
    with running_gunicorn(tmp_path, DATABASE_URL=database_url, DATABASE_CONN_MAX_AGE="60") as (base, output):
        assert fetch(f"{base}/practices/")[0] == 200
        assert fetch(f"{base}/healthz")[0] == 200
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            own_pid = cursor.fetchone()[0]
        # A database refuses to close itself to connections: this is done from the server's "postgres" database.
        server = psycopg.connect(
            host="127.0.0.1", port=5432, user=connection.settings_dict["USER"], dbname="postgres", autocommit=True
        )
        try:
            with server.cursor() as cursor:
                cursor.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> %s",
                    [name, own_pid],
                )
            health, _ = fetch(f"{base}/healthz")
            status, page = fetch(f"{base}/practices/")
        finally:
            with server.cursor() as cursor:
                cursor.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            server.close()
        assert health == 503
        assert status == 503
        assert "The portal is briefly unavailable" in page
        # Back: the very next requests reconnect by themselves.
        assert fetch(f"{base}/healthz")[0] == 200
        status, page = fetch(f"{base}/practices/")
        assert status == 200
        assert "Buying innovation together" in page
    log = output.read_text()
    assert "Database unavailable, answered 503" in log
    assert "[request: GET /practices/ user=anonymous]" in log
    assert "Traceback" not in log
