"""The admin of the workflow's own rows (review notes, waiting changes)."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from publishing.access import is_secretariat


class RecordLogAdmin:
    """Mixin for the admin of the workflow's own rows: the secretariat reads them; only a superuser changes them
    by hand, the workflow writes them."""

    def has_view_permission(self, request, obj=None):
        return is_secretariat(request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_module_permission(self, request):
        return is_secretariat(request.user)

    @admin.display(description="record")
    def record_link(self, obj):
        label = f"{obj.content_type.name} #{obj.object_id}"
        try:
            url = reverse(f"admin:{obj.content_type.app_label}_{obj.content_type.model}_change", args=[obj.object_id])
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)
