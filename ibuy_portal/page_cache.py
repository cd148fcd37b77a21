"""Whole public pages kept for anonymous visitors, and emptied as soon as content changes.

The "pages" cache holds each page under a key made from its full address (scheme, host, path and query string),
next to the generation it was made in. Every change to the portal's content (a save, a delete, a many-to-many
change, a workflow step, a published pending change) replaces the generation with a new random one once the
transaction commits, so no older page is served again. With Redis (REDIS_URL) every process and host shares the
generation and a change shows at once; with local memory each process has its own, and a change made through
another process shows there after PAGE_CACHE_SECONDS at the latest, when the page expires.

Only GET and HEAD requests without a session cookie or credentials are candidates, never the admin, the health
check or files; only complete 200 answers that set no cookie, vary on nothing but the cookie, and are not marked
private are kept. Staff always have a session cookie, so they never see a cached page.

A cache that fails or does not answer in time (CACHE_CONNECT_TIMEOUT, CACHE_READ_TIMEOUT) opens a circuit breaker:
for CACHE_RETRY_AFTER_SECONDS this process answers every page without the cache, so no request waits for it again
until then. Emptying the cache after a change is always tried, so that a cache that comes back holds no stale page
the change should have replaced.
"""

import hashlib
import logging
import math
import threading
import time
import uuid
from urllib.parse import quote

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

from publishing import generation, signals

logger = logging.getLogger("ibuy_portal.page_cache")

CACHE_ALIAS = "pages"
GENERATION_KEY = "generation"
HEADER = "X-Page-Cache"
STALE = "stale"  # X-Page-Cache of the previous copy, served while another request rebuilds the page
# Apps whose models feed the public pages; any change to one of their rows empties the page cache.
CONTENT_APPS = frozenset({"partners", "practices", "library", "publishing"})
EXCLUDED_PREFIXES = ("/admin/", "/healthz")


def page_cache():
    return caches[CACHE_ALIAS]


class CircuitBreaker:
    """Remembers, per process, that the cache failed, so that it is left alone for CACHE_RETRY_AFTER_SECONDS."""

    def __init__(self):
        self._lock = threading.Lock()
        self._closed_again_at = 0.0

    @property
    def is_open(self):
        return time.monotonic() < self._closed_again_at

    def trip(self, error):
        with self._lock:
            if not self.is_open:
                # One line per opening, not one per request, while the cache is down.
                logger.warning(
                    "Page cache unavailable (%s: %s); answering without it for %g s",
                    type(error).__name__,
                    " ".join(str(error).split()),
                    settings.CACHE_RETRY_AFTER_SECONDS,
                )
            self._closed_again_at = time.monotonic() + settings.CACHE_RETRY_AFTER_SECONDS

    def reset(self):
        with self._lock:
            self._closed_again_at = 0.0


breaker = CircuitBreaker()


def cache_settings_changed(setting, **kwargs):
    # Another cache (tests swap them with override_settings) starts with a closed breaker.
    if setting in ("CACHES", "PAGE_CACHE_SECONDS", "CACHE_RETRY_AFTER_SECONDS"):
        breaker.reset()


def cache_state():
    """'ok', 'unavailable' or 'off', for /healthz; asks the cache (in bounded time) unless the breaker is open."""
    if settings.PAGE_CACHE_SECONDS <= 0:
        return "off"
    if breaker.is_open:
        return "unavailable"
    try:
        page_cache().get(GENERATION_KEY)
    except Exception as error:
        breaker.trip(error)
        return "unavailable"
    return "ok"


def new_generation():
    """A fresh generation: random, with the time it began (pages of the one before may be served while one process
    rebuilds them, for STALE_SECONDS after it began at most)."""
    return f"{uuid.uuid4().hex}:{time.time():.3f}"


def generation_age(generation):
    try:
        return time.time() - float(str(generation).rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return float("inf")


def invalidate():
    """Makes every cached page stale, in every process sharing the cache. Safe to call at any time."""
    try:
        page_cache().set(GENERATION_KEY, new_generation(), timeout=None)
    except Exception as error:
        # The pages then expire by themselves, after PAGE_CACHE_SECONDS at the latest.
        logger.exception("Could not empty the page cache")
        breaker.trip(error)


def current_generation(found):
    generation = found.get(GENERATION_KEY)
    if generation is None:
        page_cache().add(GENERATION_KEY, new_generation(), timeout=None)
        generation = page_cache().get(GENERATION_KEY)
    return generation


# Parameters that links carry for analytics and that change nothing on a page: the page without them is served.
IGNORED_PARAMETERS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")


def canonical_query(request):
    """The query string with its parameters in name order (each name's values in their order) and the
    analytics parameters dropped: `?b=1&a=2` and `?a=2&b=1&utm_source=x` share one cached page."""
    names = sorted(name for name in request.GET if not name.startswith(IGNORED_PARAMETERS))
    return "&".join(f"{quote(name)}={quote(value)}" for name in names for value in request.GET.getlist(name))


def entry_key(request):
    address = f"{request.scheme}://{request.get_host()}{request.path}?{canonical_query(request)}"
    return "page:" + hashlib.sha256(address.encode("utf-8", "surrogateescape")).hexdigest()


def is_candidate(request):
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and not request.path.startswith((f"/{settings.MEDIA_URL.lstrip('/')}", f"/{settings.STATIC_URL.lstrip('/')}"))
    )


def is_storable(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming or response.cookies:
        return False
    # A nonce belongs to one answer; the Content-Security-Policy header of the next one would not match it.
    if getattr(request, "_csp_nonce", None) is not None:
        return False
    cache_control = {
        part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    # Cookie is the only request header a public page may vary on: candidates carry no session, and an answer
    # that depends on another cookie (the CSRF token) sets one, so it is never kept.
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header.strip()}
    return vary <= {"cookie"}


class PageCacheMiddleware:
    """Serves and keeps whole public pages; `X-Page-Cache: hit` or `miss` on every candidate request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or breaker.is_open or not is_candidate(request):
            return self.get_response(request)
        key = entry_key(request)
        try:
            found = page_cache().get_many([GENERATION_KEY, key])
            generation = current_generation(found)
        except Exception as error:
            breaker.trip(error)
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            return self.cached_response(request, entry)
        if entry is not None and not self.rebuilds(key, generation):
            # Another request rebuilds this page for the new generation: the previous copy, for a moment only.
            return self.cached_response(request, entry, STALE)
        response = self.get_response(request)
        if is_storable(request, response):
            entry = (generation, response.status_code, list(response.items()), response.content)
            try:
                page_cache().set(key, entry, timeout=seconds)
            except Exception as error:
                breaker.trip(error)
        response[HEADER] = "miss"
        return response

    @staticmethod
    def rebuilds(key, generation):
        """Whether this request makes the page of the new generation: the first to ask does, for its
        STALE_SECONDS; meanwhile the others get the previous copy. Past STALE_SECONDS after the change, every
        request that finds no current copy makes one."""
        if generation_age(generation) > settings.PAGE_CACHE_STALE_SECONDS:
            return True
        try:
            seconds = max(1, math.ceil(settings.PAGE_CACHE_STALE_SECONDS))
            return page_cache().add(f"rebuild:{key}:{generation}", 1, timeout=seconds)
        except Exception as error:
            breaker.trip(error)
            return True

    @staticmethod
    def cached_response(request, entry, state="hit"):
        _generation, status, headers, content = entry
        response = HttpResponse(b"" if request.method == "HEAD" else content, status=status)
        for name, value in headers:
            response[name] = value
        response[HEADER] = state
        return response


def is_history(model):
    """A row of django-simple-history (written with every saved record, whose own signals count already), or a
    link row of one."""
    return hasattr(model, "instance_type") or model.__name__.startswith("Historical")


def content_changed(sender, using=None, action=None, instance=None, **kwargs):
    """Receiver of every model's changes: empties the page cache once the change to a content row commits. A
    record that is not published and was not before (a draft saved, its links changed) changes no public page,
    nor does an editor's waiting change."""
    if sender._meta.app_label not in CONTENT_APPS or settings.PAGE_CACHE_SECONDS <= 0:
        return
    if sender._meta.label_lower in PRIVATE_ROWS or is_history(sender):
        return
    if instance is not None and not getattr(instance, "was_or_is_public", True):
        return
    if action is not None and action not in ("post_add", "post_remove", "post_clear"):
        return
    connection = transaction.get_connection(using)
    # Once per transaction: a fixture or a form with inlines saves many rows.
    if connection.in_atomic_block and any(callback is invalidate for _, callback, _ in connection.run_on_commit):
        return
    transaction.on_commit(invalidate, using=using)


def content_written_in_bulk(sender, **kwargs):
    """Receiver of publishing's bulk-write signal: no per-row signal came, so the cache is emptied on commit."""
    generation.changed()
    transaction.on_commit(invalidate)


# Rows of the content apps that no public page shows.
PRIVATE_ROWS = frozenset({"publishing.pendingchange", "publishing.notificationpreference"})
# Rows written along with content that no public page derives anything from.
NOT_CONTENT = frozenset({"publishing.transition", "publishing.pendingchange", "publishing.notificationpreference"})


def content_generation_changed(sender, using=None, action=None, **kwargs):
    """Receiver of every model's changes: a change to a content row gives the content a new generation, in its
    own transaction (publishing.generation), whether or not the page cache is on."""
    if sender._meta.app_label not in CONTENT_APPS or sender._meta.label_lower in NOT_CONTENT:
        return
    # Models of a migration's state (a data migration may run before the generation's table exists), and the
    # history rows that accompany every saved record.
    if sender.__module__ == "__fake__" or is_history(sender):
        return
    if action is not None and action not in ("post_add", "post_remove", "post_clear"):
        return
    generation.changed(using)


def connect_signals():
    signals.content_written_in_bulk.connect(content_written_in_bulk, dispatch_uid="page_cache_bulk_write")
    post_save.connect(content_changed, dispatch_uid="page_cache_post_save")
    post_delete.connect(content_changed, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(content_changed, dispatch_uid="page_cache_m2m_changed")
    post_save.connect(content_generation_changed, dispatch_uid="content_generation_post_save")
    post_delete.connect(content_generation_changed, dispatch_uid="content_generation_post_delete")
    m2m_changed.connect(content_generation_changed, dispatch_uid="content_generation_m2m_changed")
    setting_changed.connect(cache_settings_changed, dispatch_uid="page_cache_setting_changed")
