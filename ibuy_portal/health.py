"""/healthz for load balancers and monitors: 200 while the primary database answers, 503 otherwise.

The read replica's and the page cache's states are reported too, without failing the check: the portal answers
from the primary without its replica, and without its cache."""

import logging

from django.conf import settings
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
        databases = {alias: "ok" if database_answers(alias) else "unavailable" for alias in settings.DATABASES}
        # Without the primary the host cannot serve; without the read replica it serves from the primary
        # (ibuy_portal/db_routers.py), so it stays in the load balancer and says "degraded".
        healthy = databases["default"] == "ok"
        degraded = healthy and any(state != "ok" for state in databases.values())
        status = "degraded" if degraded else "ok" if healthy else "unavailable"
        response = JsonResponse(
            {
                "status": status,
                "databases": databases,
                # "ok", "off", or "unavailable": pages are then made without the cache, so the status stays "ok".
                "cache": page_cache.cache_state(),
            }
        )
        response.status_code = 200 if healthy else 503
        response["Cache-Control"] = "no-store"
        return response
