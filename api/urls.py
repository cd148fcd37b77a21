"""The read-only API, version 1: /api/v1/<kind>/, /api/v1/<kind>/<slug>/ and /api/v1/openapi.json. These
addresses are stable: a change that breaks a client gets a new version."""

from django.urls import path

from . import views
from .kinds import KINDS

app_name = "api"

urlpatterns = [path("openapi.json", views.openapi_document, name="openapi")]
for kind in KINDS.values():
    urlpatterns.append(path(f"{kind.name}/", views.record_list, {"kind": kind.name}, name=f"{kind.name}-list"))
    if kind.has_detail:
        urlpatterns.append(
            path(f"{kind.name}/<slug:slug>/", views.record_detail, {"kind": kind.name}, name=f"{kind.name}-detail")
        )
