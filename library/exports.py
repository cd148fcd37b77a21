"""The columns of the library list's CSV/JSON export (see publishing.exports)."""

from django.db.models import Prefetch

from library.models import Report
from publishing.exports import ModelExport, register, slug_of_published


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
    )

    def prepare(self, queryset):
        # Into a list (to_attr), not the related managers: see practices.exports.GoodPracticeExport.prepare.
        return (
            queryset.select_related("partner__region")
            .prefetch_related(None)
            .prefetch_related(Prefetch("instruments", to_attr="exported_instruments"))
        )

    def values(self, report):
        return {
            "slug": report.slug,
            "title": report.title,
            "kind": report.kind,
            "partner": slug_of_published(report.partner),
            # The country of the partner who wrote it (as the list's country filter reads it); none for the
            # partnership as a whole.
            "country": report.partner.region.country.code if report.partner else None,
            "instruments": [instrument.code for instrument in report.exported_instruments],
            "language": report.language or None,
            "publication_date": report.publication_date,
            "summary": report.summary,
            "document_url": self.absolute_url(report.document.url if report.document else ""),
            "url": self.absolute_url(report.get_absolute_url()),
            "updated": report.updated,
        }
