"""The publication workflow in the admin: draft, submitted for review, published, archived.

`WorkflowAdmin` gives every content record's admin (through `publishing.admin.PublishableAdmin`):
- status read-only in the form; buttons for the steps the user may take (publishing.workflow has the rules),
  changelist actions for the same steps, and the review notes on the change form;
- an editor's save of a published record kept aside as a change waiting for review (the public page does not
  change); the change form shows that change to whoever opens the record, and the secretariat's save publishes it;
- the refusal of a save when the record changed after the form was opened (the form carries a version token);
- a link to the public page of a published record and a staff-only preview of the others;
- revisions compared two at a time, and a revert that keeps the status and restores many-to-many links;
- soft delete: anyone but a superuser archives instead of deleting.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, resolve, reverse
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html

from publishing import workflow
from publishing.access import is_secretariat
from publishing.models import PendingChange, Status, Step, Transition

NOTES_SHOWN = 20


class WorkflowAdmin:
    """Mixin for the admin of a publishable record."""

    change_form_template = "admin/publishing/change_form.html"
    object_history_template = "admin/publishing/object_history.html"
    actions = ["submit_selected", "publish_selected", "archive_selected", "restore_selected"]

    # URLs and links

    def _admin_url(self, name, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        # Before the history revision URL, which would take "compare" for a revision id.
        return [
            path("<path:object_id>/workflow/", wrap(self.workflow_view), name=f"{prefix}_workflow"),
            path("<path:object_id>/preview/", wrap(self.preview_view), name=f"{prefix}_preview"),
            path(
                "<path:object_id>/history/compare/",
                wrap(self.history_compare_view),
                name=f"{prefix}_history_compare",
            ),
            *super().get_urls(),
        ]

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

    # The form: status read-only, version token checked, a waiting change shown

    def get_readonly_fields(self, request, obj=None):
        # Status changes only through the workflow's steps, so that each is checked and kept in the notes.
        return [*super().get_readonly_fields(request, obj), "status"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self

        class WorkflowForm(form_class):
            def __init__(self, data=None, files=None, *args, **kwargs):
                prefill = getattr(request, "_workflow_prefill", None)
                if data is None and prefill is not None:
                    data, files = prefill.as_query_dict(), MultiValueDict()
                revision = getattr(request, "_workflow_revision", None)
                if data is None and revision is not None:
                    kwargs["initial"] = {**model_admin._m2m_of_revision(revision), **kwargs.get("initial", {})}
                super().__init__(data, files, *args, **kwargs)

            def clean(self):
                cleaned_data = super().clean()
                model_admin._check_save(request, self.instance)
                return cleaned_data

        WorkflowForm.__name__ = form_class.__name__
        return WorkflowForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        prefill = getattr(request, "_workflow_prefill", None)
        if request.method != "POST" and prefill is not None:
            kwargs.update(data=prefill.as_query_dict(), files=MultiValueDict())
        return kwargs

    def _check_save(self, request, instance):
        """Runs in the change view's transaction: refuses a save based on an old version of the record (the
        rows stay locked until the save is done), and files that cannot wait for review."""
        if request.method != "POST" or instance.pk is None:
            return
        version = request.POST.get("_version")
        if version is not None:  # Forms the admin renders always carry it; a revert form has none.
            try:
                workflow.check_version(instance, version)
            except workflow.StaleVersion as error:
                raise ValidationError(str(error), code="stale") from error
        if request.FILES and workflow.prepares_changes(request.user, instance):
            raise ValidationError(
                "A new file for a published record cannot wait for review. Save your other changes without the "
                "file, and send the file to the secretariat, who can add it.",
                code="file_on_published",
            )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        # Someone who may not see the record gets Django's refusal from the view itself, and nothing about it here.
        if obj is not None and self.has_view_or_change_permission(request, obj):
            pending = workflow.pending_change(obj)
            if request.method != "POST" and pending is not None:
                request._workflow_prefill = pending
            if request.method == "GET":
                self._tell_about_notes(request, obj, pending)
            extra_context = {**(extra_context or {}), "workflow": self._workflow_context(request, obj, pending)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _workflow_context(self, request, obj, pending):
        posted = request.POST if request.method == "POST" else {}
        return {
            # A form refused as stale keeps the version it was opened at: saving again is refused again.
            "version": posted.get("_version") or workflow.version_of(obj, pending),
            "pending": pending,
            "pending_id": posted.get("_pending") or (pending.pk if pending else ""),
            "prepares": workflow.prepares_changes(request.user, obj),
            "is_secretariat": is_secretariat(request.user),
            "rules": workflow.available_rules(obj, request.user, pending)
            if self.has_change_permission(request, obj)
            else [],
            "notes": Transition.objects.for_record(obj).select_related("by")[:NOTES_SHOWN],
            "url": self._admin_url("workflow", obj.pk),
            "preview_url": None if obj.is_published else self.preview_url(obj),
        }

    def _tell_about_notes(self, request, obj, pending):
        last = Transition.objects.for_record(obj).select_related("by").first()
        if last is None or not last.comment:
            return
        sent_back = (last.step == Step.SEND_BACK and obj.status == Status.DRAFT) or (
            last.step == Step.SEND_BACK_CHANGE and pending is not None and pending.sent_back
        )
        if sent_back:
            messages.warning(request, f"{last.by or 'The secretariat'} sent this back: {last.comment}")

    # Saving: an editor's change to a published record waits; a save that shows a waiting change applies it

    def save_model(self, request, obj, form, change):
        keep_status = getattr(request, "_workflow_keep_status", None)
        if keep_status is not None:
            obj.status = keep_status  # A revert restores the content, not the status.
        if change and workflow.prepares_changes(request.user, obj):
            request._workflow_prepared = workflow.prepare_change(obj, request.user, request.POST)
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if getattr(request, "_workflow_prepared", None) is not None:
            return
        super().save_related(request, form, formsets, change)
        pending_id = request.POST.get("_pending")
        if change and pending_id:
            request._workflow_applied = workflow.apply_pending(form.instance, request.user, pending_id)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(request, "_workflow_prepared", None) is not None:
            return "Prepared a change for review (not public yet)."  # The formsets were not saved: nothing to list.
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        if getattr(request, "_workflow_prepared", None) is not None:
            self.message_user(
                request,
                f"Your change to “{obj}” waits for the secretariat's review. The public page shows the published "
                "version until the secretariat publishes your change.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._admin_url("change", obj.pk))
        if getattr(request, "_workflow_applied", None) is not None:
            self.message_user(request, f"The prepared change to “{obj}” is now public.", messages.SUCCESS)
        return super().response_change(request, obj)

    # Workflow steps: buttons on the change form and actions on the changelist

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
        if not request.user.is_superuser and "delete_selected" in actions:
            del actions["delete_selected"]
            actions["soft_delete_selected"] = self.get_action("soft_delete_selected")
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

    # Soft delete

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

    # History: compare two revisions; revert keeps the status and restores many-to-many links

    def revert_disabled(self, request, obj=None):
        # Reverting a published record changes what the public sees: the secretariat's to do.
        status = getattr(request, "_workflow_keep_status", getattr(obj, "status", None))
        return super().revert_disabled(request, obj) or (
            status == Status.PUBLISHED and not is_secretariat(request.user)
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if current is None:
            if not request.user.is_superuser:
                raise Http404("No such record.")
            return super().history_form_view(request, object_id, version_id, extra_context)
        if not self.has_view_history_or_change_history_permission(request, current):
            raise PermissionDenied
        request._workflow_keep_status = current.status
        if request.method == "POST" and self.revert_disabled(request, current):
            self.message_user(
                request,
                "Only the secretariat can revert a published record to an earlier revision: ask them to.",
                messages.ERROR,
            )
            return HttpResponseRedirect(self._admin_url("history", current.pk))
        try:
            request._workflow_revision = current.history.get(history_id=int(version_id))
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


class RecordLogAdmin:
    """Mixin for the admin of the workflow's own rows (review notes, waiting changes): the secretariat reads them;
    only a superuser changes them by hand, the workflow writes them."""

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
