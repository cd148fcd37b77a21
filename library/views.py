from django.db.models import F
from django.utils.translation import gettext_lazy as _

from library.filters import ReportFilterSet
from library.models import Report
from publishing.listing import FacetedListView
from publishing.views import PublishedDetailView


class ReportDetailView(PublishedDetailView):
    """A report, its partner and the partner's action plan (linked when published)."""

    model = Report


class ReportListView(FacetedListView):
    model = Report
    filterset_class = ReportFilterSet
    export_name = "library"
    items_label = (_("document"), _("documents"))
    sorts = {
        "newest": (_("Newest first"), [F("publication_date").desc(nulls_last=True), "title"]),
        "title": (_("Title"), ["title"]),
    }
