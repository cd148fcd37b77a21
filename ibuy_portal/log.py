"""The portal's log line format, shared by Django and gunicorn: UTC time, level, logger, message, and the request
a record is about, if any. Imports nothing from Django at module level, so gunicorn's master can use it."""

import logging
import time


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


class OneWarningLine(logging.Filter):
    """Makes a record a single WARNING line: no traceback. For expected noise, such as a disallowed Host header."""

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        record.exc_info = record.exc_text = record.stack_info = None
        return True
