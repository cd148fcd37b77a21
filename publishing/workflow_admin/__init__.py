"""The publication workflow in the admin: draft, submitted for review, published, archived.

`WorkflowAdmin` gives every content record's admin (through `publishing.admin.PublishableAdmin`), one concern per
module of this package:
- `pending`: status read-only in the form; the refusal of a save when the record changed after the form was
  opened (the form carries a version token); an editor's save of a published record kept aside as a change
  waiting for review (the public page does not change), holding only the fields the editor's form offers; the
  change form shows that change, beside the published version field by field, and the secretariat's save
  publishes it;
- `steps`: buttons for the steps the user may take (publishing.workflow has the rules), changelist actions for
  the same steps, and the review notes on the change form;
- `preview`: a link to the public page of a published record and a staff-only preview of the others;
- `history`: revisions compared two at a time, and a revert that keeps the status and restores many-to-many links;
- `soft_delete`: anyone but a superuser archives instead of deleting.
The parts share what one request tells them through `state.state_of(request)`.

`ChildAdmin` (in `children`) is the admin of a record without a status of its own that the public pages of its
parents show (an action, a practice's image or link, a transfer).
"""

from django.urls import path, reverse

from publishing.workflow_admin.history import HistoryMixin
from publishing.workflow_admin.pending import WaitingChangeMixin
from publishing.workflow_admin.preview import PreviewMixin
from publishing.workflow_admin.records import RecordLogAdmin
from publishing.workflow_admin.soft_delete import SoftDeleteMixin
from publishing.workflow_admin.steps import StepsMixin


class AdminUrls:
    def _admin_url(self, name, *args):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=args)


class WorkflowAdmin(AdminUrls, WaitingChangeMixin, StepsMixin, SoftDeleteMixin, HistoryMixin, PreviewMixin):
    """Mixin for the admin of a publishable record."""

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


__all__ = ["RecordLogAdmin", "WorkflowAdmin"]
