"""Indexes for 10,000 good practices (see bench/README.md).

- The lists' default orders (title; newest first) read the first 20 rows from an index instead of sorting them all.
- On PostgreSQL, each searched table keeps its full-text document in a generated column, `search_vector`, with a
  GIN index: a search then neither parses every record's text nor ranks it again from scratch. The expression is
  exactly the one ibuy_portal/search.py builds (same fields, weights and configuration), so results and ranks do
  not change. The column is invisible to Django's models (nothing writes it; PostgreSQL keeps it up to date), and
  SQLite, which has no full-text vectors, gets only the plain indexes.

Written as SQL rather than model indexes because the models do not declare them (the ORM never refers to them).
"""

from django.db import migrations

PLAIN_INDEXES = [
    ("practices_goodpractice_title_idx", "practices_goodpractice", "title", ""),
    ("practices_goodpractice_newest_idx", "practices_goodpractice", "created DESC, title", ""),
    ("practices_studyvisit_newest_idx", "practices_studyvisit", "start_date DESC, title", ""),
    # The published records with the columns their facets group by: counting them reads this small index
    # instead of every wide row (PostgreSQL: an index-only scan, about 20 times faster on 10,000 practices).
    (
        "practices_goodpractice_published_idx",
        "practices_goodpractice",
        "id, region_id, start_year, end_year",
        "status = 'published'",
    ),
    (
        "practices_studyvisit_published_idx",
        "practices_studyvisit",
        "id, region_id, host_partner_id, start_date, kind",
        "status = 'published'",
    ),
]


def text(*columns):
    return " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)


SEARCH_VECTORS = {
    "practices_goodpractice": (
        ("A", ("title",)),
        ("B", ("summary",)),
        ("C", ("description", "organisation", "evidence_of_success", "transferability", "resources_needed")),
    ),
    "practices_studyvisit": (("A", ("title",)), ("B", ("place",)), ("C", ("description",))),
}


def vector_sql(weights):
    return " || ".join(
        f"setweight(to_tsvector('english'::regconfig, {text(*columns)}), '{weight}')" for weight, columns in weights
    )


def create(apps, schema_editor):
    for name, table, columns, where in PLAIN_INDEXES:
        condition = f" WHERE {where}" if where else ""
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns}){condition}")
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, weights in SEARCH_VECTORS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            f"GENERATED ALWAYS AS ({vector_sql(weights)}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {table}_search_idx ON {table} USING gin (search_vector)")


def drop(apps, schema_editor):
    for name, *_ in PLAIN_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCH_VECTORS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0004_map_points_and_transfers"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
