# The staff roles and their permissions, the same on every installation. Which records of a model an editor may
# touch (only its own partner's) is decided in the admin (publishing.access); these permissions say which models.
from django.contrib.auth.management import create_permissions
from django.db import migrations

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


def create_roles(apps, schema_editor):
    # Permissions are otherwise created after all migrations (post_migrate): create them now to use them here.
    for label in {"auth", "axes", "partners", "practices", "library", "publishing"}:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in PERMISSIONS.items():
        permissions = []
        for model, action in wanted:
            app_label, model_name = model.split(".")
            permissions.append(
                Permission.objects.get(content_type__app_label=app_label, codename=f"{action}_{model_name}")
            )
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_workflow_history_and_staff"),
        ("practices", "0002_workflow_and_history"),
        ("library", "0002_workflow_and_history"),
        ("publishing", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
