"""The staff roles ("Partner editors", "Secretariat", names defined by publishing.access) and the model
permissions each one holds.

Which records of a model an editor may touch (only its own partner's) is decided in the admin
(publishing.access); these permissions say which models. The data migration partners/0003_roles made the roles
first; `ensure_roles` runs after every `migrate` (and after the test suite's flushes, which also send
post_migrate), so a role that is missing, or lacks a permission added since, is put back. It only adds: a
permission the secretariat granted by hand stays.

Each app declares its own models on its AppConfig: `partner_content`, what a partner writes and keeps current
itself, and `reference_data`, what records refer to (editors pick it in forms, the secretariat keeps it). Being the
secretariat is not a group permission: the lead partner's staff hold publishing's "publish" through
partners.backends.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

from publishing.access import EDITORS_GROUP, SECRETARIAT_GROUP

ALL = ["view", "add", "change", "delete"]


def declared(attribute):
    """The model labels that the installed apps declare under `attribute` on their AppConfig, in INSTALLED_APPS
    order."""
    return [label for config in apps.get_app_configs() for label in getattr(config, attribute, ())]


CONTENT = declared("partner_content")
REFERENCE = declared("reference_data")

PERMISSIONS = {
    EDITORS_GROUP: [
        *[(model, action) for model in CONTENT for action in ALL],
        ("partners.partner", "view"),
        ("partners.partner", "change"),
        *[(model, "view") for model in REFERENCE],
    ],
    SECRETARIAT_GROUP: [
        *[
            (model, action)
            for model in [
                *CONTENT,
                "partners.partner",
                *REFERENCE,
                "partners.partnership",
                "partners.reportedfigure",
                "partners.staffmembership",
            ]
            for action in ALL
        ],
        # To pick an account for a membership; accounts themselves are created with create_partner_editor.
        ("auth.user", "view"),
        # To see failed logins and unlock a locked-out account.
        ("axes.accessattempt", "view"),
        ("axes.accessattempt", "delete"),
        ("axes.accesslog", "view"),
        ("axes.accessfailurelog", "view"),
    ],
}


def ensure_roles(using=DEFAULT_DB_ALIAS, **kwargs):
    """Create the roles and give them their permissions, where they lack them. Safe to run any number of times."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    labels = {model.split(".")[0] for wanted in PERMISSIONS.values() for model, _ in wanted}
    # post_migrate reaches the apps one by one; the permissions of apps after this one may not exist yet.
    for label in labels:
        create_permissions(apps.get_app_config(label), verbosity=0, using=using)
    for name, wanted in PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        held = set(group.permissions.values_list("content_type__app_label", "codename"))
        missing = [(model.split(".")[0], f"{action}_{model.split('.')[1]}") for model, action in wanted]
        missing = [key for key in missing if key not in held]
        for app_label, codename in missing:
            group.permissions.add(
                Permission.objects.using(using).get(content_type__app_label=app_label, codename=codename)
            )
