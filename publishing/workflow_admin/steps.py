"""The workflow's steps in the admin: buttons on the change form and actions on the changelist."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect

from publishing import workflow
from publishing.access import is_secretariat
from publishing.models import Step


class StepsMixin:
    actions = ["submit_selected", "publish_selected", "archive_selected", "restore_selected"]

    def workflow_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such record.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        step = request.POST.get("step", "")
        try:
            workflow.take(obj, step, request.user, request.POST.get("comment", ""), request.POST.get("_version"))
        except workflow.WorkflowError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, f"“{obj}”: {Step(step).label.lower()}.", messages.SUCCESS)
        return HttpResponseRedirect(self._admin_url("change", obj.pk))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not is_secretariat(request.user):
            for name in ["publish_selected", "archive_selected", "restore_selected"]:
                actions.pop(name, None)
        return actions

    def _take_on_selected(self, request, queryset, step):
        done, refused = 0, []
        for record in queryset:
            if not self.has_change_permission(request, record):
                refused.append(f"You cannot change “{record}”.")
                continue
            try:
                workflow.take(record, step, request.user)
            except workflow.WorkflowError as error:
                refused.append(str(error))
            else:
                done += 1
        if done:
            self.message_user(request, f"{Step(step).label}: {done} record(s).", messages.SUCCESS)
        if refused:
            self.message_user(request, f"Not changed ({len(refused)}): {' '.join(refused[:5])}", messages.WARNING)

    @admin.action(description="Submit selected %(verbose_name_plural)s for review", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._take_on_selected(request, queryset, Step.SUBMIT)

    @admin.action(description="Publish selected %(verbose_name_plural)s", permissions=["change"])
    def publish_selected(self, request, queryset):
        self._take_on_selected(request, queryset, Step.PUBLISH)

    @admin.action(description="Archive selected %(verbose_name_plural)s", permissions=["change"])
    def archive_selected(self, request, queryset):
        self._take_on_selected(request, queryset, Step.ARCHIVE)

    @admin.action(description="Restore selected %(verbose_name_plural)s as drafts", permissions=["change"])
    def restore_selected(self, request, queryset):
        self._take_on_selected(request, queryset, Step.RESTORE)
