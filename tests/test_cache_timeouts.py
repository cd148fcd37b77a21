"""A Redis that accepts connections and never answers: pages answer at once without the page cache, the cache is
left alone for a while after a failure (a circuit breaker), and /healthz reports it without failing.

The silent Redis is a real TCP server on a port of its own that accepts every connection and never sends a byte.
"""

import socketserver
import threading
import time

import pytest
import redis  # noqa: F401  imported here, so that no timed request pays for importing the Redis client
from django.core.cache import caches
from django.test import override_settings

from ibuy_portal import page_cache
from tests.factories import GoodPracticeFactory
from tests.test_production_settings import production_settings

pytestmark = pytest.mark.django_db

# Well under a second for the cache's part; the page itself takes its own time on top (see timed_get).
QUICK_ENOUGH = 0.75


class SilentServer(socketserver.ThreadingTCPServer):
    daemon_threads = True

    def __init__(self):
        self.released = threading.Event()
        self.connections = 0
        super().__init__(("127.0.0.1", 0), SilentHandler)


class SilentHandler(socketserver.BaseRequestHandler):
    def handle(self):
        self.server.connections += 1
        self.server.released.wait()  # reads nothing, answers nothing, until the test ends


@pytest.fixture
def silent_redis(settings):
    server = SilentServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.PAGE_CACHE_SECONDS = 60
    settings.CACHE_CONNECT_TIMEOUT = settings.CACHE_READ_TIMEOUT = 0.2
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.server_address[1]}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }
    yield server
    caches["pages"].close()
    server.released.set()
    server.shutdown()
    server.server_close()


def timed_get(client, path):
    """The answer, its time, and the time of the same page made just before without any cache (templates compiled,
    and as slow as the machine is at that moment: on a loaded machine a page alone can take most of a second)."""
    with override_settings(PAGE_CACHE_SECONDS=0):
        started = time.perf_counter()
        client.get(path)
        baseline = time.perf_counter() - started
    started = time.perf_counter()
    response = client.get(path)
    return response, time.perf_counter() - started, baseline


def test_a_public_page_answers_quickly_without_the_cache(silent_redis, client):
    GoodPracticeFactory(title="Buying robots for hospitals")

    response, seconds, baseline = timed_get(client, "/practices/")

    assert response.status_code == 200
    assert "Buying robots for hospitals" in response.text
    assert "X-Page-Cache" not in response
    # The silent cache adds at most its read timeout (0.2 s), not the 5 s it added before.
    assert seconds < baseline + QUICK_ENOUGH
    assert silent_redis.connections == 1


def test_after_a_failure_no_request_waits_for_the_cache_again(silent_redis, client):
    client.get("/about/")
    for path in ["/about/", "/practices/", "/", "/healthz"]:
        assert client.get(path).status_code == 200

    # Only the first request tried the cache; the others answered without it.
    assert silent_redis.connections == 1
    assert page_cache.breaker.is_open


def test_the_cache_is_tried_again_after_the_pause(silent_redis, client, settings):
    settings.CACHE_RETRY_AFTER_SECONDS = 0.001
    client.get("/about/")
    deadline = time.monotonic() + 0.002
    while time.monotonic() < deadline:  # the pause passes (2 ms)
        pass

    client.get("/about/")

    assert silent_redis.connections == 2


def test_healthz_reports_the_cache_unavailable_and_still_answers_200(silent_redis, client):
    response, seconds, baseline = timed_get(client, "/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "databases": {"default": "ok"}, "cache": "unavailable"}
    assert seconds < baseline + QUICK_ENOUGH
    # And while the breaker is open, without asking the cache again.
    assert client.get("/healthz").json()["cache"] == "unavailable"
    assert silent_redis.connections == 1


def test_emptying_the_cache_after_a_change_does_not_wait_for_it_either(silent_redis):
    started = time.perf_counter()
    page_cache.invalidate()

    assert time.perf_counter() - started < QUICK_ENOUGH
    assert page_cache.breaker.is_open


def test_a_working_cache_is_reported_ok(client, settings):
    settings.PAGE_CACHE_SECONDS = 60

    assert client.get("/healthz").json()["cache"] == "ok"


def test_with_redis_the_settings_bound_its_connect_and_read_time():
    caches_of = production_settings("CACHES", REDIS_URL="redis://127.0.0.1:6379/0")["CACHES"]
    for alias in ("default", "pages"):
        assert caches_of[alias]["OPTIONS"] == {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}

    chosen = production_settings(
        "CACHES",
        "CACHE_RETRY_AFTER_SECONDS",
        REDIS_URL="redis://127.0.0.1:6379/0",
        CACHE_CONNECT_TIMEOUT="0.1",
        CACHE_READ_TIMEOUT="0.5",
        CACHE_RETRY_AFTER_SECONDS="10",
    )
    assert chosen["CACHES"]["pages"]["OPTIONS"] == {"socket_connect_timeout": 0.1, "socket_timeout": 0.5}
    assert chosen["CACHE_RETRY_AFTER_SECONDS"] == 10
