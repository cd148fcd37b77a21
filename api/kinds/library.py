"""The API's library of reports."""

from django.db.models import Prefetch

from api.base import (
    API_URL,
    CODES,
    CREATED,
    PAGE,
    SLUG,
    SOURCES,
    UPDATED,
    Kind,
    iso,
    or_none,
    sources_prefetch,
)
from api.schema import date, nullable, ref, text, uri
from library.models import Report, ReportKind
from library.views import ReportListView


class Library(Kind):
    name = "library"
    model = Report
    schema_name = "Report"
    description = "A study, guideline or report of the open library."
    list_view = ReportListView
    properties = {
        "slug": SLUG,
        "title": text(),
        "kind": text(enum=ReportKind.values),
        "partner": nullable(ref("Link")),
        "instruments": CODES,
        "language": nullable(text("ISO 639-1 code of the document's language.")),
        "publication_date": nullable(date()),
        "summary": nullable(text()),
        "document_url": nullable(uri("The document (PDF).")),
        "url": PAGE,
        "api_url": API_URL,
        "sources": SOURCES,
        "created": CREATED,
        "updated": UPDATED,
    }

    def queryset(self):
        return (
            super()
            .queryset()
            .select_related("partner")
            .prefetch_related(Prefetch("instruments", to_attr="api_instruments"), sources_prefetch())
        )

    def represent(self, report, to):
        return {
            "slug": report.slug,
            "title": report.title,
            "kind": report.kind,
            "partner": to.link(report.partner, "partners"),
            "instruments": [instrument.code for instrument in report.api_instruments],
            "language": or_none(report.language),
            "publication_date": iso(report.publication_date),
            "summary": or_none(report.summary),
            "document_url": to.file(report.document),
            **self.common(report, to),
        }
