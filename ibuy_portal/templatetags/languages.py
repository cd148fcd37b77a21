"""{% language_links as languages %}: the page in each of the portal's languages (ibuy_portal/i18n.py)."""

from django import template

from ibuy_portal.i18n import language_links as links_of

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    request = context.get("request")
    return links_of(request) if request is not None else []
