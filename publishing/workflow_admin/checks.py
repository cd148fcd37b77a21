"""A guard against a new admin that reopens a way around review."""

from django.contrib import admin
from django.core import checks

from publishing.access import is_partner_owned
from publishing.workflow_admin import WorkflowAdmin
from publishing.workflow_admin.children import ChildAdmin


def unreviewed_admins(registry):
    """The model admins of partner-owned records that are neither workflow admins nor child admins with parents."""
    for model, model_admin in registry.items():
        if not is_partner_owned(model) or isinstance(model_admin, WorkflowAdmin):
            continue
        if isinstance(model_admin, ChildAdmin) and model_admin.public_parents:
            continue
        yield model, model_admin


@checks.register(checks.Tags.admin)
def check_every_partner_record_is_reviewed(app_configs=None, **kwargs):
    return [
        checks.Error(
            f"{type(model_admin).__name__} edits {model._meta.label}, which partners' editors own, outside the "
            "publication workflow: an editor's change would be public without review.",
            hint="Base it on publishing.admin.PublishableAdmin (a record with a status) or on "
            "publishing.workflow_admin.children.ChildAdmin with the `public_parents` whose pages show it.",
            obj=type(model_admin),
            id="publishing.E001",
        )
        for model, model_admin in unreviewed_admins(admin.site._registry)
    ]
