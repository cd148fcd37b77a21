"""The admin's "view on site" shortcut (/admin/r/<content type>/<id>/), for those who may see the record only.

Django's own answers any staff member with the public address of any record, which names another partner's
drafts (their slugs are their titles).
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404


def view_on_site(request, content_type_id, object_id):
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist as error:
        raise Http404("No such kind of record.") from error
    model_admin = admin.site._registry.get(model)
    obj = model_admin.get_object(request, unquote(object_id)) if model_admin else None
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404("No such record.")
    return shortcut(request, content_type_id, object_id)
