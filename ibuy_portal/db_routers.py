"""A read replica, when DATABASE_REPLICA_URL names one: visitors' reads go there, everything else to the primary.

Writes always go to the primary ("default"). Reads go to the replica, except while a request that may write or
that comes from a signed-in person (a session cookie) is answered: editors then read what they have just saved,
whatever the replica's lag. Outside a request (management commands), reads go to the replica unless the code
runs inside `primary_only()`.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_use_primary = ContextVar("use_primary", default=False)


def has_replica():
    return REPLICA in settings.DATABASES


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
        if _use_primary.get() or not has_replica():
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
