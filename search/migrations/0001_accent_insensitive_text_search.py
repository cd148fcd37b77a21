"""PostgreSQL only: a text search configuration that ignores accents, and the stored documents rebuilt with it.

- `unaccent` (an extension PostgreSQL ships) becomes a filter in front of the English stemmer, in a configuration
  of the portal's own, `ibuy_english` (search.text.text_search_config() names it): "Fundacio" and "Fundació" then
  give the same lexeme, in records and in queries alike.
- The generated, GIN-indexed `search_vector` columns that practices 0005 and library 0004 made with `english` are
  made again, same fields and weights, with this configuration (a generated column's expression cannot be altered
  before PostgreSQL 17, so the column is dropped and added; PostgreSQL refills it and its index from the rows).

SQLite has no text search configurations: there search.apps registers a function that folds accents instead, and
this migration does nothing.
"""

from django.db import migrations

CONFIG = "ibuy_english"
BASE_CONFIG = "english"

DOCUMENTS = {
    "practices_goodpractice": (
        ("A", ("title",)),
        ("B", ("summary",)),
        ("C", ("description", "organisation", "evidence_of_success", "transferability", "resources_needed")),
    ),
    "practices_studyvisit": (("A", ("title",)), ("B", ("place",)), ("C", ("description",))),
    "library_report": (("A", ("title",)), ("B", ("summary",))),
}


def vector_sql(weights, config):
    def text(columns):
        return " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)

    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, {text(columns)}), '{weight}')" for weight, columns in weights
    )


def rebuild_documents(schema_editor, config):
    for table, weights in DOCUMENTS.items():
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector "
            f"GENERATED ALWAYS AS ({vector_sql(weights, config)}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {table}_search_idx ON {table} USING gin (search_vector)")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")
    schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = {BASE_CONFIG})")
    schema_editor.execute(
        f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
        f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {BASE_CONFIG}_stem"
    )
    rebuild_documents(schema_editor, CONFIG)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    rebuild_documents(schema_editor, BASE_CONFIG)
    schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}")


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0006_declare_indexes_for_scale"),
        ("library", "0005_declare_indexes_for_scale"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
