"""Soft delete: anyone but a superuser archives a record (restorable) instead of deleting it."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse

from publishing import workflow
from publishing.models import PendingChange


class SoftDeleteMixin:
    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser and "delete_selected" in actions:
            del actions["delete_selected"]
            actions["soft_delete_selected"] = self.get_action("soft_delete_selected")
        return actions

    @admin.action(description="Delete selected %(verbose_name_plural)s (archived, restorable)", permissions=["delete"])
    def soft_delete_selected(self, request, queryset):
        done = 0
        for record in queryset:
            if self.has_delete_permission(request, record) and workflow.soft_delete(record, request.user):
                done += 1
        self.message_user(
            request,
            f"{done} record(s) deleted: they are archived, no longer public, and the secretariat can restore them.",
            messages.SUCCESS,
        )

    def delete_view(self, request, object_id, extra_context=None):
        """A superuser deletes for good (Django's own confirmation); anyone else archives the record."""
        if request.user.is_superuser:
            return super().delete_view(request, object_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such record.")
        if not self.has_delete_permission(request, obj):
            raise PermissionDenied
        if request.method == "POST":
            workflow.soft_delete(obj, request.user)
            self.message_user(
                request,
                f"“{obj}” was deleted: it is archived, no longer public, and the secretariat can restore it.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._admin_url("changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Are you sure?",
            "subtitle": str(obj),
            "object": obj,
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "change_url": self._admin_url("change", obj.pk),
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/publishing/soft_delete_confirmation.html", context)

    def delete_model(self, request, obj):
        PendingChange.objects.for_record(obj).delete()
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            PendingChange.objects.for_record(obj).delete()
        super().delete_queryset(request, queryset)
