"""Small builders of JSON Schema (2020-12, as OpenAPI 3.1 takes it) for the API's representations.

Each kind of record declares its fields once, as {name: schema}, in `api.kinds`; the same declaration orders the
keys of every response and describes them in the OpenAPI document (`api.openapi`), and the tests validate real
responses against it, so the two cannot drift apart.
"""


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    """The schema, or null."""
    if "$ref" in schema:
        return {"anyOf": [schema, {"type": "null"}]}
    widened = {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema:
        widened["enum"] = [*schema["enum"], None]
    return widened


def text(description="", **extra):
    return {"type": "string", **({"description": description} if description else {}), **extra}


def integer(description="", **extra):
    return {"type": "integer", **({"description": description} if description else {}), **extra}


def array(items, description=""):
    return {"type": "array", "items": items, **({"description": description} if description else {})}


def uri(description=""):
    return text(description, format="uri")


def date(description=""):
    return text(description, format="date")


def timestamp(description=""):
    return text(description, format="date-time")


def obj(properties, description=""):
    """An object with exactly these properties, each present (null where the portal has no value)."""
    return {
        "type": "object",
        **({"description": description} if description else {}),
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


# The parts every kind of record shares, as components of the OpenAPI document.
COMPONENTS = {
    "Link": obj(
        {
            "slug": text("The record's stable name."),
            "title": text("Its title or name."),
            "url": uri("Its page on the portal."),
            "api_url": uri("Its JSON representation."),
        },
        "Another public record, by its addresses.",
    ),
    "Region": obj(
        {
            "nuts_code": text("Eurostat NUTS code (a whole country has its NUTS 0 code)."),
            "name": text(),
            "country": text("ISO 3166-1 alpha-2 code (GR for Greece)."),
        }
    ),
    "Source": obj(
        {
            "key": text("The source's stable name in the portal."),
            "title": text("The document or page, as a reader would cite it."),
            "publisher": nullable(text()),
            "url": nullable(uri("Its address; null for a document without one.")),
            "note": nullable(text("Where to find it, or how far to trust it.")),
        },
        "A document or public page the record's facts come from.",
    ),
    "Error": obj({"detail": text()}),
}
