"""The columns of the library list's CSV/JSON export (see publishing.exports)."""

from library.models import Report
from publishing.exports import ModelExport, linked, register, slug_of_published, sources_of


@register
class ReportExport(ModelExport):
    model = Report
    name = "library"
    columns = (
        "slug",
        "title",
        "kind",
        "partner",
        "country",
        "instruments",
        "language",
        "publication_date",
        "summary",
        "document_url",
        "url",
        "updated",
        "sources",
    )
    lookups = (
        "slug",
        "title",
        "kind",
        "partner__slug",
        "partner__status",
        "partner__region__country",
        "language",
        "publication_date",
        "summary",
        "document",
        "updated",
    )

    def related(self, records):
        return {
            "instruments": linked(Report.instruments, records, "code", ["position", "name"]),
            "sources": sources_of(Report.sources, records),
        }

    def values(self, row, related):
        return {
            "slug": row["slug"],
            "title": row["title"],
            "kind": row["kind"],
            "partner": slug_of_published(row, "partner"),
            # The country of the partner who wrote it (as the list's country filter reads it); none for the
            # partnership as a whole.
            "country": row["partner__region__country"] or None,
            "instruments": related["instruments"][row["pk"]],
            "language": row["language"] or None,
            "publication_date": row["publication_date"],
            "summary": row["summary"],
            "document_url": self.media_url(row["document"]),
            "url": self.record_url("library:report-detail", row["slug"]),
            "updated": row["updated"],
            "sources": related["sources"][row["pk"]],
        }
