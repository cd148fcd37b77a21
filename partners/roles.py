"""The staff roles ("Partner editors", "Secretariat") and the model permissions each one holds.

Which records of a model an editor may touch (only its own partner's) is decided in the admin
(publishing.access); these permissions say which models. The data migration partners/0003_roles made the roles
first; `ensure_roles` runs after every `migrate` (and after the test suite's flushes, which also send
post_migrate), so a role that is missing, or lacks a permission added since, is put back. It only adds: a
permission the secretariat granted by hand stays.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

SECRETARIAT = "Secretariat"
PARTNER_EDITORS = "Partner editors"

ALL = ["view", "add", "change", "delete"]
# What a partner writes and keeps current itself.
CONTENT = [
    "partners.actionplan",
    "partners.action",
    "practices.goodpractice",
    "practices.goodpracticeimage",
    "practices.goodpracticelink",
    "practices.studyvisit",
    "practices.transfer",
    "library.report",
]
# What records refer to; editors pick it in forms, the secretariat keeps it.
REFERENCE = ["partners.region", "partners.instrument", "practices.theme", "publishing.source"]

PERMISSIONS = {
    PARTNER_EDITORS: [
        *[(model, action) for model in CONTENT for action in ALL],
        ("partners.partner", "view"),
        ("partners.partner", "change"),
        *[(model, "view") for model in REFERENCE],
    ],
    SECRETARIAT: [
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
