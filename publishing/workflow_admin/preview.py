"""The public page of a record, from the admin: a link for a published record, a staff-only preview otherwise."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.urls import resolve
from django.utils.html import format_html


class PreviewMixin:
    def view_on_site(self, obj):
        """Published records link to their public page; the others have a staff-only preview instead."""
        return obj.get_absolute_url() if obj.is_published else None

    def preview_url(self, obj):
        return self._admin_url("preview", obj.pk)

    @admin.display(description="public page")
    def public_link(self, obj):
        if obj.is_published:
            return format_html('<a href="{}">View on site</a>', obj.get_absolute_url())
        return format_html('<a href="{}">Preview</a>', self.preview_url(obj))

    def preview_view(self, request, object_id):
        """The public page of a record in any status, for staff who may see the record in the admin."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such record.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        match = resolve(obj.get_absolute_url().partition("#")[0])
        if not hasattr(match.func, "view_class"):
            raise Http404("This record has no public page to preview.")

        class Preview(match.func.view_class):
            def get_object(self, queryset=None):
                # The public view finds published records only; the record comes from the admin instead, with the
                # related rows the public view loads (some pages read prefetched attributes, not managers).
                prefetch_related_objects([obj], *self.get_queryset()._prefetch_related_lookups)
                return obj

        response = Preview.as_view()(request, *match.args, **match.kwargs)
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response
