"""The OpenAPI 3.1 document of the API (/api/v1/openapi.json), built from the kinds' own declarations: their
fields (`Kind.properties`), their list page's filters and sorts, so that it describes what the views answer."""

from functools import cache

from publishing.facets import Facet, SearchFilter

from .base import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from .kinds import KINDS
from .schema import COMPONENTS, array, integer, nullable, obj, ref, text, uri

ROOT = "/api/v1"

NOT_MODIFIED = {
    "description": "Not modified: the answer is the one whose ETag the request gave in If-None-Match.",
    "headers": {"ETag": {"schema": {"type": "string"}}},
}
NOT_FOUND = {"description": "No such record or page.", "content": {"application/json": {"schema": ref("Error")}}}
MOVED = {
    "description": "A slug the record had before it changed: Location is its current address.",
    "headers": {"Location": {"description": "The record's current address.", "schema": text()}},
}
HEADERS = {
    "ETag": {"description": "Give it back in If-None-Match to get 304 if nothing changed.", "schema": text()},
    "Access-Control-Allow-Origin": {"description": "Always `*`: any web page may read the API.", "schema": text()},
}


def ok(schema, description):
    return {"description": description, "headers": HEADERS, "content": {"application/json": {"schema": schema}}}


def list_schema(kind):
    return obj(
        {
            "count": integer("How many records match, on all pages."),
            "page": integer(),
            "pages": integer("How many pages there are."),
            "page_size": integer(),
            "next": nullable(uri("The next page's address; null on the last page.")),
            "previous": nullable(uri("The previous page's address; null on the first page.")),
            "sort": nullable(text("The order used.")),
            "filters": {
                "type": "object",
                "description": "The filters applied (values the portal does not know are left out).",
                "additionalProperties": array(text()),
            },
            "ignored": array(text(), "What was left out of the request, and why (as on the list's page)."),
            "results": array(ref(kind.schema_name)),
        },
        f"One page of {kind.name}.",
    )


def filter_parameters(kind):
    if kind.filterset_class is None:
        return []
    parameters = []
    for name, filter_ in kind.filterset_class.base_filters.items():
        if isinstance(filter_, Facet):
            schema = array(text())
            description = f"{filter_.label}: one or more values; several are alternatives. Unknown values are ignored."
        elif isinstance(filter_, SearchFilter):
            schema = text()
            description = "Words that must all occur in the record's text (any case)."
        else:
            continue
        parameter = {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
        if schema["type"] == "array":
            parameter.update(style="form", explode=True)
        parameters.append(parameter)
    return parameters


def paging_parameters(kind):
    parameters = [
        {
            "name": "page",
            "in": "query",
            "required": False,
            "description": "A page number from 1, or `last`.",
            "schema": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "string", "enum": ["last"]}]},
        },
        {
            "name": "page_size",
            "in": "query",
            "required": False,
            "description": f"Records per page, {DEFAULT_PAGE_SIZE} unless given, at most {MAX_PAGE_SIZE}.",
            "schema": integer(minimum=1, maximum=MAX_PAGE_SIZE),
        },
    ]
    if kind.sorts:
        parameters.append(
            {
                "name": "sort",
                "in": "query",
                "required": False,
                "description": "The order, as on the list's page; the first is the default.",
                "schema": text(enum=list(kind.sorts)),
            }
        )
    return parameters


def paths(kinds):
    found = {
        f"{ROOT}/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": {"200": {"description": "The OpenAPI document.", "content": {"application/json": {}}}},
            }
        }
    }
    for kind in kinds:
        found[f"{ROOT}/{kind.name}/"] = {
            "get": {
                "operationId": f"list-{kind.name}",
                "summary": f"List {kind.name}",
                "tags": [kind.name],
                "parameters": [*filter_parameters(kind), *paging_parameters(kind)],
                "responses": {
                    "200": ok(ref(f"{kind.schema_name}List"), f"A page of {kind.name}."),
                    "304": NOT_MODIFIED,
                    "404": NOT_FOUND,
                },
            }
        }
        if kind.has_detail:
            found[f"{ROOT}/{kind.name}/{{slug}}/"] = {
                "get": {
                    "operationId": f"get-{kind.name}",
                    "summary": f"One of the {kind.name}",
                    "tags": [kind.name],
                    "parameters": [
                        {
                            "name": "slug",
                            "in": "path",
                            "required": True,
                            "description": "The record's slug.",
                            "schema": text(pattern=r"^[-a-zA-Z0-9_]+$"),
                        }
                    ],
                    "responses": {
                        "200": ok(ref(kind.schema_name), "The record."),
                        "301": MOVED,
                        "304": NOT_MODIFIED,
                        "404": NOT_FOUND,
                    },
                }
            }
    return found


@cache
def document():
    kinds = list(KINDS.values())
    schemas = dict(COMPONENTS)
    for kind in kinds:
        schemas[kind.schema_name] = kind.schema()
        schemas[f"{kind.schema_name}List"] = list_schema(kind)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "iBuy portal API",
            "version": "1",
            "summary": "The portal's published content, read-only, as JSON.",
            "description": (
                "Every public list and record of the portal. Lists take the filters of their page; values the "
                "portal does not know are ignored and named in `ignored`. Only published records are served."
            ),
        },
        "paths": paths(kinds),
        "components": {"schemas": schemas},
    }
