"""The portal's log formats, shared by Django and gunicorn: plain lines by default, JSON lines with LOG_FORMAT=json.
Imports nothing from Django at module level, so gunicorn's master can use it.

Each request gets an id (`X-Request-ID`, taken from the proxy in front when it sends a well-formed one), sent back as
a response header and put on every record logged while the request runs, so a visitor's report, the proxy's log
and the portal's lines can be matched.
"""

import contextvars
import json
import logging
import re
import time
import uuid

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy may send as a request id: a uuid, nginx's $request_id, a load balancer's trace id. Anything else
# (too long, spaces, quotes, line breaks) is replaced by a new id, so nobody can write into the log through it.
WELL_FORMED_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/-]{7,127}")
current_request_id = contextvars.ContextVar("request_id", default=None)

FORMATS = {"plain": "ibuy_portal.log.RequestFormatter", "json": "ibuy_portal.log.JsonFormatter"}


def formatter_path(name):
    """The formatter that LOG_FORMAT names, for the logging configuration."""
    name = name.strip().lower()
    if name not in FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {name!r}.")
    return FORMATS[name]


def request_id_from(incoming):
    """The proxy's request id when it is well formed, else a new one."""
    if incoming and WELL_FORMED_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid.uuid4().hex


class RequestFormatter(logging.Formatter):
    """`2026-11-22T02:37:56.934Z ERROR django.request: Internal Server Error: /x [request: GET /x?a=1 user=anonymous]`,
    then the traceback, if any, on the following lines."""

    converter = time.gmtime

    def __init__(self):
        super().__init__("%(asctime)s.%(msecs)03dZ %(levelname)s %(name)s: %(message)s", datefmt="%Y-%m-%dT%H:%M:%S")

    def format(self, record):
        text = super().format(record)
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "get_full_path") and record.name != "ibuy_portal.requests":
            from ibuy_portal.middleware import describe

            first, newline, rest = text.partition("\n")
            text = f"{first} [request: {describe(request)}]{newline}{rest}"
        return text


# The request line's own fields (ibuy_portal.middleware.RequestLogMiddleware), as they appear in the JSON.
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "request_id", "user_kind", "page_cache")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the request's fields when the record is about
    one, and the traceback as one string. A request line reads
    `{"time": "2026-11-22T02:37:56.934Z", "level": "INFO", "logger": "ibuy_portal.requests", "message": "GET /x 200
    3.1ms user=anonymous cache=-", "method": "GET", "path": "/x", "status": 200, "duration_ms": 3.1,
    "request_id": "4f0c...", "user_kind": "anonymous", "page_cache": "-"}`."""

    def format(self, record):
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({field: getattr(record, field) for field in REQUEST_FIELDS if hasattr(record, field)})
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "get_full_path") and "path" not in entry:
            from ibuy_portal.middleware import user_kind

            entry.update(method=request.method, path=request.get_full_path(), user_kind=user_kind(request))
        if "status" not in entry and isinstance(getattr(record, "status_code", None), int):
            entry["status"] = record.status_code
        # The request's own id, else that of the request being answered while the record was written.
        request_id = entry.get("request_id") or getattr(request, "request_id", None) or current_request_id.get()
        if request_id:
            entry["request_id"] = request_id
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class OneWarningLine(logging.Filter):
    """Makes a record a single WARNING line: no traceback. For expected noise, such as a disallowed Host header."""

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info = record.exc_text = record.stack_info = None
        return True
