"""`{% jsonld record %}`: the record's schema.org description as a JSON-LD data block, for an item page's head.

A data block (`type="application/ld+json"`) is never run as a script, so the Content Security Policy leaves it
alone; the JSON is escaped as `json_script` escapes it (<, > and & as \\u escapes), so no text of a record can
close the element.
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from opendata.jsonld import describe

register = template.Library()

ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def jsonld(context, record):
    data = describe(record, context["request"])
    if data is None:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")).translate(ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
