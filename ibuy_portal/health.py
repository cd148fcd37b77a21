"""/healthz for load balancers and monitors: 200 when every configured database answers, 503 otherwise.

The page cache's state is reported too, without failing the check: the portal answers without its cache."""

import logging

from django.db import DatabaseError, connections
from django.http import JsonResponse
from django.views import View

from ibuy_portal import page_cache

logger = logging.getLogger("ibuy_portal.health")


def database_answers(alias):
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("Health check: database %r does not answer: %s", alias, " ".join(str(error).split()))
        return False


class HealthView(View):
    """Never cached, reads no session: `{"status": "ok", "databases": {"default": "ok"}, "cache": "ok"}`."""

    http_method_names = ["get", "head"]

    def get(self, request):
        databases = {alias: "ok" if database_answers(alias) else "unavailable" for alias in connections}
        healthy = all(state == "ok" for state in databases.values())
        response = JsonResponse(
            {
                "status": "ok" if healthy else "unavailable",
                "databases": databases,
                # "ok", "off", or "unavailable": pages are then made without the cache, so the status stays "ok".
                "cache": page_cache.cache_state(),
            }
        )
        response.status_code = 200 if healthy else 503
        response["Cache-Control"] = "no-store"
        return response
