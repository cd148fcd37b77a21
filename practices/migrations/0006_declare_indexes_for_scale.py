"""Declares in `GoodPractice.Meta.indexes` and `StudyVisit.Meta.indexes` the five indexes that
0005_indexes_for_scale created in SQL, so that the migration state (and `makemigrations --check`) knows them.

First, state only: the indexes as they are in the database, under their SQL names (nothing is run there). Then
each is renamed, because Django refuses an index name of more than 30 characters in `Meta.indexes` and the SQL
names have 31 to 36: on PostgreSQL an ALTER INDEX ... RENAME (a change of name only), on SQLite, which cannot
rename an index, the same index dropped and created again. The columns, orders and conditions do not change.
The full-text column and its GIN index stay raw SQL (0005).
"""

from django.db import migrations, models

PUBLISHED = models.Q(("status", "published"))

# (model, index as 0005 created it, the name it gets)
INDEXES = [
    ("goodpractice", models.Index(fields=["title"], name="practices_goodpractice_title_idx"), "practices_gp_title_idx"),
    (
        "goodpractice",
        models.Index(fields=["-created", "title"], name="practices_goodpractice_newest_idx"),
        "practices_gp_newest_idx",
    ),
    (
        "goodpractice",
        models.Index(
            condition=PUBLISHED,
            fields=["id", "region", "start_year", "end_year"],
            name="practices_goodpractice_published_idx",
        ),
        "practices_gp_published_idx",
    ),
    (
        "studyvisit",
        models.Index(fields=["-start_date", "title"], name="practices_studyvisit_newest_idx"),
        "practices_visit_newest_idx",
    ),
    (
        "studyvisit",
        models.Index(
            condition=PUBLISHED,
            fields=["id", "region", "host_partner", "start_date", "kind"],
            name="practices_studyvisit_published_idx",
        ),
        "practices_visit_published_idx",
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0005_indexes_for_scale"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name=model, index=index) for model, index, _ in INDEXES],
        ),
        *(
            migrations.RenameIndex(model_name=model, new_name=new_name, old_name=index.name)
            for model, index, new_name in INDEXES
        ),
    ]
