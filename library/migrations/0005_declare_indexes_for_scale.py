"""Declares in `Report.Meta.indexes` the two indexes that 0004_indexes_for_scale created in SQL, so that the
migration state (and `makemigrations --check`) knows them. State only: the indexes are already in the database,
under these names, so nothing is run there. The full-text column and its GIN index stay raw SQL (0004)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0004_indexes_for_scale"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name="report",
                    index=models.Index(
                        models.OrderBy(models.F("publication_date"), descending=True, nulls_last=True),
                        models.F("title"),
                        name="library_report_newest_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="report",
                    index=models.Index(
                        condition=models.Q(("status", "published")),
                        fields=["id", "partner", "publication_date", "kind", "language"],
                        name="library_report_published_idx",
                    ),
                ),
            ],
        ),
    ]
