"""The admin of a child record: one with no status of its own that the public pages of its parents show (an
action on its plan's page, an image or a link on its practice's page, a transfer on its plan's and practice's).

A child is public when every parent it declares is published. On its own admin pages, a user who is not the
secretariat cannot add, change or delete a public child, nor give a child a published parent: each is refused
with a message that sends them to the parent's form, where inline rows are part of the parent's change and, on a
published parent, wait for the secretariat's review with the rest of it. Children have no archived state to be
restored from, so on their own pages only a superuser deletes them; everyone else deletes a row on the parent's
form (on a published parent, the deletion waits for review and "Discard" takes it back).
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from publishing.access import is_secretariat


class ChildAdmin:
    # Paths from the child to each record whose public page shows it, such as "action_plan" or
    # "action__action_plan"; the first part of the first path is the form field that chooses the parent.
    public_parents = ()
    # Whether the first parent's admin form has this model as an inline (a transfer's plan does not).
    edited_on_parent = True

    # The parents and the rule

    def parents_of(self, record, chosen=None):
        """The record's parents, from `chosen` (a form's cleaned data) where it names them."""
        parents = []
        for path in self.public_parents:
            first, *rest = path.split("__")
            parent = chosen[first] if chosen and first in chosen else getattr(record, first, None)
            for name in rest:
                parent = getattr(parent, name, None)
            parents.append(parent)
        return parents

    @staticmethod
    def shown(parents):
        return bool(parents) and all(parent is not None and parent.is_published for parent in parents)

    def reviewed(self, request, record, chosen=None):
        """Whether this user's change to the record must go through the parent's form (it is, or would be, public)."""
        return not is_secretariat(request.user) and self.shown(self.parents_of(record, chosen))

    def _parent_url(self, parent):
        opts = parent._meta
        return self._admin_url_of(opts, "change", parent.pk)

    @staticmethod
    def _admin_url_of(opts, name, *args):
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)

    def refusal(self, parents):
        """Why the change is refused here, and where to make it, as a message with a link."""
        parent = parents[0]
        child, kind = self.opts.verbose_name, parent._meta.verbose_name
        if self.edited_on_parent:
            return format_html(
                "“{}” is published, so this {} shows on its public page: make your change on "
                "<a href=\"{}\">the {}'s form</a>, where it waits for the secretariat's review.",
                parent,
                child,
                self._parent_url(parent),
                kind,
            )
        return format_html(
            "“{}” is published, so this {} would show on the public pages at once, without review. Ask the "
            'secretariat to record it, or record it while <a href="{}">the {}</a> is a draft.',
            parent,
            child,
            self._parent_url(parent),
            kind,
        )

    # The pages

    def has_change_permission(self, request, obj=None):
        # A public child opens read-only for an editor; the change view says where to change it.
        return super().has_change_permission(request, obj) and not (obj is not None and self.reviewed(request, obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        model_admin = self
        field = self.public_parents[0].split("__")[0] if self.public_parents else None

        class ChildForm(form_class):
            def clean(self):
                cleaned_data = super().clean()
                # The instance still holds the stored parents here; cleaned_data the chosen ones.
                for chosen in [None, cleaned_data]:
                    if self.instance.pk is None and chosen is None:
                        continue
                    if model_admin.reviewed(request, self.instance, chosen):
                        message = model_admin.refusal(model_admin.parents_of(self.instance, chosen))
                        raise ValidationError({field if field in self.fields else None: message}, code="reviewed")
                return cleaned_data

        ChildForm.__name__ = form_class.__name__
        return ChildForm

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_view_permission(request, obj) and self.reviewed(request, obj):
            message = self.refusal(self.parents_of(obj))
            if request.method == "POST":
                self.message_user(request, message, messages.ERROR)
                return HttpResponseRedirect(self._parent_url(self.parents_of(obj)[0]))
            self.message_user(request, message, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        if request.user.is_superuser:
            return super().delete_view(request, object_id, extra_context)
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such record.")
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        parent = self.parents_of(obj)[0]
        if self.edited_on_parent:
            message = format_html(
                "A {} has no archived state to restore it from, so only a superuser deletes one here. Delete it on "
                '<a href="{}">the {}\'s form</a> (tick “Delete” on its row): on a published {} the deletion waits '
                "for the secretariat's review with the rest of your change.",
                self.opts.verbose_name,
                self._parent_url(parent),
                parent._meta.verbose_name,
                parent._meta.verbose_name,
            )
        else:
            message = format_html(
                "A {} has no archived state to restore it from, so only a superuser deletes one: ask the secretariat.",
                self.opts.verbose_name,
            )
        self.message_user(request, message, messages.ERROR)
        return HttpResponseRedirect(self._parent_url(parent) if self.edited_on_parent else self._changelist_url())

    def _changelist_url(self):
        return self._admin_url_of(self.opts, "changelist")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("delete_selected", None)
        return actions
