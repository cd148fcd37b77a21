"""Saving a record: the version token checked; an editor's save of a published record kept aside as a change
waiting for review (only what the editor's own form may change); the change form filled with a waiting change,
beside a field-by-field comparison with the published version; the secretariat's save publishing it."""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.datastructures import MultiValueDict

from publishing import workflow
from publishing.access import is_secretariat
from publishing.models import Status, Step, Transition
from publishing.workflow_admin import compare
from publishing.workflow_admin.state import state_of

NOTES_SHOWN = 20


def field_keys(form):
    """The names a browser posts for the fields of a form (a split widget posts one name per part)."""
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            yield from (f"{key}{suffix}" for suffix in widget.widgets_names)
        else:
            yield key


def editable_data(post, form, formsets):
    """The posted values of the fields this form and its inline formsets offer the user, and nothing else: a key
    the form does not have (a read-only field, another record's field) would otherwise wait in the change and be
    applied by the secretariat's save."""
    keys = set(field_keys(form))
    for formset in formsets:
        keys.update(field_keys(formset.management_form))
        for row in formset.forms:
            keys.update(field_keys(row))
    return {name: post.getlist(name) for name in post if name in keys}


class WaitingChangeMixin:
    change_form_template = "admin/publishing/change_form.html"

    # The form: status read-only, version token checked, a waiting change shown

    def get_readonly_fields(self, request, obj=None):
        # Status changes only through the workflow's steps, so that each is checked and kept in the notes.
        return [*super().get_readonly_fields(request, obj), "status"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self
        prefill = state_of(request).prefill
        # Fields only the secretariat changes are not in an editor's waiting change: they keep the record's value.
        kept = [name for name in getattr(self, "secretariat_fields", []) if name in form_class.base_fields]

        class WorkflowForm(form_class):
            def __init__(self, data=None, files=None, *args, **kwargs):
                filled = data is None and prefill is not None
                if filled:
                    data, files = prefill.as_query_dict(), MultiValueDict()
                super().__init__(data, files, *args, **kwargs)
                for name in kept if filled else []:
                    if self.add_prefix(name) not in self.data:
                        field = self.fields[name]
                        value = field.prepare_value(self.get_initial_for_field(field, name))
                        self.data.setlist(self.add_prefix(name), compare._as_list(value))

            def clean(self):
                cleaned_data = super().clean()
                model_admin._check_save(request, self.instance)
                return cleaned_data

        WorkflowForm.__name__ = form_class.__name__
        return WorkflowForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        prefill = state_of(request).prefill
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
                state_of(request).prefill = pending
            if request.method == "GET":
                self._tell_about_notes(request, obj, pending)
            extra_context = {**(extra_context or {}), "workflow": self._workflow_context(request, obj, pending)}
        return super().change_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        workflow_context = context.get("workflow")
        if workflow_context and state_of(request).prefill is not None:
            formsets = [inline.formset for inline in context.get("inline_admin_formsets", [])]
            workflow_context["differences"] = compare.differences(context["adminform"].form, formsets)
        return super().render_change_form(request, context, add, change, form_url, obj)

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
            "differences": None,  # filled in when the form shows the waiting change (render_change_form)
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
        state = state_of(request)
        if state.keep_status is not None:
            obj.status = state.keep_status  # A revert restores the content, not the status.
        if change and workflow.prepares_changes(request.user, obj):
            state.prepare = True  # kept aside in save_related, which knows the formsets
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        state = state_of(request)
        if state.prepare:
            data = editable_data(request.POST, form, formsets)
            state.prepared = workflow.prepare_change(form.instance, request.user, data)
            return
        super().save_related(request, form, formsets, change)
        pending_id = request.POST.get("_pending")
        if change and pending_id:
            state.applied = workflow.apply_pending(form.instance, request.user, pending_id)

    def construct_change_message(self, request, form, formsets, add=False):
        if state_of(request).prepared is not None:
            return "Prepared a change for review (not public yet)."  # The formsets were not saved: nothing to list.
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        state = state_of(request)
        if state.prepared is not None:
            self.message_user(
                request,
                f"Your change to “{obj}” waits for the secretariat's review. The public page shows the published "
                "version until the secretariat publishes your change.",
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._admin_url("change", obj.pk))
        if state.applied is not None:
            self.message_user(request, f"The prepared change to “{obj}” is now public.", messages.SUCCESS)
        return super().response_change(request, obj)
