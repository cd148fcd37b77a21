"""The page cache: whole public pages for anonymous visitors, never for staff, emptied when content changes."""

import time
import uuid
from io import StringIO

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from ibuy_portal import page_cache
from practices.models import GoodPractice
from publishing.models import Status
from tests import factories

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    yield
    caches["pages"].clear()


def published_practice(title):
    return factories.GoodPracticeFactory(title=title)


# Who gets cached pages


@pytest.mark.django_db
def test_an_anonymous_visitor_gets_the_second_request_from_the_cache_with_no_query(
    cache_on, client, django_assert_num_queries
):
    published_practice("Buying robots for hospitals")
    first = client.get("/practices/")
    with django_assert_num_queries(0):
        second = client.get("/practices/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.status_code == 200
    assert second.content == first.content
    assert "Buying robots for hospitals" in second.content.decode()
    assert second["Content-Type"] == first["Content-Type"]


@pytest.mark.django_db
def test_the_query_string_is_part_of_the_key(cache_on, client):
    client.get("/practices/?page=1")
    other = client.get("/practices/?sort=title")
    again = client.get("/practices/?page=1")
    assert other["X-Page-Cache"] == "miss"
    assert again["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_head_request_uses_the_cached_page_without_its_body(cache_on, client):
    page = client.get("/about/")
    head = client.head("/about/")
    assert head["X-Page-Cache"] == "hit"
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == page["Content-Type"]


@pytest.mark.django_db
def test_staff_never_get_a_cached_page_and_never_fill_the_cache(cache_on, client, secretariat_client):
    client.get("/practices/")  # cached for visitors
    staff_page = secretariat_client.get("/practices/")
    assert "X-Page-Cache" not in staff_page
    secretariat_client.get("/about/")
    assert client.get("/about/")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_a_visitor_with_a_session_cookie_bypasses_the_cache(cache_on, client):
    client.get("/about/")
    client.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in client.get("/about/")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/login/", "/healthz"])
def test_the_admin_and_the_health_check_are_never_cached(cache_on, client, path):
    client.get(path)
    response = client.get(path)
    assert "X-Page-Cache" not in response


@pytest.mark.django_db
def test_a_missing_page_is_not_kept(cache_on, client):
    client.get("/practices/no-such-practice/")
    assert client.get("/practices/no-such-practice/")["X-Page-Cache"] == "miss"


def test_off_when_page_cache_seconds_is_zero(settings, client, db):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/about/")
    assert "X-Page-Cache" not in client.get("/about/")


def cached_answer(**headers):
    response = HttpResponse("page")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


@pytest.mark.parametrize(
    ("response", "storable"),
    [
        (cached_answer(), True),
        (cached_answer(Vary="Cookie"), True),
        (cached_answer(Vary="Accept-Language"), False),
        (cached_answer(Vary="Cookie, Accept-Encoding"), False),
        (cached_answer(Cache_Control="private"), False),
        (cached_answer(Cache_Control="no-store, max-age=0"), False),
        (HttpResponse("gone", status=404), False),
    ],
)
def test_only_plain_public_answers_are_kept(response, storable):
    request = RequestFactory().get("/about/")
    assert page_cache.is_storable(request, response) is storable


def test_an_answer_that_sets_a_cookie_is_not_kept():
    response = cached_answer()
    response.set_cookie("csrftoken", "token")
    assert not page_cache.is_storable(RequestFactory().get("/about/"), response)


def test_an_answer_with_a_csp_nonce_is_not_kept():
    request = RequestFactory().get("/about/")
    request._csp_nonce = "abc"
    assert not page_cache.is_storable(request, cached_answer())


# Invalidation. These tests commit for real (transaction=True): the page cache is emptied when a change commits.


@pytest.fixture
def invalidations(monkeypatch):
    """Counts how many times the page cache is emptied."""
    calls = []
    emptying = page_cache.invalidate

    def counted():
        calls.append(1)
        emptying()

    monkeypatch.setattr(page_cache, "invalidate", counted)
    return calls


@pytest.mark.django_db(transaction=True)
def test_publishing_a_practice_shows_at_once(cache_on, client):
    practice = factories.GoodPracticeFactory(title="Innovation partnership for school meals", status=Status.DRAFT)
    assert "school meals" not in client.get("/practices/").content.decode()
    assert client.get("/practices/")["X-Page-Cache"] == "hit"

    practice.status = Status.PUBLISHED
    practice.save()

    response = client.get("/practices/")
    assert response["X-Page-Cache"] == "miss"
    assert "Innovation partnership for school meals" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_deleting_and_changing_links_empty_the_cache(cache_on, client):
    practice = published_practice("Pre-commercial procurement of e-health")
    instrument = factories.InstrumentFactory()
    client.get("/practices/")

    practice.instruments.add(instrument)
    assert client.get("/practices/")["X-Page-Cache"] == "miss"

    GoodPractice.objects.filter(pk=practice.pk).delete()
    response = client.get("/practices/")
    assert response["X-Page-Cache"] == "miss"
    assert "e-health" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_many_changes_in_one_transaction_empty_the_cache_once(cache_on, invalidations):
    with transaction.atomic():
        for number in range(3):
            published_practice(f"Practice {number}")
        assert invalidations == []  # nothing before the commit
    assert invalidations == [1]


@pytest.mark.django_db(transaction=True)
def test_the_demo_data_command_empties_the_cache_once_on_commit(cache_on, invalidations):
    """Its bulk writes send no per-row signal; publishing's content_written_in_bulk reaches the cache instead
    (--remove with nothing to remove changes no row, so only that signal can empty it)."""
    call_command("generate_demo_data", "--remove", stdout=StringIO())
    assert len(invalidations) == 1


@pytest.mark.django_db(transaction=True)
def test_a_change_that_is_rolled_back_keeps_the_cache(cache_on, client, invalidations):
    client.get("/about/")
    with transaction.atomic():
        factories.SourceFactory()
        transaction.set_rollback(True)  # the change fails
    assert invalidations == []
    assert client.get("/about/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_rows_outside_the_content_apps_do_not_empty_the_cache(cache_on, invalidations):
    factories.UserFactory()
    assert invalidations == []


# Redis, for real


def redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis does not answer at {REDIS_URL}")
    return client


@pytest.fixture
def redis_pages(settings):
    """The page cache on the real Redis, under a key prefix of this test's own, removed afterwards."""
    redis = redis_or_skip()
    prefix = f"ibuy-test-{uuid.uuid4().hex}"
    pages = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    settings.PAGE_CACHE_SECONDS = 60
    with override_settings(CACHES={**settings.CACHES, "pages": pages}):
        yield redis, prefix
    for key in redis.scan_iter(f"{prefix}:*"):
        redis.delete(key)


@pytest.mark.django_db(transaction=True)
def test_with_redis_pages_are_shared_and_emptied_on_change(redis_pages, client):
    redis, prefix = redis_pages
    client.get("/practices/")
    assert client.get("/practices/")["X-Page-Cache"] == "hit"
    stored = [key.decode() for key in redis.scan_iter(f"{prefix}:*")]
    assert len(stored) == 2  # the generation and the page
    page_key = next(key for key in stored if "page:" in key)
    assert 0 < redis.ttl(page_key) <= 60  # expires after PAGE_CACHE_SECONDS at the latest
    assert redis.ttl(next(key for key in stored if "generation" in key)) == -1

    published_practice("Shared through Redis")
    response = client.get("/practices/")
    assert response["X-Page-Cache"] == "miss"
    assert "Shared through Redis" in response.content.decode()


@pytest.mark.django_db
def test_another_process_emptying_redis_makes_this_one_miss(redis_pages, client):
    from django.core.cache.backends.redis import RedisCache

    _redis, prefix = redis_pages
    client.get("/about/")
    # Another process (a second gunicorn worker or host) records a change: a new generation in Redis.
    RedisCache(REDIS_URL, {"KEY_PREFIX": prefix}).set(page_cache.GENERATION_KEY, "from-elsewhere", timeout=None)
    assert client.get("/about/")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_pages_are_served_when_redis_is_down(settings, client, caplog):
    settings.PAGE_CACHE_SECONDS = 60
    down = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}
    with override_settings(CACHES={**settings.CACHES, "pages": down}):
        response = client.get("/about/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response
    assert "Page cache unavailable" in caplog.text


# What empties the cache, what shares a page, and no stampede after a change


@pytest.mark.django_db(transaction=True)
def test_a_draft_saved_or_an_editors_waiting_change_leaves_the_cache(cache_on, client, invalidations):
    region, theme = factories.RegionFactory(), factories.ThemeFactory()
    client.get("/practices/")
    invalidations.clear()
    draft = factories.GoodPracticeFactory(title="Not public yet", status=Status.DRAFT, region=region)
    draft.title = "Still not public"
    draft.save()
    draft.themes.add(theme)
    assert invalidations == []
    assert client.get("/practices/")["X-Page-Cache"] == "hit"

    draft.status = Status.PUBLISHED
    draft.save()
    assert invalidations == [1]
    draft = GoodPractice.objects.get(pk=draft.pk)
    draft.status = Status.DRAFT  # withdrawn: the public saw it
    draft.save()
    assert invalidations == [1, 1]


@pytest.mark.django_db
def test_reordered_and_analytics_parameters_share_the_canonical_page(cache_on, client):
    assert client.get("/practices/?region=LT&instrument=pcp")["X-Page-Cache"] == "miss"
    assert client.get("/practices/?instrument=pcp&region=LT")["X-Page-Cache"] == "hit"
    assert client.get("/practices/?utm_source=news&region=LT&instrument=pcp&fbclid=x")["X-Page-Cache"] == "hit"
    assert client.get("/practices/?instrument=ppi&region=LT")["X-Page-Cache"] == "miss"


@pytest.mark.django_db
def test_after_a_change_one_request_rebuilds_while_the_others_get_the_previous_copy(cache_on, client, settings):
    settings.PAGE_CACHE_STALE_SECONDS = 2
    client.get("/about/")
    page_cache.invalidate()
    generation = caches["pages"].get(page_cache.GENERATION_KEY)
    key = page_cache.entry_key(RequestFactory().get("/about/"))
    assert caches["pages"].add(f"rebuild:{key}:{generation}", 1)  # another worker is rebuilding it
    assert client.get("/about/")["X-Page-Cache"] == "stale"

    caches["pages"].delete(f"rebuild:{key}:{generation}")
    assert client.get("/about/")["X-Page-Cache"] == "miss"  # the first to ask rebuilds it
    assert client.get("/about/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_past_the_stale_seconds_no_request_gets_the_previous_copy(cache_on, client, settings):
    settings.PAGE_CACHE_STALE_SECONDS = 2
    client.get("/about/")
    caches["pages"].set(page_cache.GENERATION_KEY, f"{uuid.uuid4().hex}:{time.time() - 3:.3f}", timeout=None)
    generation = caches["pages"].get(page_cache.GENERATION_KEY)
    key = page_cache.entry_key(RequestFactory().get("/about/"))
    caches["pages"].add(f"rebuild:{key}:{generation}", 1)
    assert client.get("/about/")["X-Page-Cache"] == "miss"
