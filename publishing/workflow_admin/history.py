"""The history of a record: two revisions compared; a revert that keeps the status and restores many-to-many
links, and that only the secretariat may make on a published record."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse

from publishing.access import is_secretariat
from publishing.models import Status
from publishing.workflow_admin.state import state_of


class HistoryMixin:
    object_history_template = "admin/publishing/object_history.html"

    def revert_disabled(self, request, obj=None):
        # Reverting a published record changes what the public sees: the secretariat's to do.
        status = state_of(request).keep_status or getattr(obj, "status", None)
        return super().revert_disabled(request, obj) or (
            status == Status.PUBLISHED and not is_secretariat(request.user)
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        revision = state_of(request).revision
        if revision is None:
            return form_class
        links = self._m2m_of_revision(revision)

        class RevisionForm(form_class):
            def __init__(self, data=None, files=None, *args, **kwargs):
                if data is None:
                    kwargs["initial"] = {**links, **kwargs.get("initial", {})}
                super().__init__(data, files, *args, **kwargs)

        RevisionForm.__name__ = form_class.__name__
        return RevisionForm

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if current is None:
            if not request.user.is_superuser:
                raise Http404("No such record.")
            return super().history_form_view(request, object_id, version_id, extra_context)
        if not self.has_view_history_or_change_history_permission(request, current):
            raise PermissionDenied
        state = state_of(request)
        state.keep_status = current.status
        if request.method == "POST" and self.revert_disabled(request, current):
            self.message_user(
                request,
                "Only the secretariat can revert a published record to an earlier revision: ask them to.",
                messages.ERROR,
            )
            return HttpResponseRedirect(self._admin_url("history", current.pk))
        try:
            state.revision = current.history.get(history_id=int(version_id))
        except (ValueError, current.history.model.DoesNotExist) as error:
            raise Http404("No such revision of this record.") from error
        return super().history_form_view(request, object_id, version_id, extra_context)

    @staticmethod
    def _m2m_of_revision(revision):
        """The many-to-many links a revision had, as form initial data (the library's revert form shows the
        current links, not the revision's)."""
        initial = {}
        for field in revision._history_m2m_fields:
            target = field.m2m_reverse_field_name()
            initial[field.name] = [getattr(row, f"{target}_id") for row in getattr(revision, field.name).all()]
        return initial

    def history_compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such record.")
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        try:
            chosen = {int(request.GET["old"]), int(request.GET["new"])}
        except (KeyError, ValueError):
            chosen = set()
        revisions = sorted(
            obj.history.filter(history_id__in=chosen).select_related("history_user"),
            key=lambda revision: (revision.history_date, revision.history_id),
        )
        if len(revisions) != 2:
            self.message_user(request, "Choose two different revisions of this record to compare.", messages.ERROR)
            return HttpResponseRedirect(self._admin_url("history", obj.pk))
        old, new = revisions
        delta = new.diff_against(old, foreign_keys_are_objs=True)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare two revisions: {obj}",
            "object": obj,
            "opts": self.opts,
            "app_label": self.opts.app_label,
            "old": old,
            "new": new,
            "changes": self.get_historical_record_context_helper(request, new).context_for_delta_changes(delta),
            "revert_disabled": self.revert_disabled(request, obj),
        }
        return TemplateResponse(request, "admin/publishing/history_compare.html", context)
