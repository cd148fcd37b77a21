"""A read replica, when DATABASE_REPLICA_URL names one: visitors' reads go there, everything else to the primary.

Writes always go to the primary ("default"). Reads go to the replica, except while a request that may write or
that comes from a signed-in person (a session cookie) is answered: editors then read what they have just saved,
whatever the replica's lag. Inside a transaction on the primary, reads go to the primary too, so code that writes
and then reads (a save and its history, a command loading data) sees its own rows. Otherwise, outside a request
(management commands), reads go to the replica unless the code runs inside `primary_only()`.

A replica that does not answer is left alone for REPLICA_RETRY_SECONDS, and reads go to the primary meanwhile:
visitors keep getting pages, from the primary, while the replica is down or rebuilt.
"""

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger("ibuy_portal.db_routers")

REPLICA = "replica"
REPLICA_RETRY_SECONDS = 5
_use_primary = ContextVar("use_primary", default=False)


def has_replica():
    return REPLICA in settings.DATABASES


class ReplicaState:
    """Per process: whether the replica took its last connection, and until when it is not tried again."""

    down_until = 0.0

    @classmethod
    def answers(cls):
        if time.monotonic() < cls.down_until:
            return False
        connection = connections[REPLICA]
        try:
            # What the first query of the request would do anyway: drop a broken connection, open a new one.
            connection.close_if_health_check_failed()
            connection.ensure_connection()
        except DatabaseError as error:
            cls.down_until = time.monotonic() + REPLICA_RETRY_SECONDS
            logger.warning("Read replica unavailable, reading from the primary: %s", " ".join(str(error).split()))
            return False
        return True

    @classmethod
    def reset(cls):
        cls.down_until = 0.0


@contextmanager
def primary_only():
    """Every read inside the block goes to the primary."""
    token = _use_primary.set(True)
    try:
        yield
    finally:
        _use_primary.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_primary.get() or not has_replica() or connections["default"].in_atomic_block:
            return "default"
        if not ReplicaState.answers():
            return "default"
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: a row read from either may point to a row of the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryForStaffMiddleware:
    """Answers unsafe methods and requests carrying a session cookie from the primary only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not has_replica():
            return self.get_response(request)
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
        if signed_in or request.method not in ("GET", "HEAD", "OPTIONS"):
            with primary_only():
                return self.get_response(request)
        return self.get_response(request)
