"""Request logging, the limit on request bodies, the Permissions-Policy header, and the plain 503 page visitors get
while the database does not answer."""

import logging
import sys
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.utils.functional import empty
from django.views import defaults

from ibuy_portal import log

request_logger = logging.getLogger("ibuy_portal.requests")
logger = logging.getLogger("ibuy_portal")

# How long a client should wait before trying again while the database is down, in seconds.
RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def user_kind(request):
    """'staff', 'user', 'session' or 'anonymous', without loading the user when nothing else has."""
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "_wrapped", None) is not empty:
        if user.is_staff:
            return "staff"
        if user.is_authenticated:
            return "user"
    return "session" if settings.SESSION_COOKIE_NAME in request.COOKIES else "anonymous"


def describe(request):
    return f"{request.method} {request.get_full_path()} user={user_kind(request)}"


class RequestLogMiddleware:
    """One line per request: method, path, status, duration, who asked (kind only) and the page cache's answer; in
    JSON (LOG_FORMAT=json) with the request id as well, which every response carries as X-Request-ID."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = log.request_id_from(request.headers.get(log.REQUEST_ID_HEADER))
        token = log.current_request_id.set(request.request_id)
        try:
            response = self.get_response(request)
            response[log.REQUEST_ID_HEADER] = request.request_id
            milliseconds = (time.perf_counter() - started) * 1000
            fields = {
                "method": request.method,
                "path": request.get_full_path(),
                "status": response.status_code,
                "duration_ms": round(milliseconds, 1),
                "user_kind": user_kind(request),
                "page_cache": response.get("X-Page-Cache", "-"),
            }
            request_logger.info(
                "%(method)s %(path)s %(status)s %(duration_ms).1fms user=%(user_kind)s cache=%(page_cache)s",
                fields,
                extra={**fields, "request_id": request.request_id, "status_code": response.status_code},
            )
        finally:
            log.current_request_id.reset(token)
        return response


class RequestSizeLimitMiddleware:
    """Refuses a body larger than REQUEST_MAX_BODY_BYTES with a plain 413 page, before anything reads it.

    The declared Content-Length decides, so nothing of the body is read. A body sent without a length (chunked) is
    refused with 411: Django's WSGI handler would read it as empty, so such a request could never be answered
    properly, and nothing then reads an unbounded stream.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.REQUEST_MAX_BODY_BYTES
        declared = request.META.get("CONTENT_LENGTH", "").strip()
        if not declared and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return self.refuse(request, 411, "This request has no Content-Length; send it with one.")
        if declared.isdigit() and int(declared) > limit:
            return self.refuse(
                request,
                413,
                f"This request is {filesizeformat(int(declared))}; the portal accepts at most {filesizeformat(limit)}"
                f" (images up to {filesizeformat(settings.UPLOAD_MAX_IMAGE_BYTES)}, documents up to"
                f" {filesizeformat(settings.UPLOAD_MAX_DOCUMENT_BYTES)}). Make the file smaller and try again.",
            )
        return self.get_response(request)

    @staticmethod
    def refuse(request, status, message):
        logger.warning("Request refused with %s: %s", status, message, extra={"request": request})
        response = HttpResponse(
            f"{message}\n".replace("\xa0", " "), status=status, content_type="text/plain; charset=utf-8"
        )
        response["Cache-Control"] = "no-store"
        return response


class PermissionsPolicyMiddleware:
    """`Permissions-Policy: camera=(), microphone=(), ...`: every feature in PERMISSIONS_POLICY off for everyone."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


def service_unavailable(request, exception):
    """The plain 503 page, rendered from a template that needs neither the database nor the request."""
    logger.error(
        "Database unavailable, answered 503: %s",
        " ".join(str(exception).split()),
        extra={"request": request, "status_code": 503},
    )
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database that does not answer into the 503 page instead of a server error.

    Django's health checks (conn_health_checks) close the broken connection when the next request starts, so the
    portal reconnects by itself when the database is back. Errors raised before a view runs (in the session or
    authentication middleware) reach `server_error`, the portal's handler500, which answers the same way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return service_unavailable(request, exception)
        return None


def server_error(request, template_name="500.html"):
    """handler500: the 503 page when the error is the database's, Django's plain 500 page otherwise."""
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return defaults.server_error(request, template_name)
