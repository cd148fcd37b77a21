"""Indexes for thousands of reports (see practices/migrations/0005_indexes_for_scale.py for the reasons).

The library's default order (newest publication first, undated last, then title) reads its first page from an
index; on PostgreSQL the full-text document lives in a generated, GIN-indexed column `search_vector`, built exactly
as ibuy_portal/search.py builds it.
"""

from django.db import migrations

SEARCH_VECTOR = (
    "setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, COALESCE(summary, '')), 'B')"
)


# The published reports with the columns their facets group by, read by index-only scans when counting.
PUBLISHED = (
    "CREATE INDEX IF NOT EXISTS library_report_published_idx "
    "ON library_report (id, partner_id, publication_date, kind, language) WHERE status = 'published'"
)


def create(apps, schema_editor):
    schema_editor.execute(PUBLISHED)
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS library_report_newest_idx ON library_report (publication_date DESC, title)"
        )
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS library_report_newest_idx "
        "ON library_report (publication_date DESC NULLS LAST, title)"
    )
    schema_editor.execute(
        "ALTER TABLE library_report ADD COLUMN IF NOT EXISTS search_vector tsvector "
        f"GENERATED ALWAYS AS ({SEARCH_VECTOR}) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS library_report_search_idx ON library_report USING gin (search_vector)"
    )


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS library_report_newest_idx")
    schema_editor.execute("DROP INDEX IF EXISTS library_report_published_idx")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE library_report DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("library", "0003_safe_uploads"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
