"""A partner's newest published reports read in order from an index (the 'latest reports per partner' of a
practice's page, the reports of a partner's page). NULLS LAST in an index is PostgreSQL's: SQLite, which cannot
write it, keeps the state only (as 0004 and 0005 do for the newest-first index)."""

from django.db import migrations, models

INDEX = models.Index(
    models.F("partner"),
    models.OrderBy(models.F("publication_date"), descending=True, nulls_last=True),
    models.F("title"),
    condition=models.Q(("status", "published")),
    name="library_report_by_partner_idx",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("library", "Report"), INDEX)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("library", "Report"), INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0005_declare_indexes_for_scale"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="report", index=INDEX)],
            database_operations=[migrations.RunPython(create, drop)],
        ),
    ]
